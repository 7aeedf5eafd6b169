// An installation for one test: the reference registry with its seed data,
// a configuration pointing at it, and the real plugin loaded as a DMS loads it.
#pragma once

#include <fstream>
#include <memory>
#include <string>

#include "fakes/reference_registry_process.h"
#include "plugin_loader.h"
#include "scratch_directory.h"
#include "support/document_inspection.h"

namespace committee_report::tests {

namespace api = committee_report::plugin_api;

struct SilentProgress final : api::ProgressListener {
    void onProgress(std::string_view, double, std::string_view) noexcept override {}
    bool cancelRequested() const noexcept override { return false; }
};

class WorkflowFixture {
  public:
    WorkflowFixture() {
        const auto settings = registry.settings(ReferenceRegistryProcess::kWriteToken);
        configuration = scratch.path() / "committee-report.xml";
        std::ofstream(configuration)
            << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            << "<configuration xmlns=\"urn:x-committee-report:configuration:1\">\n"
            << "  <plugin>" << PLUGIN_PATH << "</plugin>\n"
            << "  <templates>" << COMMITTEE_REPORT_SOURCE_DIR << "/templates</templates>\n"
            << "  <output>" << (scratch.path() / "out").string() << "</output>\n"
            << "  <log file=\"" << (scratch.path() / "log/committee-report.log").string()
            << "\"/>\n"
            << "  <office><work-directory>" << COMMITTEE_REPORT_BINARY_DIR
            << "/office-tests</work-directory><processes>1</processes></office>\n"
            << "  <registry><base-url>" << registry.baseUrl() << "</base-url><token-file>"
            << settings.tokenFile->string() << "</token-file></registry>\n"
            << "</configuration>\n";
        plugin = std::make_unique<cli::LoadedPlugin>(PLUGIN_PATH);
    }

    api::RunResult run(const std::string& action,
                       std::map<std::string, std::string> parameters = {},
                       std::vector<std::string> roles = {"handlaggare", "sekreterare"}) {
        SilentProgress progress;
        return run(action, std::move(parameters), progress, std::move(roles));
    }

    api::RunResult run(const std::string& action, std::map<std::string, std::string> parameters,
                       api::ProgressListener& progress,
                       std::vector<std::string> roles = {"handlaggare", "sekreterare"}) {
        api::RunContext context;
        context.configurationFile = configuration.string();
        context.userId = "u-4711";
        context.userRoles = std::move(roles);
        context.caseDnr = "2024SOCN33";
        context.parameters = std::move(parameters);
        context.outputDirectory = (scratch.path() / "out").string();
        const auto* loaded = plugin->find(action);
        if (!loaded) throw std::runtime_error("no action " + action);
        return loaded->action->run(context, progress);
    }

    // The official edits the draft in the DMS and checks it back in.
    int edit(const std::string& flags = "") {
        return runShell(shellQuote(EDIT_TOOL_PATH) + " --config " +
                        shellQuote(configuration.string()) + " --case 2024SOCN33 " + flags +
                        " >/dev/null 2>&1")
            .exitCode;
    }

    std::int64_t count(const std::string& sql) { return registry.queryNumber(sql); }

    ScratchDirectory scratch;
    ReferenceRegistryProcess registry;
    std::filesystem::path configuration;
    std::unique_ptr<cli::LoadedPlugin> plugin;
};

inline std::string describe(const api::RunResult& result) {
    std::string text = result.message + " | " + result.logDetail;
    for (const auto& warning : result.warnings) text += " | " + warning;
    return text;
}

}  // namespace committee_report::tests
