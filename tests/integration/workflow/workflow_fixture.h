// An installation for one test: the reference registry with its seed data,
// a configuration pointing at it, and the real plugin library opened through
// its C interface, as every host opens it.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fstream>
#include <memory>
#include <string>

#include "committee_report/committee_report.hpp"
#include "entry/action_api.h"
#include "fakes/reference_registry_process.h"
#include "scratch_directory.h"
#include "support/document_inspection.h"
#include "support/test_configuration.h"

namespace committee_report::tests {

namespace api = committee_report::plugin_api;

struct SilentProgress final : api::ProgressListener {
    void onProgress(std::string_view, double, std::string_view) noexcept override {}
    bool cancelRequested() const noexcept override { return false; }
};

// Which municipality a fixture installs: the registry's seed profile, the initiative the
// actions run on, and the administrator's <site> (empty: the report definition's).
struct WorkflowInstallation {
    std::string profile = "default";
    std::string caseNumber = "2024SOCN33";
    std::string site;  // inner XML of <site>
    // The registry lists in descending insertion order instead of a shuffled one, so that
    // taking "the last one listed" for the newest fails every run (issue 15).
    bool reverseLists = false;
};

class WorkflowFixture {
  public:
    WorkflowFixture() : WorkflowFixture(WorkflowInstallation{}) {}

    explicit WorkflowFixture(WorkflowInstallation installation)
        : caseNumber(installation.caseNumber), registry(registryOptions(installation)) {
        const auto settings = registry.settings(ReferenceRegistryProcess::kWriteToken);
        configuration = writeTestConfiguration({.folder = scratch.path(),
                                                .site = installation.site,
                                                .registryBaseUrl = registry.baseUrl(),
                                                .registryTokenFile = *settings.tokenFile});
        plugin = std::make_unique<c_api::Plugin>(configuration.string());
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
        Poco::JSON::Object request;
        request.set("action", action);
        request.set("user", "u-4711");
        request.set("client", "workflow-test");
        Poco::JSON::Array roleList;
        for (const auto& role : roles) roleList.add(role);
        request.set("roles", roleList);
        request.set("case", caseNumber);
        Poco::JSON::Object parameterObject;
        for (const auto& [key, value] : parameters) parameterObject.set(key, value);
        request.set("parameters", parameterObject);
        request.set("output", (scratch.path() / "out").string());
        std::ostringstream text;
        request.stringify(text);
        const auto outcome =
            plugin->run(text.str(), [&](const char* stage, double fraction, const char* message) {
                progress.onProgress(stage, fraction, message);
                return progress.cancelRequested();
            });
        return resultOf(outcome.resultJson);
    }

    // The C interface's result JSON as the actions' result type, for readable assertions.
    static api::RunResult resultOf(const std::string& json) {
        static const std::map<std::string, api::Status> statuses = {
            {"ok", api::Status::Ok},
            {"invalid", api::Status::InvalidInput},
            {"not-allowed", api::Status::NotAllowed},
            {"refused", api::Status::Refused},
            {"unavailable", api::Status::Unavailable},
            {"failed", api::Status::Failed},
            {"cancelled", api::Status::Cancelled}};
        Poco::JSON::Parser parser;
        const auto object = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
        api::RunResult result;
        result.status = statuses.at(object->getValue<std::string>("status"));
        result.message = object->getValue<std::string>("message");
        result.logDetail = object->getValue<std::string>("logDetail");
        const auto list = [&](const char* key) {
            std::vector<std::string> values;
            const auto array = object->getArray(key);
            for (unsigned i = 0; array && i < array->size(); ++i)
                values.push_back(array->getElement<std::string>(i));
            return values;
        };
        result.files = list("files");
        result.createdIds = list("createdIds");
        result.warnings = list("warnings");
        return result;
    }

    // The official edits the draft in the DMS and checks it back in.
    int edit(const std::string& flags = "") {
        return runShell(shellQuote(EDIT_TOOL_PATH) + " --config " +
                        shellQuote(configuration.string()) + " --case " + caseNumber + " " + flags +
                        " >/dev/null 2>&1")
            .exitCode;
    }

    std::int64_t count(const std::string& sql) { return registry.queryNumber(sql); }

    static ReferenceRegistryProcess::Options registryOptions(
        const WorkflowInstallation& installation) {
        ReferenceRegistryProcess::Options options;
        options.profile = installation.profile;
        options.reverseLists = installation.reverseLists;
        return options;
    }

    std::string caseNumber;
    ScratchDirectory scratch;
    ReferenceRegistryProcess registry;
    std::filesystem::path configuration;
    std::unique_ptr<c_api::Plugin> plugin;
};

inline std::string describe(const api::RunResult& result) {
    std::string text = result.message + " | " + result.logDetail;
    for (const auto& warning : result.warnings) text += " | " + warning;
    return text;
}

}  // namespace committee_report::tests
