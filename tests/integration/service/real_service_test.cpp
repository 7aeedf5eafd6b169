// The service as it runs in production: `committee-report serve` as its own process,
// the real plugin library (LibreOffice, templates) behind it and the reference registry
// as the registry. What a DMS sees: a run through API v1 from POST to the PDF/A-2 file,
// the entry in the registry, the audit line naming the DMS client and the user; cancel;
// SIGTERM with a run in flight; SIGHUP with runs in flight.
#include <boost/test/unit_test.hpp>
#include <set>

#include "service_process.h"

using namespace committee_report;
using tests::ServiceProcess;
using tests::ServiceProcessOptions;
namespace fs = std::filesystem;

namespace {

const std::string kCreate =
    R"({"action":"skapa-tjansteskrivelse","case":"2024SOCN33","user":"u-4711","roles":["handlaggare","sekreterare"],"parameters":{"from":"2022-01-01","to":"2024-04-30","datum":"2024-05-20"}})";
const std::string kOurEntry =
    "SELECT COUNT(*) FROM handling WHERE extern_referens = "
    "'committee-report:2024SOCN33:hot-och-desinformation:1'";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string describe(const Poco::JSON::Object::Ptr& run) {
    std::ostringstream text;
    run->stringify(text);
    return text.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(real_service_test)

BOOST_AUTO_TEST_CASE(a_dms_run_ends_with_a_pdfa_in_the_registry_and_both_names_in_the_audit_log) {
    ServiceProcess service;
    BOOST_TEST(service.baseUrl.rfind("http://127.0.0.1:", 0) == 0);
    const auto actions = service.request("GET", "/api/v1/actions");
    BOOST_TEST(actions.status == 200);
    BOOST_TEST(contains(actions.body, "Skapa tjänsteskrivelse"));

    const auto posted = service.request("POST", "/api/v1/runs", kCreate);
    BOOST_TEST_REQUIRE(posted.status == 202, posted.body);
    const auto location = posted.headers.at("Location");
    const auto id = posted.json()->getValue<std::string>("id");

    // Server-sent events from the start to the end of the run.
    const auto events = service.request("GET", location + "/events");
    BOOST_TEST(events.status == 200);
    BOOST_TEST(events.headers.at("Content-Type").find("text/event-stream") == 0);
    BOOST_TEST(contains(events.body, "event: progress\ndata: {"));
    BOOST_TEST(contains(events.body, "event: end\ndata: {"));
    BOOST_TEST(contains(events.body, "\"state\":\"ok\""), events.body);
    // The end comes last.
    BOOST_TEST(events.body.rfind("event: progress") < events.body.find("event: end"));

    const auto run = service.waitForEnd(location);
    BOOST_TEST_REQUIRE(run->getValue<std::string>("state") == "ok", describe(run));
    const auto files = run->getObject("result")->getArray("files");
    std::string pdfName;
    for (unsigned i = 0; i < files->size(); ++i) {
        const auto name = files->getObject(i)->getValue<std::string>("name");
        if (name.size() > 4 && name.substr(name.size() - 4) == ".pdf") pdfName = name;
    }
    BOOST_TEST_REQUIRE(pdfName == "2024SOCN33-tjansteskrivelse.pdf");

    const auto pdf = service.request("GET", "/api/v1/runs/" + id + "/files/" + pdfName);
    BOOST_TEST_REQUIRE(pdf.status == 200);
    BOOST_TEST(pdf.headers.at("Content-Type") == "application/pdf");
    const auto saved = service.scratch.path() / "downloaded.pdf";
    std::ofstream(saved, std::ios::binary) << pdf.body;
    BOOST_TEST(contains(tests::pdfMetadata(saved), "<pdfaid:part>2</pdfaid:part>"));
    BOOST_TEST(contains(tests::pdfText(saved), "Förslag till beslut"));

    // The registry holds the entry and exactly the bytes the DMS downloaded; the result names
    // that entry (no <entry-link> configured here: its id, no url).
    BOOST_TEST(service.registry->queryNumber(kOurEntry + " AND status_kode = 'UTKAST'") == 1);
    const auto entry = run->getObject("result")->getObject("entry");
    BOOST_TEST_REQUIRE(entry, describe(run));
    BOOST_TEST(service.registry->queryNumber(kOurEntry + " AND id = ?",
                                             {entry->getValue<std::string>("id")}) == 1);
    BOOST_TEST(!entry->has("url"));
    const auto sha =
        tests::runCommand("sha256sum " + tests::shellQuote(saved.string())).substr(0, 64);
    BOOST_TEST(service.registry->queryNumber("SELECT COUNT(*) FROM dokument WHERE checksumma = ?",
                                             {sha}) == 1);

    // Another DMS client does not see this run; a file name cannot leave the run's folder.
    BOOST_TEST(service.request("GET", location, "", {}, "other-client-token-987654321").status ==
               404);
    BOOST_TEST(service.request("GET", location + "/files/../../etc/passwd").status == 404);
    const auto metrics = service.request("GET", "/metrics").body;
    BOOST_TEST(contains(
        metrics, "committee_report_runs{action=\"skapa-tjansteskrivelse\",state=\"ok\"} 1"));
    BOOST_TEST(contains(metrics, "committee_report_run_duration_seconds_count"));
    BOOST_TEST(contains(metrics, "committee_report_queue_length 0"));

    // The audit line names the DMS client (from its token) and the user it asserted.
    const auto audit = service.auditLog();
    BOOST_TEST(contains(audit, "\"client\":\"dms\""), audit);
    BOOST_TEST(contains(audit, "\"user\":\"u-4711\""), audit);
    BOOST_TEST(contains(audit, "\"action\":\"skapa-tjansteskrivelse\""), audit);
    BOOST_TEST(contains(audit, sha), "the audit line hashes the uploaded PDF");
    // The client token itself is never logged.
    BOOST_TEST(!contains(service.log(), tests::kToken));
    BOOST_TEST(!contains(audit, tests::kToken));
}

BOOST_AUTO_TEST_CASE(a_cancelled_run_writes_nothing_to_the_registry) {
    ServiceProcess service;
    const auto entriesBefore = service.registry->queryNumber("SELECT COUNT(*) FROM handling");
    const auto posted = service.request("POST", "/api/v1/runs", kCreate);
    BOOST_TEST_REQUIRE(posted.status == 202);
    const auto location = posted.headers.at("Location");
    const auto running = service.waitFor(location, {"running"});
    BOOST_TEST_REQUIRE(running->getValue<std::string>("state") == "running", describe(running));

    BOOST_TEST(service.request("DELETE", location).status == 202);
    const auto run = service.waitForEnd(location);
    BOOST_TEST(run->getValue<std::string>("state") == "cancelled", describe(run));
    BOOST_TEST(service.registry->queryNumber(kOurEntry) == 0);
    BOOST_TEST(service.registry->queryNumber("SELECT COUNT(*) FROM handling") == entriesBefore);
    BOOST_TEST(service.request("DELETE", location).errorCode() == "korning-avslutad");

    // The service goes on: the next run is not held up by the cancelled one.
    const auto next = service.request("POST", "/api/v1/runs", kCreate);
    BOOST_TEST_REQUIRE(next.status == 202);
    const auto done = service.waitForEnd(next.headers.at("Location"));
    BOOST_TEST(done->getValue<std::string>("state") == "ok", describe(done));
    BOOST_TEST(service.registry->queryNumber(kOurEntry) == 1);
}

BOOST_AUTO_TEST_CASE(sigterm_with_a_run_in_flight_ends_within_its_bound_and_leaves_no_office) {
    ServiceProcessOptions options;
    options.shutdownSeconds = 2;
    ServiceProcess service(options);
    const auto posted = service.request("POST", "/api/v1/runs", kCreate);
    BOOST_TEST_REQUIRE(posted.status == 202);
    const auto location = posted.headers.at("Location");
    BOOST_TEST_REQUIRE(service.waitFor(location, {"running"})->getValue<std::string>("state") ==
                       "running");
    // Wait for the run's office process to be up: that is what must not be left behind.
    std::vector<int> offices;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (offices.empty() && std::chrono::steady_clock::now() < deadline) {
        offices = tests::officeChildrenOf(service.pid);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    BOOST_TEST_REQUIRE(!offices.empty(), "the run never started an office process");
    const auto pid = service.pid;

    // Bound: the configured grace, then cancel and office shutdown; 20 s is ample for those.
    const auto started = std::chrono::steady_clock::now();
    const auto status = service.signalAndWait(SIGTERM, std::chrono::seconds(2 + 20));
    const auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
    BOOST_TEST_REQUIRE(status.has_value(), "still running 22 s after SIGTERM");
    BOOST_TEST(*status == 0);
    BOOST_TEST_MESSAGE("SIGTERM to exit: " << took.count() << " s");
    for (const int office : offices) BOOST_TEST(!tests::processAlive(office), office);
    BOOST_TEST(tests::officeChildrenOf(pid).empty());
    // Whatever the run reached (an entry may be registered before its documents are), the
    // official's retry after the restart completes it: one entry, with its documents.
    service.start();
    const auto retried = service.request("POST", "/api/v1/runs", kCreate);
    BOOST_TEST_REQUIRE(retried.status == 202);
    const auto run = service.waitForEnd(retried.headers.at("Location"));
    // The run may have finished within the grace period: then the retry finds the draft.
    const auto state = run->getValue<std::string>("state");
    BOOST_TEST((state == "ok" || (state == "refused" && describe(run).find("Det finns redan ett "
                                                                            "utkast") !=
                                                            std::string::npos)),
               describe(run));
    BOOST_TEST(service.registry->queryNumber(kOurEntry) == 1);
    BOOST_TEST(service.registry->queryNumber(
                   "SELECT COUNT(*) FROM handling h WHERE h.extern_referens LIKE "
                   "'committee-report:2024SOCN33:%' AND NOT EXISTS (SELECT 1 FROM dokument d "
                   "WHERE d.handling_id = h.id)") == 0);
}

BOOST_AUTO_TEST_CASE(sighup_with_runs_in_flight_keeps_them_and_takes_the_new_settings) {
    ServiceProcessOptions options;
    options.workers = 2;
    options.officeProcesses = 2;
    ServiceProcess service(options);
    const auto createFor = [](const std::string& user) {
        auto body = kCreate;
        body.replace(body.find("u-4711"), 6, user);
        return body;
    };
    const auto sampleFor = [](const std::string& user) {
        return R"({"action":"provutskrift","case":"2024SOCN33","user":")" + user +
               R"(","roles":["administrator"],"parameters":{"datum":"2024-05-20"}})";
    };
    // Two runs at once, each on its own office process.
    const auto a = service.request("POST", "/api/v1/runs", createFor("u-0042"));
    const auto b = service.request("POST", "/api/v1/runs", sampleFor("u-0815"));
    BOOST_TEST_REQUIRE(a.status == 202);
    BOOST_TEST_REQUIRE(b.status == 202);
    const auto first = a.headers.at("Location"), other = b.headers.at("Location");
    BOOST_TEST_REQUIRE(service.waitFor(first, {"running"})->getValue<std::string>("state") ==
                       "running");

