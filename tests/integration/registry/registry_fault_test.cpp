// The registry client under the reference registry's injected faults: it
// recovers where a retry helps and otherwise fails with a clear error, never
// returning part of a list as if it were all of it.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include "registry_test_support.h"

using namespace committee_report;
using committee_report::registry::ErrorKind;
using committee_report::registry::RegistryError;
using committee_report::tests::ReferenceRegistryProcess;
using ms = std::chrono::milliseconds;

namespace {

struct Registry {
    ReferenceRegistryProcess server;
    std::shared_ptr<tests::RecordingClock> clock = std::make_shared<tests::RecordingClock>();
    registry::ClientOptions options = tests::testOptions(server);
    std::int64_t threats =
        server.queryNumber("SELECT COUNT(*) FROM arende WHERE arendetyp = 'HOT_VALD'");

    std::unique_ptr<registry::RegistryClient> client() {
        return tests::testClient(options, ReferenceRegistryProcess::kReadToken, clock);
    }
    std::vector<core::CaseRecord> threatCases() {
        return client()->queryCases({"HOT_VALD", {}, {}, {}, {}});
    }
    std::size_t listRequests() {
        return tests::countMatching(server.requests(), "GET /api/arende?");
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(registry_fault_test, Registry)

BOOST_AUTO_TEST_CASE(a_slow_answer_times_out_and_the_retry_gets_everything) {
    options.readTimeout = ms(1000);  // generous: a loaded CI machine must not time out normal pages
    server.setFaults(
        R"([{"path": "/api/arende", "fault": "latency", "delayMs": 3000, "skip": 1, "times": 1}])");
    const auto cases = threatCases();
    BOOST_TEST(static_cast<std::int64_t>(cases.size()) == threats);
    BOOST_TEST(clock->sleeps().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_registry_that_never_answers_in_time_is_a_timeout) {
    options.readTimeout = ms(1000);  // generous: a loaded CI machine must not time out normal pages
    options.retry.maxAttempts = 3;
    server.setFaults(
        R"([{"path": "/api/arende", "fault": "latency", "delayMs": 2500, "times": -1}])");
    const auto error = tests::failureOf<RegistryError>([&] { (void)threatCases(); });
    BOOST_TEST((error.kind() == ErrorKind::Timeout));
    // The message gives the whole wait (three reads of at least a second each, plus the
    // back-off), not one attempt's read timeout.
    const std::string message = error.what();
    BOOST_TEST(message.find("svarade inte på 3 försök under sammanlagt ") != std::string::npos,
               message);
    const auto at = message.find("sammanlagt ") + std::string("sammanlagt ").size();
    const int waitedSeconds = std::stoi(message.substr(at));  // whole seconds, before the comma
    BOOST_TEST(waitedSeconds >= 3, message);
    BOOST_TEST(message.find("inom 1 sekunder") == std::string::npos, message);
    BOOST_TEST(error.detail().find("3 attempt(s)") != std::string::npos, error.detail());
    BOOST_TEST(clock->sleeps().size() == 2u);
}

BOOST_AUTO_TEST_CASE(unavailable_with_retry_after_is_waited_out) {
    server.setFaults(
        R"([{"path": "/api/arende", "fault": "status", "status": 503, "retryAfter": 2, "skip": 1, "times": 2}])");
    const auto cases = threatCases();
    BOOST_TEST(static_cast<std::int64_t>(cases.size()) == threats);
    const auto sleeps = clock->sleeps();
    BOOST_REQUIRE(sleeps.size() == 2u);
    BOOST_TEST(sleeps[0].count() == 2000);
    BOOST_TEST(sleeps[1].count() == 2000);
    BOOST_TEST(listRequests() == static_cast<std::size_t>((threats + 99) / 100 + 2));
}

BOOST_AUTO_TEST_CASE(throttling_is_waited_out_and_back_off_is_used_without_retry_after) {
    server.setFaults(
        R"([{"path": "/api/arende", "fault": "status", "status": 429, "retryAfter": 1, "times": 1},
                         {"path": "/api/arende", "fault": "status", "status": 502, "times": 2}])");
    BOOST_TEST(static_cast<std::int64_t>(threatCases().size()) == threats);
    const auto sleeps = clock->sleeps();
    BOOST_REQUIRE(sleeps.size() == 3u);
    BOOST_TEST(sleeps[0].count() == 1000);  // Retry-After
    // 502 without Retry-After: back-off 400 ms then 800 ms, with jitter 0.5 → 300, 600
    BOOST_TEST(sleeps[1].count() == 300);
    BOOST_TEST(sleeps[2].count() == 600);
}

BOOST_AUTO_TEST_CASE(a_registry_that_stays_unavailable_fails_clearly) {
    server.setFaults(R"([{"path": "/api/arende", "fault": "status", "status": 503, "times": -1}])");
    const auto error = tests::failureOf<RegistryError>([&] { (void)threatCases(); });
    BOOST_TEST((error.kind() == ErrorKind::Unavailable));
    BOOST_TEST(error.httpStatus() == 503);
    BOOST_TEST(std::string(error.what()).find("tillfälligt otillgängligt") != std::string::npos);
    BOOST_TEST(listRequests() == 4u);  // maxAttempts
}

BOOST_AUTO_TEST_CASE(a_retry_after_beyond_the_time_budget_is_not_waited_for) {
    options.retry.totalBudget = ms(5000);
    server.setFaults(
        R"([{"path": "/api/arende", "fault": "status", "status": 429, "retryAfter": 3600, "times": -1}])");
    const auto error = tests::failureOf<RegistryError>([&] { (void)threatCases(); });
    BOOST_TEST((error.kind() == ErrorKind::Throttled));
    BOOST_TEST(clock->sleeps().empty());
}

BOOST_AUTO_TEST_CASE(an_internal_server_error_is_not_retried) {
    server.setFaults(R"([{"path": "/api/arende", "fault": "status", "status": 500, "times": 1}])");
    const auto error = tests::failureOf<RegistryError>([&] { (void)threatCases(); });
    BOOST_TEST((error.kind() == ErrorKind::ServerError));
    BOOST_TEST(std::string(error.what()).find("internt fel") != std::string::npos);
    BOOST_TEST(listRequests() == 1u);
}

BOOST_AUTO_TEST_CASE(a_connection_dropped_mid_body_is_retried) {
    server.setFaults(R"([{"path": "/api/arende", "fault": "drop", "skip": 2, "times": 1}])");
    const auto cases = threatCases();
    BOOST_TEST(static_cast<std::int64_t>(cases.size()) == threats);
    BOOST_TEST(listRequests() == static_cast<std::size_t>((threats + 99) / 100 + 1));
}

BOOST_AUTO_TEST_CASE(a_connection_dropped_every_time_is_unreachable) {
    server.setFaults(R"([{"path": "/api/arende", "fault": "drop", "times": -1}])");
    const auto error = tests::failureOf<RegistryError>([&] { (void)threatCases(); });
    BOOST_TEST((error.kind() == ErrorKind::Unreachable));
    BOOST_TEST(error.detail().find("connection dropped after") != std::string::npos,
               error.detail());
}

BOOST_AUTO_TEST_CASE(malformed_json_on_a_later_page_fails_the_whole_list) {
    server.setFaults(R"([{"path": "/api/arende", "fault": "malformed", "skip": 1, "times": 1}])");
    std::vector<core::CaseRecord> cases{core::CaseRecord{}};
    const auto error = tests::failureOf<RegistryError>([&] { cases = threatCases(); });
    BOOST_TEST((error.kind() == ErrorKind::BadResponse));
    BOOST_TEST(error.detail().find("malformed JSON") != std::string::npos);
    BOOST_TEST(cases.size() == 1u);  // nothing partial was handed back
}

BOOST_AUTO_TEST_CASE(a_record_that_comes_twice_is_refused) {
    // The 151st case (page 2) carries the systemId of the first (page 1).
    const std::string nth =
        "SELECT seq FROM arende WHERE arendetyp = 'HOT_VALD' ORDER BY "
        "registreringsdatum, seq LIMIT 1 OFFSET ";
    BOOST_TEST(server.queryNumber("UPDATE arende SET json = json_set(json, '$.systemId', (SELECT "
                                  "json_extract(json, '$.systemId') FROM arende WHERE seq = (" +
                                  nth + "0))) WHERE seq = (" + nth + "150) RETURNING 1") == 1);
    const auto error = tests::failureOf<RegistryError>([&] { (void)threatCases(); });
    BOOST_TEST((error.kind() == ErrorKind::BadResponse));
    BOOST_TEST(std::string(error.what()).find("samma post kom två gånger") != std::string::npos,
               error.what());
    BOOST_TEST(error.detail().find("received twice while paging") != std::string::npos,
               error.detail());
}

BOOST_AUTO_TEST_CASE(a_count_that_does_not_match_the_records_is_refused) {
    // Too high on every page: fewer records arrive than announced.
    server.setFaults(
        R"([{"path": "/api/arende", "fault": "wrongCount", "countDelta": 1, "times": -1}])");
    const auto error = tests::failureOf<RegistryError>([&] { (void)threatCases(); });
    BOOST_TEST((error.kind() == ErrorKind::BadResponse));
    BOOST_TEST(
        error.detail().find("count says " + std::to_string(threats + 1)) != std::string::npos,
        error.detail());
    BOOST_TEST(std::string(error.what()).find("stämmer inte") != std::string::npos);

    // Changing between pages: the list changed while it was read.
    server.setFaults(
        R"([{"path": "/api/arende", "fault": "wrongCount", "countDelta": -1, "skip": 1, "times": 1}])");
    const auto changed = tests::failureOf<RegistryError>([&] { (void)threatCases(); });
    BOOST_TEST(changed.detail().find("count changed") != std::string::npos, changed.detail());
}

BOOST_AUTO_TEST_CASE(an_answer_over_the_size_limit_is_refused) {
    options.maxJsonResponseBytes = 16 * 1024;  // one page of 100 cases is larger
    const auto error = tests::failureOf<RegistryError>([&] { (void)threatCases(); });
    BOOST_TEST((error.kind() == ErrorKind::TooLarge));
    BOOST_TEST(std::string(error.what()).find("16384 byte") != std::string::npos);
    BOOST_TEST(std::string(error.what()).find("max-json-response-bytes") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_cancel_ends_a_retry_after_wait_at_once) {
    // The real clock: the client really waits the 20 s the registry asks for, unless cancelled.
    options.retry.totalBudget = ms(120000);
    server.setFaults(
        R"([{"path": "/api/arende", "fault": "status", "status": 503, "retryAfter": 20, "times": -1}])");
    std::atomic<bool> cancel{false};
    options.cancelled = [&] { return cancel.load(); };
    auto client = registry::makeRegistryClient(options, ReferenceRegistryProcess::kReadToken);
    const auto start = std::chrono::steady_clock::now();
    std::jthread user([&] {
        std::this_thread::sleep_for(ms(1000));
        cancel = true;
    });
    const auto error = tests::failureOf<RegistryError>([&] {
        (void)client->queryCases({"HOT_VALD", {}, {}, {}, {}});
    });
    const double waited =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    BOOST_TEST((error.kind() == ErrorKind::Cancelled));
    BOOST_TEST(std::string(error.what()) == "Åtgärden avbröts.");
    BOOST_TEST(error.detail().find("cancelled while waiting to retry") != std::string::npos,
               error.detail());
    // A bound, not a benchmark: the cancel came after ~1 s of a 20 s wait.
    BOOST_TEST(waited >= 0.9);
    BOOST_TEST(waited < 5.0);
    BOOST_TEST(listRequests() == 1u);
}

BOOST_AUTO_TEST_CASE(a_run_past_its_deadline_stops_with_a_timeout_that_says_what_to_do) {
    options.runDeadline = ms(5000);
    // Every attempt asks for 2 s more: after two waits, a third would end past the deadline.
    server.setFaults(
        R"([{"path": "/api/arende", "fault": "status", "status": 503, "retryAfter": 2, "times": -1}])");
    const auto error = tests::failureOf<RegistryError>([&] { (void)threatCases(); });
    BOOST_TEST((error.kind() == ErrorKind::Timeout));
    const std::string message = error.what();
    BOOST_TEST(message.find("Körningen har väntat på diariet längre än tillåtna 5 sekunder och "
                            "avbröts. Försök igen senare;") != std::string::npos,
               message);
    BOOST_TEST(message.find("kontakta administratören (gränsen är run-deadline-seconds") !=
                   std::string::npos,
               message);
    BOOST_TEST(error.detail().find("run deadline of 5000 ms would pass") != std::string::npos,
               error.detail());
    const auto sleeps = clock->sleeps();
    BOOST_TEST(sleeps.size() == 2u);  // the wait that would pass the deadline was not started
    BOOST_TEST(listRequests() == 3u);
}

BOOST_AUTO_TEST_CASE(the_clients_of_one_run_share_its_deadline) {
    options.runDeadline = ms(5000);
    options.runStarted = clock->now();
    // Each client's first list request is answered 503 with Retry-After: 3.
    const std::string fault =
        R"([{"path": "/api/arende", "fault": "status", "status": 503, "retryAfter": 3, "times": 1}])";
    server.setFaults(fault);
    BOOST_TEST(static_cast<std::int64_t>(threatCases().size()) == threats);  // 3 s of 5 s used
    server.setFaults(fault);
    // A second client of the same run: its wait would end at 6 s of the run's 5 s. With a
    // deadline of its own it would have had 5 s from its creation, and succeeded.
    const auto error = tests::failureOf<RegistryError>([&] { (void)threatCases(); });
    BOOST_TEST((error.kind() == ErrorKind::Timeout));
    BOOST_TEST(std::string(error.what()).find("tillåtna 5 sekunder") != std::string::npos,
               error.what());
    BOOST_TEST(clock->sleeps().size() == 1u);

    // A run already past its deadline does not send another request.
    clock->sleep(ms(3000), {});
    const auto before = listRequests();
    const auto late = tests::failureOf<RegistryError>([&] { (void)threatCases(); });
    BOOST_TEST((late.kind() == ErrorKind::Timeout));
    BOOST_TEST(late.detail().find("run deadline of 5000 ms passed") != std::string::npos,
               late.detail());
    BOOST_TEST(listRequests() == before);
}

BOOST_AUTO_TEST_CASE(a_registry_that_is_not_there_is_unreachable) {
    server.stop();
    options.retry.maxAttempts = 2;
    const auto error = tests::failureOf<RegistryError>([&] { (void)threatCases(); });
    BOOST_TEST((error.kind() == ErrorKind::Unreachable));
    BOOST_TEST(std::string(error.what()).find("kunde inte nås") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
