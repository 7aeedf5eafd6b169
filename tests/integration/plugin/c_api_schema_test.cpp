// The JSON of the C interface against its published schemas (schemas/cr-*.schema.json):
// real output of the library and of `committee-report … --json`, validated by Debian's
// python3-jsonschema in strict mode (every key the library emits must be documented).
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fstream>
#include <vector>

#include "committee_report/committee_report.hpp"
#include "scratch_directory.h"
#include "support/document_inspection.h"

namespace fs = std::filesystem;
using namespace committee_report;
using committee_report::tests::ScratchDirectory;

namespace {

const std::string kConfiguration =
    std::string(COMMITTEE_REPORT_BINARY_DIR) + "/committee-report.xml";
const std::string kChecker =
    std::string(COMMITTEE_REPORT_SOURCE_DIR) + "/tests/integration/plugin/check_json_schemas.py";
const std::string kSchemas = std::string(COMMITTEE_REPORT_SOURCE_DIR) + "/schemas";

std::string statusOf(const std::string& json) {
    Poco::JSON::Parser parser;
    return parser.parse(json).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("status");
}

// Documents to validate, each written to a file of its own.
class Documents {
  public:
    void add(const std::string& schema, const std::string& name, const std::string& json) {
        const auto file = dir_.path() / (name + ".json");
        std::ofstream(file) << json;
        arguments_ += " " + tests::shellQuote(schema + "=" + file.string());
    }
    tests::CommandResult check(bool strict = true) const {
        return tests::runShell("python3 " + tests::shellQuote(kChecker) + " " +
                               tests::shellQuote(kSchemas) + (strict ? " --strict" : "") +
                               arguments_ + " 2>&1");
    }

  private:
    ScratchDirectory dir_;
    std::string arguments_;
};

std::string cli(const std::string& configuration, const std::string& arguments) {
    return tests::runShell(tests::shellQuote(HOST_PATH) + " --config " +
                           tests::shellQuote(configuration) + " " + arguments + " 2>/dev/null")
        .output;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(c_api_schema_test)

BOOST_AUTO_TEST_CASE(what_the_library_returns_matches_the_published_schemas) {
    ScratchDirectory out;
    Documents documents;
    c_api::Plugin plugin(kConfiguration);
    documents.add("cr-actions", "actions", plugin.actionsJson());

    const std::string requests[] = {
        // ok
        R"({"action":"provutskrift","case":"2024SOCN33","user":"u123","roles":["administrator"],)"
        R"("parameters":{"datum":"2024-05-20"},"output":")" +
            (out.path() / "ok").string() + R"(","client":"schema-test"})",
        // invalid: a date that is no date
        R"({"action":"provutskrift","case":"2024SOCN33","user":"u123","roles":["administrator"],)"
        R"("parameters":{"datum":"19 juni"}})",
        // not-allowed: the role is missing
        R"({"action":"provutskrift","case":"2024SOCN33","user":"u123","roles":["handlaggare"]})",
        // cancelled (by the callback below)
        R"({"action":"provutskrift","case":"2024SOCN33","user":"u123","roles":["administrator"],)"
        R"("output":")" +
            (out.path() / "cancelled").string() + R"("})",
        // checks: the installation check (the build tree's registry need not run)
        R"({"action":"kontrollera-installation","user":"u123","roles":["administrator"],)"
        R"("meeting":null})",
    };
    const char* expected[] = {"ok", "invalid", "not-allowed", "cancelled", nullptr};
    std::string checksResult;
    for (std::size_t i = 0; i < std::size(requests); ++i) {
        documents.add("cr-request", "request-" + std::to_string(i), requests[i]);
        const bool cancel = expected[i] && std::string(expected[i]) == "cancelled";
        const auto outcome =
            plugin.run(requests[i], [&](const char*, double, const char*) { return cancel; });
        if (expected[i])
            BOOST_TEST(statusOf(outcome.resultJson) == expected[i], outcome.resultJson);
        documents.add("cr-result", "result-" + std::to_string(i), outcome.resultJson);
        checksResult = outcome.resultJson;
    }
    // The installation check's result has checks in it, so their shape is validated too.
    {
        Poco::JSON::Parser parser;
        const auto checks =
            parser.parse(checksResult).extract<Poco::JSON::Object::Ptr>()->getArray("checks");
        BOOST_TEST((checks && checks->size() > 0u), checksResult);
    }

    // Bad input: still a result of the documented shape.
    char* result = nullptr;
    BOOST_TEST(cr_run_json(plugin.handle(), "{", nullptr, nullptr, &result) == CR_INVALID);
    documents.add("cr-result", "result-malformed", result);
    cr_free(result);

    // cr_open's errors: an unusable configuration and a call without a place for the handle.
    ScratchDirectory dir;
    std::ofstream(dir.path() / "broken.xml") << "<configuration>\n  <x/>\n";
    cr_plugin* handle = nullptr;
    char* error = nullptr;
    BOOST_TEST(cr_open((dir.path() / "broken.xml").c_str(), &handle, &error) == CR_INVALID);
    BOOST_REQUIRE(error);
    documents.add("cr-error", "open-broken", error);
    cr_free(error);
    BOOST_TEST(cr_open(kConfiguration.c_str(), nullptr, &error) == CR_INVALID);
    BOOST_REQUIRE(error);
    documents.add("cr-error", "open-null", error);
    cr_free(error);

    const auto checked = documents.check();
    BOOST_TEST(checked.exitCode == 0, checked.output);
    BOOST_TEST(checked.output.find("ok   cr-result result-3.json") != std::string::npos,
               checked.output);
}

