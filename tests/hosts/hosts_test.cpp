// Hosts in C, Python (ctypes) and Java (JNA) run the report action through
// libcommittee-report.so.1 against the reference registry, as a DMS in that
// language would: with a progress callback to the end, and with a cancel from the
// callback while the cases are fetched. What is checked is what a user sees: the
// host's exit code, the result JSON, the progress it showed, the registry's records.
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "fakes/reference_registry_process.h"
#include "scratch_directory.h"
#include "support/document_inspection.h"
#include "support/test_configuration.h"

namespace fs = std::filesystem;
using namespace committee_report;
using committee_report::tests::ReferenceRegistryProcess;
using committee_report::tests::ScratchDirectory;
using committee_report::tests::shellQuote;
using committee_report::tests::writeTestConfiguration;

namespace {

const std::string kOurEntries =
    "SELECT COUNT(*) FROM handling WHERE extern_referens LIKE 'committee-report:2024SOCN33:%'";
const std::string kOurDocuments =
    "SELECT COUNT(*) FROM dokument d JOIN handling h ON h.id = d.handling_id "
    "WHERE h.extern_referens LIKE 'committee-report:2024SOCN33:%'";

// A fresh registry and a configuration pointing at it, for one host's run.
struct Installation {
    Installation() {
        const auto settings = registry.settings(ReferenceRegistryProcess::kWriteToken);
        configuration = writeTestConfiguration({.folder = scratch.path(),
                                                .registryBaseUrl = registry.baseUrl(),
                                                .registryTokenFile = *settings.tokenFile});
    }

    std::string request(const std::string& client) const {
        return R"({"action":"skapa-tjansteskrivelse","case":"2024SOCN33","user":"u-4711",)"
               R"("roles":["handlaggare","sekreterare"],"parameters":{"datum":"2024-05-20"},)"
               R"("output":")" +
               (scratch.path() / "out").string() + R"(","client":")" + client + "\"}";
    }

    std::int64_t count(const std::string& sql) const { return registry.queryNumber(sql); }

    ScratchDirectory scratch;
    ReferenceRegistryProcess registry;
    fs::path configuration;
};

// What a host printed: its progress lines, its result and its exit code.
struct HostRun {
    int exitCode = -1;
    std::string output;
    std::vector<std::string> progress;  // "stage fraction", in the order shown
    Poco::JSON::Object::Ptr result;

    [[nodiscard]] std::string status() const {
        return result ? result->getValue<std::string>("status") : "(no result)";
    }
};

HostRun runHost(const std::string& command, const fs::path& errors) {
    HostRun run;
    const auto shell = tests::runShell(command + " 2>" + shellQuote(errors.string()));
    run.exitCode = shell.exitCode;
    std::ifstream err(errors);
    run.output = shell.output + "--- stderr:\n" +
                 std::string(std::istreambuf_iterator<char>(err), {}).substr(0, 4000);
    std::istringstream lines(shell.output);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("progress ", 0) == 0) {
            std::istringstream words(line.substr(9));
            std::string stage, fraction;
            words >> stage >> fraction;
            run.progress.push_back(stage + " " + fraction);
        } else if (line.rfind("result ", 0) == 0) {
            try {
                Poco::JSON::Parser parser;
                run.result = parser.parse(line.substr(7)).extract<Poco::JSON::Object::Ptr>();
            } catch (const Poco::Exception&) {
            }
        }
    }
    return run;
}

using Command = std::function<std::string(const Installation&, const std::string& request,
                                          const std::string& cancelAt)>;

void createsTheDraftWithProgressToTheEnd(const Command& host, const std::string& client) {
    Installation installation;
    const auto run = runHost(host(installation, installation.request(client), ""),
                             installation.scratch.path() / "stderr");
    BOOST_TEST(run.exitCode == 0, run.output);
    BOOST_TEST(run.status() == "ok", run.output);
    BOOST_REQUIRE_MESSAGE(!run.progress.empty(), run.output);
    BOOST_TEST((std::find_if(run.progress.begin(), run.progress.end(),
                             [](const auto& step) {
                                 return step.rfind("hamtar-underlag ", 0) == 0;
                             }) != run.progress.end()),
               run.output);
    BOOST_TEST(run.progress.back() == "klar 1.00", run.output);
    double last = 0;
    for (const auto& step : run.progress) {
        const double fraction = std::stod(step.substr(step.find(' ') + 1));
        BOOST_TEST(fraction >= last, "progress went back: " << step);
        last = fraction;
    }
    BOOST_TEST(installation.count(kOurEntries) == 1);
    BOOST_TEST(installation.count(kOurDocuments) == 2);
    BOOST_REQUIRE(run.result);
    const auto files = run.result->getArray("files");
    BOOST_REQUIRE(files);
    BOOST_REQUIRE(files->size() >= 2u);
    BOOST_TEST(fs::path(files->getElement<std::string>(0)).filename() ==
               "2024SOCN33-tjansteskrivelse.odt");
    BOOST_TEST(fs::exists(files->getElement<std::string>(1)));
}

