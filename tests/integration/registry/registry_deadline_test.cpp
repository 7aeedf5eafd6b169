// Waits on the registry are bounded: a registry that sends one byte a second never trips a
// per-read timeout, yet the request ends at its deadline with a message giving that deadline;
// a cancel (Ctrl-C, cr_cancel) ends the wait at once. Wall-clock bounds here are generous
// (the slow answer would take more than a day); they check that the wait ends, not its speed.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>

#include "fakes/trickle_server.h"
#include "registry_test_support.h"

using namespace committee_report;
using committee_report::registry::ErrorKind;
using committee_report::registry::RegistryError;
using ms = std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

namespace {

struct SlowRegistry {
    tests::TrickleServer server;
    registry::ClientOptions options;

    SlowRegistry() {
        options.baseUrl = server.baseUrl();
        options.connectTimeout = ms(2000);
        options.readTimeout = ms(5000);  // longer than the gap between two bytes
        options.retry.maxAttempts = 1;
    }
    RegistryError failure() {
        auto client = registry::makeRegistryClient(options, "test-token",
                                                   std::make_shared<tests::RecordingClock>());
        return tests::failureOf<RegistryError>(
            [&] { (void)client->queryCases({"HOT_VALD", {}, {}, {}, {}}); });
    }
};

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(registry_deadline_test, SlowRegistry)

BOOST_AUTO_TEST_CASE(a_registry_answering_one_byte_a_second_ends_at_the_request_deadline) {
    options.requestDeadline = ms(3000);
    const auto start = Clock::now();
    const auto error = failure();
    const double waited = secondsSince(start);
    BOOST_TEST((error.kind() == ErrorKind::Timeout));
    BOOST_TEST(std::string(error.what()).find("skickade inte hela svaret inom 3 sekunder") !=
                   std::string::npos,
               error.what());
    BOOST_TEST(error.detail().find("request deadline of 3 s passed") != std::string::npos,
               error.detail());
    // It waited for the deadline, while bytes kept coming (no read timed out), and not much
    // longer.
    BOOST_TEST(waited >= 2.9);
    BOOST_TEST(waited < 15.0);
    BOOST_TEST(server.connections() == 1);
    BOOST_TEST(server.bytesSent() >= 2);
}

BOOST_AUTO_TEST_CASE(a_cancel_ends_the_wait_on_a_slow_registry) {
    options.requestDeadline = ms(600000);
    const auto start = Clock::now();
    std::atomic<bool> cancel{false};
    std::thread user([&] {
        std::this_thread::sleep_for(ms(1500));
        cancel = true;
    });
    options.cancelled = [&] { return cancel.load(); };
    const auto error = failure();
    const double waited = secondsSince(start);
    user.join();
    BOOST_TEST((error.kind() == ErrorKind::Cancelled));
    BOOST_TEST(std::string(error.what()) == "Åtgärden avbröts.");
    BOOST_TEST(error.detail().find("cancelled while waiting on the registry") != std::string::npos,
               error.detail());
    BOOST_TEST(waited >= 1.4);
    BOOST_TEST(waited < 15.0);
}

BOOST_AUTO_TEST_CASE(an_already_cancelled_run_does_not_wait_on_the_registry) {
    options.cancelled = [] { return true; };
    const auto start = Clock::now();
    const auto error = failure();
    BOOST_TEST((error.kind() == ErrorKind::Cancelled));
    BOOST_TEST(secondsSince(start) < 15.0);
}

BOOST_AUTO_TEST_SUITE_END()