BOOST_AUTO_TEST_CASE(what_the_command_line_prints_with_json_matches_the_schemas) {
    ScratchDirectory out, dir;
    Documents documents;
    const auto ok = cli(kConfiguration,
                        "run provutskrift --json --case 2024SOCN33 --param "
                        "datum=2024-05-20 --out " +
                            tests::shellQuote(out.path().string()));
    BOOST_TEST(statusOf(ok) == "ok", ok);
    documents.add("cr-result", "cli-ok", ok);
    const auto invalid =
        cli(kConfiguration, "run provutskrift --json --case 2024SOCN33 --param datum=igår");
    BOOST_TEST(statusOf(invalid) == "invalid", invalid);
    documents.add("cr-result", "cli-invalid", invalid);
    const auto unknown = cli(kConfiguration, "run finns-inte --json --case 2024SOCN33");
    BOOST_TEST(statusOf(unknown) == "invalid", unknown);
    documents.add("cr-result", "cli-unknown-action", unknown);
    documents.add("cr-actions", "cli-actions", cli(kConfiguration, "actions --json"));
    std::ofstream(dir.path() / "broken.xml") << "<configuration>\n  <x/>\n";
    const auto broken = cli((dir.path() / "broken.xml").string(), "actions --json");
    BOOST_TEST(statusOf(broken) == "invalid", broken);
    documents.add("cr-error", "cli-open-broken", broken);

    const auto checked = documents.check();
    BOOST_TEST(checked.exitCode == 0, checked.output);
}

BOOST_AUTO_TEST_CASE(the_schemas_refuse_what_the_interface_does_not_promise) {
    Documents documents;
    documents.add("cr-result", "unknown-status",
                  R"({"status":"done","message":"","logDetail":"","files":[],"createdIds":[],)"
                  R"("warnings":[],"checks":[]})");
    documents.add("cr-result", "no-files",
                  R"({"status":"ok","message":"","logDetail":"","createdIds":[],"warnings":[],)"
                  R"("checks":[]})");
    documents.add("cr-request", "unknown-key", R"({"action":"a","user":"u","colour":"blue"})");
    documents.add("cr-request", "number-parameter",
                  R"({"action":"a","user":"u","parameters":{"datum":20240520}})");
    documents.add("cr-error", "no-message", R"({"status":"invalid","logDetail":""})");
    auto checked = documents.check(false);
    BOOST_TEST(checked.exitCode == 1, checked.output);
    BOOST_TEST(checked.output.find("ok ") == std::string::npos, checked.output);

    // New keys are allowed for hosts (ignore what you do not know), but strict mode — what
    // the tests use on real output — refuses a key the schema does not document.
    Documents extra;
    extra.add("cr-result", "extra-key",
              R"({"status":"ok","message":"","logDetail":"","files":[],"createdIds":[],)"
              R"("warnings":[],"checks":[],"elapsed":3})");
    BOOST_TEST(extra.check(false).exitCode == 0);
    checked = extra.check(true);
    BOOST_TEST(checked.exitCode == 1, checked.output);
    BOOST_TEST(checked.output.find("elapsed") != std::string::npos, checked.output);
}

BOOST_AUTO_TEST_SUITE_END()