void aCancelFromTheCallbackStopsTheRunAndWritesNothing(const Command& host,
                                                       const std::string& client) {
    Installation installation;
    const auto run = runHost(host(installation, installation.request(client), "hamtar-underlag"),
                             installation.scratch.path() / "stderr");
    BOOST_TEST(run.exitCode == 130, run.output);
    BOOST_TEST(run.status() == "cancelled", run.output);
    BOOST_TEST((run.result &&
                run.result->getValue<std::string>("message").find("avbröts") != std::string::npos),
               run.output);
    BOOST_REQUIRE_MESSAGE(!run.progress.empty(), run.output);
    BOOST_TEST(run.progress.back().rfind("hamtar-underlag ", 0) == 0, run.output);
    BOOST_TEST(installation.count(kOurEntries) == 0);
    const auto out = installation.scratch.path() / "out";
    BOOST_TEST((!fs::exists(out) || fs::is_empty(out)), "a cancelled run wrote files");
}

std::string cHost(const Installation& installation, const std::string& request,
                  const std::string& cancelAt) {
    return shellQuote(C_HOST_PATH) + " " + shellQuote(installation.configuration.string()) + " " +
           shellQuote(request) + (cancelAt.empty() ? "" : " " + shellQuote(cancelAt));
}

std::string pythonHost(const Installation& installation, const std::string& request,
                       const std::string& cancelAt) {
    return "python3 " + shellQuote(std::string(HOSTS_SOURCE_DIR) + "/python_host.py") + " " +
           shellQuote(PLUGIN_LIBRARY_PATH) + " " + shellQuote(installation.configuration.string()) +
           " " + shellQuote(request) + (cancelAt.empty() ? "" : " " + shellQuote(cancelAt));
}

const std::string kJna = "/usr/share/java/jna.jar";

// Compiles JavaHost.java (javac, warnings are errors) into a folder of the installation.
std::string javaHost(const Installation& installation, const std::string& request,
                     const std::string& cancelAt) {
    const auto classes = installation.scratch.path() / "java";
    fs::create_directories(classes);
    const auto compiled =
        tests::runShell("javac -Xlint:all -Werror -encoding UTF-8 -cp " + shellQuote(kJna) +
                        " -d " + shellQuote(classes.string()) + " " +
                        shellQuote(std::string(HOSTS_SOURCE_DIR) + "/JavaHost.java") + " 2>&1");
    BOOST_REQUIRE_MESSAGE(compiled.exitCode == 0, "javac: " << compiled.output);
    return "java -cp " + shellQuote(classes.string() + ":" + kJna) + " JavaHost " +
           shellQuote(PLUGIN_LIBRARY_PATH) + " " + shellQuote(installation.configuration.string()) +
           " " + shellQuote(request) + (cancelAt.empty() ? "" : " " + shellQuote(cancelAt));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hosts_test)

BOOST_AUTO_TEST_CASE(a_c_host_creates_the_draft) {
    createsTheDraftWithProgressToTheEnd(cHost, "c-host");
}

BOOST_AUTO_TEST_CASE(a_c_host_cancels_from_its_callback) {
    aCancelFromTheCallbackStopsTheRunAndWritesNothing(cHost, "c-host");
}

BOOST_AUTO_TEST_CASE(a_python_ctypes_host_creates_the_draft) {
    createsTheDraftWithProgressToTheEnd(pythonHost, "python-host");
}

BOOST_AUTO_TEST_CASE(a_python_ctypes_host_cancels_from_its_callback) {
    aCancelFromTheCallbackStopsTheRunAndWritesNothing(pythonHost, "python-host");
}

BOOST_AUTO_TEST_CASE(a_java_jna_host_creates_the_draft) {
    createsTheDraftWithProgressToTheEnd(javaHost, "java-host");
}

BOOST_AUTO_TEST_CASE(a_java_jna_host_cancels_from_its_callback) {
    aCancelFromTheCallbackStopsTheRunAndWritesNothing(javaHost, "java-host");
}

BOOST_AUTO_TEST_SUITE_END()