    // The administrator replaces the client token and reloads.
    tests::writeOwnerOnly(service.scratch.path() / "tokens", "dms new-token-after-reload-12345\n");
    ::kill(service.pid, SIGHUP);
    const std::string token = "new-token-after-reload-12345";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (service.request("GET", first, "", {}, token).status != 200 &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    BOOST_TEST(service.request("GET", first, "", {}, token).status == 200);
    BOOST_TEST(service.request("GET", first).status == 401);  // the old token is gone
    const auto stillRunning = service.request("GET", first, "", {}, token).json();
    BOOST_TEST(stillRunning->getValue<std::string>("state") != "failed", describe(stillRunning));

    // A third run on the reloaded plugin while the first ones may still be on the old one.
    const auto c = service.request("POST", "/api/v1/runs", sampleFor("u-1234"), {}, token);
    BOOST_TEST_REQUIRE(c.status == 202);
    const auto third = c.headers.at("Location");

    const auto runA = service.waitForEnd(first, token);
    const auto runB = service.waitForEnd(other, token);
    const auto runC = service.waitForEnd(third, token);
    BOOST_TEST(runA->getValue<std::string>("state") == "ok", describe(runA));
    BOOST_TEST(runB->getValue<std::string>("state") == "ok", describe(runB));
    BOOST_TEST(runC->getValue<std::string>("state") == "ok", describe(runC));
    BOOST_TEST(service.registry->queryNumber(kOurEntry) == 1);
    const auto metrics = service.request("GET", "/metrics", "", {}, token);
    BOOST_TEST(contains(metrics.body, "committee_report_reloads_total 1"), metrics.body);
    const auto audit = service.auditLog();
    for (const char* user : {"u-0042", "u-0815", "u-1234"})
        BOOST_TEST(contains(audit, std::string("\"user\":\"") + user + "\""), user);

    // After all that, SIGTERM leaves no office process of either plugin handle.
    const auto pid = service.pid;
    const auto offices = tests::officeChildrenOf(pid);
    BOOST_TEST(service.signalAndWait(SIGTERM, std::chrono::seconds(60)).value_or(-1) == 0);
    for (const int office : offices) BOOST_TEST(!tests::processAlive(office), office);
}

BOOST_AUTO_TEST_SUITE_END()
