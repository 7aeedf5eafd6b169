// The real plugin, built as a shared library, loaded through Poco's
// ClassLoader exactly as a DMS does.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <fstream>

#include "plugin_loader.h"
#include "scratch_directory.h"
#include "support/document_inspection.h"

namespace fs = std::filesystem;
using namespace committee_report;
namespace api = committee_report::plugin_api;
using committee_report::tests::ScratchDirectory;

namespace {

struct RecordingProgress final : api::ProgressListener {
    void onProgress(std::string_view stage, double fraction,
                    std::string_view message) noexcept override {
        stages.emplace_back(stage);
        fractions.push_back(fraction);
    }
    bool cancelRequested() const noexcept override { return cancel; }
    std::vector<std::string> stages;
    std::vector<double> fractions;
    bool cancel = false;
};

api::RunContext contextFor(const std::string& dnr) {
    api::RunContext context;
    context.configurationFile = std::string(COMMITTEE_REPORT_BINARY_DIR) + "/committee-report.xml";
    context.userId = "u123";
    context.userRoles = {"administrator"};
    context.caseDnr = dnr;
    return context;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plugin_loader_test)

BOOST_AUTO_TEST_CASE(lists_the_actions_with_swedish_labels) {
    cli::LoadedPlugin plugin(PLUGIN_PATH);
    const auto* sample = plugin.find("provutskrift");
    BOOST_REQUIRE(sample);
    BOOST_TEST(sample->descriptor.label == "Provutskrift av mall");
    BOOST_TEST((sample->descriptor.menu == api::Menu::Case));
    const auto* check = plugin.find("kontrollera-installation");
    BOOST_REQUIRE(check);
    BOOST_TEST(check->descriptor.label == "Kontrollera installationen");
    BOOST_TEST((check->descriptor.menu == api::Menu::Administration));
}

BOOST_AUTO_TEST_CASE(a_plugin_built_for_another_interface_version_is_refused_with_a_clear_message) {
    BOOST_CHECK_EXCEPTION(cli::LoadedPlugin plugin(WRONG_VERSION_PLUGIN_PATH), cli::PluginLoadError,
                          [](const cli::PluginLoadError& error) {
                              BOOST_TEST_MESSAGE(error.what());
                              return contains(error.what(), "gränssnittsversion 99") &&
                                     contains(error.what(), "kräver version 1");
                          });
}

BOOST_AUTO_TEST_CASE(a_library_that_is_not_a_plugin_and_a_missing_file_are_refused) {
    BOOST_CHECK_EXCEPTION(cli::LoadedPlugin plugin(NOT_A_PLUGIN_PATH), cli::PluginLoadError,
                          [](const cli::PluginLoadError& error) {
                              return contains(error.what(), "är inte ett committee-report-tillägg");
                          });
    BOOST_CHECK_EXCEPTION(
        cli::LoadedPlugin plugin("/nonexistent/plugin.so"), cli::PluginLoadError,
        [](const cli::PluginLoadError& error) { return contains(error.what(), "finns inte"); });
}

BOOST_AUTO_TEST_CASE(errors_come_back_as_statuses_not_exceptions) {
    cli::LoadedPlugin plugin(PLUGIN_PATH);
    const auto* sample = plugin.find("provutskrift");
    RecordingProgress progress;

    auto noRole = contextFor("2024SOCN33");
    noRole.userRoles = {"handlaggare"};
    auto result = sample->action->run(noRole, progress);
    BOOST_TEST((result.status == api::Status::NotAllowed));
    BOOST_TEST(contains(result.message, "behörigheten \"administrator\""), result.message);

    auto badDate = contextFor("2024SOCN33");
    badDate.parameters["datum"] = "19 juni";
    result = sample->action->run(badDate, progress);
    BOOST_TEST((result.status == api::Status::InvalidInput));
    BOOST_TEST(contains(result.message, "ÅÅÅÅ-MM-DD"), result.message);

    auto unknownParameter = contextFor("2024SOCN33");
    unknownParameter.parameters["färg"] = "blå";
    result = sample->action->run(unknownParameter, progress);
    BOOST_TEST((result.status == api::Status::InvalidInput));
    BOOST_TEST(contains(result.message, "Giltiga parametrar: datum"), result.message);

    auto badDnr = contextFor("2024SOCN33'; drop");
    result = sample->action->run(badDnr, progress);
    BOOST_TEST((result.status == api::Status::InvalidInput));

    ScratchDirectory dir;
    std::ofstream(dir.path() / "broken.xml") << "<configuration>";
    auto badConfiguration = contextFor("2024SOCN33");
    badConfiguration.configurationFile = (dir.path() / "broken.xml").string();
    result = sample->action->run(badConfiguration, progress);
    BOOST_TEST((result.status == api::Status::Failed));
    BOOST_TEST(contains(result.message, "Konfigurationen kan inte användas"), result.message);
    BOOST_TEST(contains(result.logDetail, "broken.xml"));
}

BOOST_AUTO_TEST_CASE(runs_the_sample_action_and_reports_progress) {
    ScratchDirectory out;
    {
        cli::LoadedPlugin plugin(PLUGIN_PATH);
        RecordingProgress progress;
        auto context = contextFor("2024SOCN33");
        context.outputDirectory = out.path().string();
        context.parameters["datum"] = "2024-05-20";
        const auto result = plugin.find("provutskrift")->action->run(context, progress);
        BOOST_REQUIRE_MESSAGE(result.status == api::Status::Ok,
                              result.message + " / " + result.logDetail);
        BOOST_REQUIRE_EQUAL(result.files.size(), 2u);
        BOOST_TEST(result.files[1] == (out.path() / "2024SOCN33-provutskrift.pdf").string());
        const auto text = tests::pdfText(result.files[1]);
        BOOST_TEST(contains(text, "Diarienummer: 2024SOCN33. Datum: 2024-05-20."), text);
        BOOST_TEST(progress.stages.back() == "klar");
        BOOST_TEST(progress.fractions.back() == 1.0);
        BOOST_TEST(!tests::officeChildrenOf(getpid()).empty(),
                   "the action started no office process of ours");
    }  // unloading the plugin stops its office process
    const auto left = tests::officeChildrenOf(getpid());
    BOOST_TEST(left.empty(), left.size() << " office process(es) outlived the plugin");
}

BOOST_AUTO_TEST_SUITE_END()
