// The HTTP service against a stand-in of the plugin's C interface (tests/fakes), kept
// only for what the stand-in makes deterministic: that nothing was started (it counts
// the runs that reached the plugin), the exact request the plugin got, and runs held
// in place (queued, running, a full queue, a client at its limit) for as long as a case
// needs. Real runs — the real library, LibreOffice and the reference registry behind
// `committee-report serve` — are in real_service_test.cpp and tls_service_test.cpp.
#include <Poco/Net/StreamSocket.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <set>

#include "credentials.h"
#include "run_registry.h"
#include "fakes/fake_committee_report.h"
#include "service_fixture.h"

using namespace committee_report;
using tests::HttpAnswer;
using tests::ServiceFixture;
namespace fake = committee_report::tests::fake_plugin;

namespace {

const std::string kCreate =
    R"({"action":"skapa-tjansteskrivelse","case":"2024SOCN33","user":"u123","roles":["handlaggare"],"parameters":{"from":"2022-01-01","to":"2024-04-30"}})";

struct Reset {
    Reset() { fake::reset(); }
    ~Reset() { fake::reset(); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(http_service_test)

// Fake: shows that a refused call started no run (runsStarted() == 0).
BOOST_FIXTURE_TEST_CASE(health_is_open_everything_else_needs_the_client_token, Reset) {
    ServiceFixture service;
    BOOST_TEST(service.request("GET", "/healthz", "", {}, "").status == 200);

    const auto none = service.request("GET", "/api/v1/actions", "", {}, "");
    BOOST_TEST(none.status == 401);
    BOOST_TEST(none.errorCode() == "ej-behorig");
    BOOST_TEST(none.errorMessage().find("Authorization: Bearer") != std::string::npos);
    BOOST_TEST(service.request("GET", "/api/v1/actions", "", {}, "wrong").status == 401);
    BOOST_TEST(service.request("GET", "/api/v1/actions", "", {{"Authorization", tests::kToken}}, "")
                   .status == 401);
    BOOST_TEST(service.request("GET", "/metrics", "", {}, "").status == 401);
    BOOST_TEST(service.request("POST", "/api/v1/runs", kCreate, {}, "").status == 401);
    BOOST_TEST(fake::runsStarted() == 0);

    const auto actions = service.request("GET", "/api/v1/actions");
    BOOST_TEST(actions.status == 200);
    BOOST_TEST(actions.body.find("Skapa tjänsteskrivelse") != std::string::npos);
}

// Fake: shows that no bad request reached the plugin.
BOOST_FIXTURE_TEST_CASE(bad_input_gets_a_swedish_4xx_and_starts_nothing, Reset) {
    config::ServiceSettings settings;
    settings.maxBodyBytes = 4096;
    ServiceFixture service(settings);
    struct Case {
        std::string body;
        std::string contentType;
        int status;
        std::string code;
    };
    const std::string big(5000, 'x');
    const std::vector<Case> cases{
        {"{not json", "application/json", 400, "ogiltig-json"},
        {"[1,2]", "application/json", 400, "ogiltig-json"},
        {R"({"action":"skapa-tjansteskrivelse","case":"X","user":"u","roles":[],"extra":1})",
         "application/json", 400, "okant-falt"},
        {R"({"case":"X","user":"u","roles":[]})", "application/json", 400, "saknat-falt"},
        {R"({"action":"skapa","case":"X","user":"u","roles":[]})", "application/json", 404,
         "okand-atgard"},
        {R"({"action":"skapa-tjansteskrivelse","user":"u","roles":["handlaggare"]})",
         "application/json", 400, "saknat-arende"},
        {R"({"action":"skapa-tjansteskrivelse","case":"X","user":7,"roles":[]})",
         "application/json", 400, "fel-typ"},
        {R"({"action":"skapa-tjansteskrivelse","case":"X","user":"u","roles":"handlaggare"})",
         "application/json", 400, "fel-typ"},
        {R"({"action":"skapa-tjansteskrivelse","case":"X","user":"u"})", "application/json", 400,
         "saknat-falt"},
        {R"({"action":"skapa-tjansteskrivelse","case":"X","user":"u","roles":[],"parameters":{"from":"2024-02-30"}})",
         "application/json", 400, "ogiltigt-datum"},
        {R"({"action":"skapa-tjansteskrivelse","case":"X","user":"u","roles":[],"parameters":{"fran":"2024-01-01"}})",
         "application/json", 400, "okand-parameter"},
        {R"({"action":"skapa-tjansteskrivelse","case":"X","user":"u","roles":[],"parameters":{"from":["2024-01-01"]}})",
         "application/json", 400, "fel-typ"},
        {R"({"action":"skapa-tjansteskrivelse","case":"X","user":"u","roles":[],"parameters":{"ny-version":"kanske"}})",
         "application/json", 400, "ogiltigt-val"},
        {R"({"action":"skapa-tjansteskrivelse","case":")" + big + R"(","user":"u","roles":[]})",
         "application/json", 413, "for-stor-begaran"},
        {kCreate, "text/plain", 415, "fel-innehallstyp"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.body.substr(0, 120)) {
            const auto answer =
                service.request("POST", "/api/v1/runs", c.body, {{"Content-Type", c.contentType}});
            BOOST_TEST(answer.status == c.status);
            BOOST_TEST(answer.headers.at("Content-Type").find("application/json") == 0);
            BOOST_TEST(answer.errorCode() == c.code);
            BOOST_TEST(!answer.errorMessage().empty());
        }
    }
    BOOST_TEST(service.request("GET", "/api/v1/runs/0123").errorCode() == "okand-korning");
    BOOST_TEST(service.request("PUT", "/api/v1/runs").status == 405);
    BOOST_TEST(service.request("GET", "/api/v2/runs").status == 404);
    BOOST_TEST(fake::runsStarted() == 0);
    BOOST_TEST(service.request("GET", "/metrics").body.find("committee_report_runs{") ==
               std::string::npos);
}

// Fake: shows that a half-sent request started nothing.
BOOST_FIXTURE_TEST_CASE(a_slow_client_is_cut_off_and_holds_no_worker, Reset) {
    config::ServiceSettings settings;
    settings.readTimeout = std::chrono::seconds(1);
    settings.maxConnections = 2;
    ServiceFixture service(settings);
    // Two clients send half a request and stop; the service still answers a third.
    std::vector<Poco::Net::StreamSocket> slow;
    for (int i = 0; i < 2; ++i) {
        slow.emplace_back(Poco::Net::SocketAddress(service.host, service.port));
        const std::string partial =
            "POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Content-Length: 400\r\nAuthorization: Bearer " +
            std::string(tests::kToken) + "\r\n\r\n{\"action\":";
        slow.back().sendBytes(partial.data(), static_cast<int>(partial.size()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    BOOST_TEST(service.request("GET", "/healthz").status == 200);
    for (auto& socket : slow) {
        socket.setReceiveTimeout(Poco::Timespan(5, 0));
        char buffer[1024];
        int received = 0;
        try {
            received = socket.receiveBytes(buffer, sizeof buffer);
        } catch (const Poco::Exception&) {
            received = 0;
        }
        // Either a 408 answer or a closed connection; never a started run.
        if (received > 0)
            BOOST_TEST(std::string(buffer, received).find(" 408 ") != std::string::npos);
    }
    BOOST_TEST(fake::runsStarted() == 0);
}

// Fake: counts that a retried POST started exactly one run.
BOOST_FIXTURE_TEST_CASE(idempotency_key_returns_the_same_run, Reset) {
    ServiceFixture service;
    const auto first =
        service.request("POST", "/api/v1/runs", kCreate, {{"Idempotency-Key", "k-1"}});
    const auto second =
        service.request("POST", "/api/v1/runs", kCreate, {{"Idempotency-Key", "k-1"}});
    BOOST_TEST(first.status == 202);
    BOOST_TEST(second.status == 200);
    BOOST_TEST(first.json()->getValue<std::string>("id") ==
               second.json()->getValue<std::string>("id"));
    const auto other =
        R"({"action":"skapa-tjansteskrivelse","case":"2024SOCN34","user":"u123","roles":["handlaggare"]})";
    const auto conflict =
        service.request("POST", "/api/v1/runs", other, {{"Idempotency-Key", "k-1"}});
    BOOST_TEST(conflict.status == 409);
    BOOST_TEST(conflict.errorCode() == "idempotensnyckel-ateranvand");
    service.waitForEnd(first.headers.at("Location"));
    BOOST_TEST(fake::runsStarted() == 1);
}

// Fake: holds the first run so the second is reliably still queued when cancelled
// (a real cancel is in real_service_test.cpp).
BOOST_FIXTURE_TEST_CASE(cancel_stops_a_running_and_a_queued_run, Reset) {
    config::ServiceSettings settings;
    settings.workers = 1;
    ServiceFixture service(settings);
    fake::hold(true);
    const auto running = service.request("POST", "/api/v1/runs", kCreate).headers.at("Location");
    const auto queued = service.request("POST", "/api/v1/runs", kCreate).headers.at("Location");
    while (fake::runsStarted() < 1) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    BOOST_TEST(service.request("GET", queued).json()->getValue<std::string>("state") == "queued");

    BOOST_TEST(service.request("DELETE", queued).status == 202);
    BOOST_TEST(service.request("DELETE", running).status == 202);
    BOOST_TEST(service.waitForEnd(running)->getValue<std::string>("state") == "cancelled");
    BOOST_TEST(service.waitForEnd(queued)->getValue<std::string>("state") == "cancelled");
    BOOST_TEST(fake::runsStarted() == 1);  // the queued one never started
    const auto again = service.request("DELETE", running);
    BOOST_TEST(again.status == 409);
    BOOST_TEST(again.errorCode() == "korning-avslutad");
}

// Fake: holds runs so the queue is full for as long as the case needs.
BOOST_FIXTURE_TEST_CASE(a_full_queue_answers_429_with_retry_after, Reset) {
    config::ServiceSettings settings;
    settings.workers = 1;
    settings.maxQueuedRuns = 2;
    ServiceFixture service(settings);
    fake::hold(true);
    std::vector<std::string> accepted;
    accepted.push_back(service.request("POST", "/api/v1/runs", kCreate).headers.at("Location"));
    while (fake::runsStarted() < 1) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    for (int i = 0; i < 2; ++i)
        accepted.push_back(service.request("POST", "/api/v1/runs", kCreate).headers.at("Location"));
    const auto full = service.request("POST", "/api/v1/runs", kCreate);
    BOOST_TEST(full.status == 429);
    BOOST_TEST(full.errorCode() == "ko-full");
    BOOST_TEST(std::stoi(full.headers.at("Retry-After")) > 0);
    BOOST_TEST(service.request("GET", "/metrics").body.find("committee_report_queue_length 2") !=
               std::string::npos);
    fake::hold(false);
    for (const auto& location : accepted)
        BOOST_TEST(service.waitForEnd(location)->getValue<std::string>("state") == "ok");
    BOOST_TEST(fake::runsStarted() == 3);
}

// Fake: holds runs so a client stays at its limit.
BOOST_FIXTURE_TEST_CASE(one_client_is_held_to_its_own_limit, Reset) {
    config::ServiceSettings settings;
    settings.maxRunsPerClient = 2;
    ServiceFixture service(settings);
    fake::hold(true);
    BOOST_TEST(service.request("POST", "/api/v1/runs", kCreate).status == 202);
    BOOST_TEST(service.request("POST", "/api/v1/runs", kCreate).status == 202);
    const auto third = service.request("POST", "/api/v1/runs", kCreate);
    BOOST_TEST(third.status == 429);
    BOOST_TEST(third.errorCode() == "for-manga-korningar");
    // Another client is not held back by the first one's runs.
    BOOST_TEST(service.request("POST", "/api/v1/runs", kCreate, {}, "other-client-token-987654321")
                   .status == 202);
    fake::hold(false);
}

// A client that waits for each run's end (its event stream) and at once starts the next
// must never find the ended run still counted against its limit. The run used to be
// uncounted only after its end was announced, so a quick client got 429
// "for-manga-korningar" now and then (34 of 128 runs in service-bench under load).
BOOST_FIXTURE_TEST_CASE(a_client_at_its_limit_may_start_again_when_its_run_has_ended, Reset) {
    config::ServiceSettings settings;
    settings.maxRunsPerClient = 1;
    ServiceFixture service(settings);
    int refused = 0;
    for (int i = 0; i < 40; ++i) {
        const auto posted = service.request("POST", "/api/v1/runs", kCreate);
        if (posted.status != 202) {
            ++refused;
            continue;
        }
        const auto events = service.request("GET", posted.headers.at("Location") + "/events");
        BOOST_REQUIRE(events.body.find("event: end") != std::string::npos);
    }
    BOOST_TEST(refused == 0);
}

// An EventSource that reconnects after the end (Last-Event-ID of the end event) gets the
// end again at once, not keepalives for as long as it stays connected.
BOOST_FIXTURE_TEST_CASE(a_reader_past_the_end_of_a_run_gets_the_end_again, Reset) {
    ServiceFixture service;
    const auto location = service.request("POST", "/api/v1/runs", kCreate).headers.at("Location");
    const auto events = service.request("GET", location + "/events").body;
    const auto end = events.find("\nevent: end");
    BOOST_TEST_REQUIRE(end != std::string::npos);
    const auto idLine = events.rfind("id: ", end);
    const auto lastId = events.substr(idLine + 4, end - idLine - 4);
    const auto started = std::chrono::steady_clock::now();
    const auto again =
        service.request("GET", location + "/events", "", {{"Last-Event-ID", lastId}}).body;
    const auto waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
    BOOST_TEST(waited.count() < 5.0);
    BOOST_TEST(again.find("event: end\ndata: {") != std::string::npos, again);
    BOOST_TEST(again.find("\"state\":\"ok\"") != std::string::npos, again);
}

// SIGTERM (HttpService::stop) while one run writes to the registry and another has not
// got there: after the grace the second is cancelled, the first may finish its
// write-back (an entry left without its documents waits for a re-run otherwise).
BOOST_FIXTURE_TEST_CASE(stopping_lets_a_run_writing_back_finish_and_cancels_the_rest, Reset) {
    config::ServiceSettings settings;
    settings.workers = 2;
    ServiceFixture service(settings);
    fake::hold(true);
    fake::holdStage("registrerar");
    const auto writing = service.request("POST", "/api/v1/runs", kCreate).json()->getValue<std::string>("id");
    while (fake::runsStarted() < 1) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // it has reported its stage
    fake::holdStage("beraknar");
    const auto computing = service.request("POST", "/api/v1/runs", kCreate).json()->getValue<std::string>("id");
    while (fake::runsStarted() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto writingRun = service.service->runs().find(writing);
    const auto computingRun = service.service->runs().find(computing);
    BOOST_TEST(writingRun->writingBack());
    BOOST_TEST(!computingRun->writingBack());

    // The write-back ends 1 s into the stop; grace 0 s, up to 20 s more for a write-back.
    std::thread release([] {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        fake::hold(false);
    });
    const auto started = std::chrono::steady_clock::now();
    service.service->stop(std::chrono::seconds(0));
    release.join();
    const auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
    BOOST_TEST(writingRun->state() == "ok");
    BOOST_TEST(computingRun->state() == "cancelled");
    BOOST_TEST(took.count() < 15.0);
}

// The run's registry entry, linked to the DMS's page for it when <entry-link> is set.
BOOST_FIXTURE_TEST_CASE(the_result_links_the_entry_to_the_dms_page_configured, Reset) {
    config::ServiceSettings settings;
    settings.entryLink = "https://dms.example/handling/{id}?fran=panel";
    ServiceFixture service(settings);
    const auto location = service.request("POST", "/api/v1/runs", kCreate).headers.at("Location");
    const auto run = service.waitForEnd(location);
    const auto entry = run->getObject("result")->getObject("entry");
    BOOST_TEST_REQUIRE(entry);
    BOOST_TEST(entry->getValue<std::string>("id") == "fake-entry-1");
    BOOST_TEST(entry->getValue<std::string>("url") ==
               "https://dms.example/handling/fake-entry-1?fran=panel");
    // An id is one opaque value wherever {id} stands.
    BOOST_TEST(service::entryUrl("https://dms.example/h/{id}?x={id}", "a/b c&d") ==
               "https://dms.example/h/a%2Fb%20c%26d?x=a%2Fb%20c%26d");
}

// Fake: shows the exact roles and client the panel passed to the plugin (the panel with
// the real library is driven in a browser, tests/browser/panel_test.mjs).
BOOST_FIXTURE_TEST_CASE(a_signed_link_opens_the_panel_once, Reset) {
    ServiceFixture service;
    const auto link = ServiceFixture::signedLink({{"action", "skapa-tjansteskrivelse"},
                                                  {"case", "2024SOCN33"},
                                                  {"user", "u123"},
                                                  {"roles", "handlaggare,lasare"}});
    const auto opened = service.request("GET", link, "", {}, "");
    BOOST_TEST_REQUIRE(opened.status == 303);
    const auto panel = opened.headers.at("Location");
    BOOST_TEST(panel.rfind("/panel/s/", 0) == 0);
    const auto page = service.request("GET", panel, "", {}, "");
    BOOST_TEST(page.status == 200);
    BOOST_TEST(page.body.find("<html lang=\"sv\">") != std::string::npos);
    BOOST_TEST(page.headers.at("Content-Security-Policy").find("default-src 'none'") !=
               std::string::npos);
    const auto info = service.request("GET", panel + "info", "", {}, "");
    BOOST_TEST(info.json()->getValue<std::string>("case") == "2024SOCN33");
    BOOST_TEST(info.body.find("Skapa tjänsteskrivelse") != std::string::npos);

    // The panel runs the action of its link, for its user and roles, on its case only.
    const auto posted =
        service.request("POST", panel + "runs", R"({"parameters":{"from":"2023-01-01"}})", {}, "");
    BOOST_TEST_REQUIRE(posted.status == 202);
    const auto run = service.waitForEnd(posted.headers.at("Location"), "");
    BOOST_TEST(run->getValue<std::string>("state") == "ok");
    BOOST_TEST(fake::lastRequest().find("\"roles\":[\"handlaggare\",\"lasare\"]") !=
               std::string::npos);
    BOOST_TEST(fake::lastRequest().find("\"client\":\"panel\"") != std::string::npos);
    const auto file =
        run->getObject("result")->getArray("files")->getObject(0)->getValue<std::string>("url");
    BOOST_TEST(file.rfind(panel, 0) == 0);
    BOOST_TEST(service.request("GET", file, "", {}, "").body.rfind("%PDF", 0) == 0);
    BOOST_TEST(service.request("POST", panel + "runs", R"({"action":"provutskrift"})", {}, "")
                   .errorCode() == "okant-falt");

    // The same link again is refused: links are good once.
    const auto replayed = service.request("GET", link, "", {}, "");
    BOOST_TEST(replayed.status == 403);
    BOOST_TEST(replayed.headers.at("Content-Type").find("text/html") == 0);
    BOOST_TEST(replayed.body.find("Länken har redan använts") != std::string::npos);
    // A made-up session is refused too.
    BOOST_TEST(service.request("GET", "/panel/s/0000/", "", {}, "").status == 403);
    BOOST_TEST(
        service.request("POST", "/panel/s/0000/runs", R"({"parameters":{}})", {}, "").errorCode() ==
        "panelen-stangd");
}

// Fake: shows that a refused link started nothing.
BOOST_FIXTURE_TEST_CASE(expired_tampered_and_far_ahead_links_are_refused, Reset) {
    ServiceFixture service;
    const std::vector<std::pair<std::string, std::string>> grant{
        {"action", "skapa-tjansteskrivelse"},
        {"case", "2024SOCN33"},
        {"user", "u123"},
        {"roles", "handlaggare"}};
    auto refusal = [&](const std::string& link) {
        const auto answer = service.request("GET", link, "", {}, "");
        BOOST_TEST(answer.status == 403);
        return answer.body;
    };
    BOOST_TEST(refusal(ServiceFixture::signedLink(grant, -5)).find("Länken har gått ut") !=
               std::string::npos);
    BOOST_TEST(refusal(ServiceFixture::signedLink(grant, 600)).find("fem minuter") !=
               std::string::npos);
    auto tampered = ServiceFixture::signedLink(grant);
    tampered.replace(tampered.find("2024SOCN33"), 10, "2024SOCN34");
    BOOST_TEST(refusal(tampered).find("Länken har ändrats") != std::string::npos);
    auto roles = ServiceFixture::signedLink(grant);
    roles.replace(roles.find("handlaggare"), 11, "administrator");
    BOOST_TEST(refusal(roles).find("Länken har ändrats") != std::string::npos);
    BOOST_TEST(refusal(ServiceFixture::signedLink(grant, 120, "another-secret-0123456789abcdefgh"))
                   .find("Länken har ändrats") != std::string::npos);
    auto unsigned_ = ServiceFixture::signedLink(grant);
    unsigned_.erase(unsigned_.find("&signature="));
    BOOST_TEST(refusal(unsigned_).find("signatur") != std::string::npos);
    BOOST_TEST(fake::runsStarted() == 0);
}

BOOST_AUTO_TEST_CASE(the_canonical_string_is_sorted_and_percent_encoded) {
    const auto text = service::canonicalLaunchString({{"user", "anna b"},
                                                      {"roles", "a,b"},
                                                      {"signature", "ignored"},
                                                      {"case", "2024/SOCN~33"},
                                                      {"action", "skapa-tjansteskrivelse"}});
    BOOST_TEST(text ==
               "action=skapa-tjansteskrivelse&case=2024%2FSOCN~33&roles=a%2Cb&user=anna%20b");
    // RFC 4231 test case 2 checks the HMAC itself.
    const auto digest = service::hmacSha256("Jefe", "what do ya want for nothing?");
    BOOST_TEST(service::toHex(digest.data(), digest.size()) ==
               "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// Fake: counts that a second /readyz within the cache time ran no second check.
BOOST_FIXTURE_TEST_CASE(readyz_runs_the_installation_check, Reset) {
    ServiceFixture service;
    const auto ready = service.request("GET", "/readyz", "", {}, "");
    BOOST_TEST(ready.status == 200);
    BOOST_TEST(ready.json()->getValue<bool>("ready"));
    BOOST_TEST(fake::lastRequest().find("kontrollera-installation") != std::string::npos);
    BOOST_TEST(fake::runsStarted() == 1);
    BOOST_TEST(service.request("GET", "/readyz", "", {}, "").status == 200);
    BOOST_TEST(fake::runsStarted() == 1);  // cached
}

// Fake: holds both runs across the reload and observes the old handle being closed
// after the last of them (SIGHUP with real runs: real_service_test.cpp).
BOOST_FIXTURE_TEST_CASE(a_reload_keeps_runs_in_flight_on_the_plugin_they_started_with, Reset) {
    config::ServiceSettings settings;
    ServiceFixture service(settings);
    std::weak_ptr<const c_api::Plugin> old = service.plugin;
    fake::hold(true);
    const auto first = service.request("POST", "/api/v1/runs", kCreate).headers.at("Location");
    const auto second = service.request("POST", "/api/v1/runs", kCreate).headers.at("Location");
    while (fake::runsStarted() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(10));

    // SIGHUP's work: new tokens and a new plugin handle while two runs are in flight.
    tests::writeOwnerOnly(service.scratch.path() / "tokens", "dms new-token-after-reload-12345\n");
    settings.listen = "127.0.0.1:0";
    settings.clientTokenFile = service.scratch.path() / "tokens";
    settings.launchSecretFile = service.scratch.path() / "secret";
    service.plugin.reset();
    service.service->reload(settings, std::make_shared<const c_api::Plugin>("reloaded.xml"));
    BOOST_TEST(!old.expired());  // the runs still hold the handle they started with
    BOOST_TEST(service.request("GET", first).status == 401);
    const std::string token = "new-token-after-reload-12345";
    BOOST_TEST(service.request("GET", first, "", {}, token).status == 200);

    fake::hold(false);
    BOOST_TEST(service.waitForEnd(first, token)->getValue<std::string>("state") == "ok");
    BOOST_TEST(service.waitForEnd(second, token)->getValue<std::string>("state") == "ok");
    for (int i = 0; i < 100 && !old.expired(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    BOOST_TEST(old.expired());  // closed once its last run ended
    BOOST_TEST(service.request("GET", "/metrics", "", {}, token)
                   .body.find("committee_report_reloads_total 1") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
