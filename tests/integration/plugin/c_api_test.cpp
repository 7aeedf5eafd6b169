// The plugin library through its C interface, as any host reaches it: here via
// the header-only C++ layer (committee_report.hpp) and, for the bad-input cases,
// the bare C functions.
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include "committee_report/committee_report.hpp"
#include "scratch_directory.h"
#include "support/document_inspection.h"

namespace fs = std::filesystem;
using namespace committee_report;
using committee_report::tests::ScratchDirectory;

namespace {

const std::string kConfiguration = std::string(COMMITTEE_REPORT_BINARY_DIR) + "/committee-report.xml";

Poco::JSON::Object::Ptr parse(const std::string& json) {
    Poco::JSON::Parser parser;
    return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
}

std::string request(const std::string& action, const std::string& extra = "",
                    const std::string& roles = R"(["administrator"])") {
    return R"({"action":")" + action + R"(","case":"2024SOCN33","user":"u123","roles":)" + roles +
           extra + "}";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

struct Outcome {
    int code;
    Poco::JSON::Object::Ptr result;
    std::string json;
};

Outcome run(const c_api::Plugin& plugin, const std::string& requestJson,
            const c_api::ProgressFunction& progress = {}) {
    const auto outcome = plugin.run(requestJson, progress);
    return {outcome.code, parse(outcome.resultJson), outcome.resultJson};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(c_api_test)

BOOST_AUTO_TEST_CASE(the_library_reports_its_interface_version) {
    BOOST_TEST(cr_api_version() == CR_API_VERSION);
    BOOST_TEST(std::string(cr_library_version()) == PROJECT_VERSION);
}

BOOST_AUTO_TEST_CASE(lists_the_actions_with_swedish_labels) {
    c_api::Plugin plugin(kConfiguration);
    const auto actions = parse(plugin.actionsJson());
    BOOST_TEST(actions->getValue<int>("apiVersion") == CR_API_VERSION);
    std::map<std::string, Poco::JSON::Object::Ptr> byId;
    const auto list = actions->getArray("actions");
    for (unsigned i = 0; i < list->size(); ++i)
        byId[list->getObject(i)->getValue<std::string>("id")] = list->getObject(i);
    BOOST_REQUIRE(byId.count("provutskrift"));
    BOOST_TEST(byId["provutskrift"]->getValue<std::string>("label") == "Provutskrift av mall");
    BOOST_TEST(byId["provutskrift"]->getValue<std::string>("menu") == "case");
    BOOST_REQUIRE(byId.count("kontrollera-installation"));
    BOOST_TEST(byId["kontrollera-installation"]->getValue<std::string>("menu") ==
               "administration");
    BOOST_TEST(byId["skapa-tjansteskrivelse"]->getArray("parameters")->size() >= 2u);
}

BOOST_AUTO_TEST_CASE(an_unusable_configuration_is_refused_at_open_with_its_line) {
    ScratchDirectory dir;
    std::ofstream(dir.path() / "broken.xml") << "<configuration>\n  <x/>\n";
    cr_plugin* handle = reinterpret_cast<cr_plugin*>(0x1);
    char* error = nullptr;
    const int code = cr_open((dir.path() / "broken.xml").c_str(), &handle, &error);
    BOOST_TEST(code == CR_INVALID);
    BOOST_TEST(handle == nullptr);
    BOOST_REQUIRE(error);
    const auto json = parse(error);
    cr_free(error);
    BOOST_TEST(json->getValue<std::string>("status") == "invalid");
    BOOST_TEST(contains(json->getValue<std::string>("message"), "Konfigurationen kan inte användas"));
    BOOST_TEST(contains(json->getValue<std::string>("logDetail"), "broken.xml"));
    BOOST_CHECK_THROW(c_api::Plugin((dir.path() / "missing.xml").string()), c_api::OpenError);
}

BOOST_AUTO_TEST_CASE(errors_come_back_as_statuses_with_swedish_messages) {
    c_api::Plugin plugin(kConfiguration);

    auto outcome = run(plugin, request("provutskrift", "", R"(["handlaggare"])"));
    BOOST_TEST(outcome.code == CR_NOT_ALLOWED);
    BOOST_TEST(outcome.result->getValue<std::string>("status") == "not-allowed");
    BOOST_TEST(contains(outcome.result->getValue<std::string>("message"),
                        "behörigheten \"administrator\""));

    outcome = run(plugin, request("provutskrift", R"(,"parameters":{"datum":"19 juni"})"));
    BOOST_TEST(outcome.code == CR_INVALID);
    BOOST_TEST(contains(outcome.result->getValue<std::string>("message"), "ÅÅÅÅ-MM-DD"));

    outcome = run(plugin, request("provutskrift", R"(,"parameters":{"färg":"blå"})"));
    BOOST_TEST(outcome.code == CR_INVALID);
    BOOST_TEST(contains(outcome.result->getValue<std::string>("message"),
                        "Giltiga parametrar: datum"));

    outcome = run(plugin, R"({"action":"provutskrift","case":"2024SOCN33'; drop","user":"u"})");
    BOOST_TEST(outcome.code == CR_NOT_ALLOWED);  // no roles given: the role check comes first

    outcome = run(plugin, R"({"action":"finns-inte","user":"u"})");
    BOOST_TEST(outcome.code == CR_INVALID);
    BOOST_TEST(contains(outcome.result->getValue<std::string>("message"),
                        "Åtgärden \"finns-inte\" finns inte"));
}

BOOST_AUTO_TEST_CASE(bad_input_gives_a_status_and_an_error_never_a_crash) {
    c_api::Plugin plugin(kConfiguration);
    char* result = nullptr;
    // NULL handle, NULL request, NULL result pointer.
    BOOST_TEST(cr_run_json(nullptr, "{}", nullptr, nullptr, &result) == CR_INVALID);
    BOOST_TEST(contains(parse(result)->getValue<std::string>("message"), "inte öppnat"));
    cr_free(result);
    BOOST_TEST(cr_run_json(plugin.handle(), nullptr, nullptr, nullptr, &result) == CR_INVALID);
    cr_free(result);
    BOOST_TEST(cr_run_json(plugin.handle(), "{}", nullptr, nullptr, nullptr) == CR_INVALID);
    BOOST_TEST(cr_actions_json(nullptr) == nullptr);
    cr_free(nullptr);
    cr_close(nullptr);
    BOOST_TEST(cr_open("x", nullptr, nullptr) == CR_INVALID);

    const std::pair<std::string, std::string> cases[] = {
        {"{", "inte giltig JSON"},
        {"[1,2]", "ska vara ett JSON-objekt"},
        {"\"text\"", "JSON"},
        {R"({"action":"provutskrift","user":"u","colour":"blue"})", "okänt fält"},
        {R"({"action":"provutskrift","user":"u","roles":"admin"})", "\"roles\""},
        {R"({"action":"provutskrift","user":"u","roles":[1]})", "\"roles\""},
        {R"({"action":"provutskrift","user":"u","parameters":{"datum":20240520}})",
         "ska ha en text"},
        {R"({"action":1,"user":"u"})", "ska vara en text"},
        {R"({"user":"u"})", "\"action\""},
        {R"({"action":"provutskrift"})", "\"user\""},
        {"{\"action\":\"provutskrift\",\"user\":\"u\xff\xfe\"}", "UTF-8"},
        {"{\"action\":\"provutskrift\",\"user\":\"\xed\xa0\x80\"}", "UTF-8"},  // a surrogate
        {R"({"action":"provutskrift","user":")" + std::string(2 * 1024 * 1024, 'x') + "\"}",
         "för stor"},
    };
    for (const auto& [text, expected] : cases) {
        const auto outcome = run(plugin, text);
        BOOST_TEST(outcome.code == CR_INVALID, text.substr(0, 80));
        BOOST_TEST(outcome.result->getValue<std::string>("status") == "invalid");
        BOOST_TEST(contains(outcome.result->getValue<std::string>("message"), expected),
                   text.substr(0, 80) << " → " << outcome.result->getValue<std::string>("message"));
    }
}

BOOST_AUTO_TEST_CASE(runs_the_sample_action_reports_progress_and_stops_its_office_on_close) {
    ScratchDirectory out;
    std::vector<std::string> stages;
    std::vector<double> fractions;
    {
        c_api::Plugin plugin(kConfiguration);
        const auto outcome = run(
            plugin,
            request("provutskrift",
                    R"(,"parameters":{"datum":"2024-05-20"},"output":")" + out.path().string() + "\""),
            [&](const char* stage, double fraction, const char*) {
                stages.emplace_back(stage);
                fractions.push_back(fraction);
                return false;
            });
        BOOST_REQUIRE_MESSAGE(outcome.code == CR_OK, outcome.json);
        const auto files = outcome.result->getArray("files");
        BOOST_REQUIRE_EQUAL(files->size(), 2u);
        BOOST_TEST(files->getElement<std::string>(1) ==
                   (out.path() / "2024SOCN33-provutskrift.pdf").string());
        const auto text = tests::pdfText(files->getElement<std::string>(1));
        BOOST_TEST(contains(text, "Diarienummer: 2024SOCN33. Datum: 2024-05-20."), text);
        BOOST_TEST(stages.back() == "klar");
        BOOST_TEST(fractions.back() == 1.0);
        BOOST_TEST(!tests::officeChildrenOf(getpid()).empty(),
                   "the action started no office process of ours");
    }  // cr_close stops the handle's office processes
    const auto left = tests::officeChildrenOf(getpid());
    BOOST_TEST(left.empty(), left.size() << " office process(es) outlived cr_close");
}

BOOST_AUTO_TEST_CASE(a_callback_that_asks_to_stop_cancels_the_run) {
    ScratchDirectory out;
    c_api::Plugin plugin(kConfiguration);
    int calls = 0;
    const auto outcome =
        run(plugin, request("provutskrift", R"(,"output":")" + out.path().string() + "\""),
            [&](const char*, double, const char*) { return ++calls >= 1; });
    BOOST_TEST(outcome.code == CR_CANCELLED);
    BOOST_TEST(outcome.result->getValue<std::string>("status") == "cancelled");
    BOOST_TEST(contains(outcome.result->getValue<std::string>("message"), "avbröts"));
    BOOST_TEST(fs::is_empty(out.path()), "a cancelled run wrote files");
}

BOOST_AUTO_TEST_CASE(concurrent_runs_on_one_handle_each_get_their_own_result) {
    ScratchDirectory out;
    c_api::Plugin plugin(kConfiguration);
    constexpr int kRuns = 4;
    std::vector<Outcome> outcomes(kRuns, Outcome{-1, nullptr, ""});
    std::vector<std::thread> threads;
    for (int i = 0; i < kRuns; ++i)
        threads.emplace_back([&, i] {
            const auto dir = out.path() / std::to_string(i);
            const auto outcome = plugin.run(request(
                "provutskrift", R"(,"parameters":{"datum":"2024-05-2)" + std::to_string(i) +
                                    R"("},"output":")" + dir.string() + "\""));
            outcomes[i] = {outcome.code, nullptr, outcome.resultJson};
        });
    for (auto& t : threads) t.join();
    for (int i = 0; i < kRuns; ++i) {
        BOOST_REQUIRE_MESSAGE(outcomes[i].code == CR_OK, outcomes[i].json);
        const auto pdf = out.path() / std::to_string(i) / "2024SOCN33-provutskrift.pdf";
        BOOST_TEST(contains(tests::pdfText(pdf), "Datum: 2024-05-2" + std::to_string(i) + "."));
    }
}

// A configuration change that replaces the office engine (new office settings) while a run
// still uses the old engine: the run finishes on the engine it holds, the next run gets the
// new engine, and the old engine's process is stopped once its last run has let go.
BOOST_AUTO_TEST_CASE(a_reload_never_takes_the_office_away_from_a_run_in_flight) {
    ScratchDirectory dir;
    const auto file = dir.path() / "committee-report.xml";
    const auto write = [&](int jobTimeout) {
        std::ofstream(file) << "<?xml version=\"1.0\"?>\n"
                               "<configuration xmlns=\"urn:x-committee-report:configuration:1\">\n"
                               "  <templates>" COMMITTEE_REPORT_SOURCE_DIR "/templates</templates>\n"
                               "  <output>"
                            << (dir.path() / "out").string()
                            << "</output>\n"
                               "  <office><work-directory>" COMMITTEE_REPORT_BINARY_DIR
                               "/office-tests</work-directory><processes>1</processes>"
                               "<job-timeout-seconds>"
                            << jobTimeout << "</job-timeout-seconds></office>\n</configuration>\n";
    };
    write(300);
    c_api::Plugin plugin(file.string());
    Outcome second{-1, nullptr, ""};
    std::set<pid_t> duringFirst;
    const auto first = run(
        plugin, request("provutskrift", R"(,"output":")" + (dir.path() / "a").string() + "\""),
        [&](const char* stage, double, const char*) {
            if (std::string(stage) != "skapar-dokument") return false;
            // The first run holds its engine now. Change the office settings and run again.
            write(301);
            fs::last_write_time(file, fs::last_write_time(file) + std::chrono::seconds(2));
            second = run(plugin, request("provutskrift", R"(,"output":")" +
                                                            (dir.path() / "b").string() + "\""));
            for (const auto pid : tests::officeChildrenOf(getpid())) duringFirst.insert(pid);
            return false;
        });
    BOOST_REQUIRE_MESSAGE(second.code == CR_OK, second.json);
    BOOST_REQUIRE_MESSAGE(first.code == CR_OK, first.json);
    BOOST_TEST(fs::exists(dir.path() / "a" / "2024SOCN33-provutskrift.pdf"));
    BOOST_TEST(fs::exists(dir.path() / "b" / "2024SOCN33-provutskrift.pdf"));
    // The old engine starts its process only when the first run renders, after the second run;
    // once the first run is done, only the new engine's process is left.
    BOOST_TEST(duringFirst.size() == 1u);
    const auto after = tests::officeChildrenOf(getpid());
    BOOST_TEST(std::set<pid_t>(after.begin(), after.end()) == duringFirst,
               "the old engine's process outlived its last run, or the new one died");
}

// Runs work on a thread with a small stack (as a managed runtime's worker may have),
// so that a recursion the input could drive deep would crash the test.
void onSmallStack(const std::function<void()>& work) {
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, 256 * 1024);
    pthread_t thread;
    auto* task = new std::function<void()>(work);
    const int started = pthread_create(
        &thread, &attributes,
        [](void* argument) -> void* {
            std::unique_ptr<std::function<void()>> job(
                static_cast<std::function<void()>*>(argument));
            (*job)();
            return nullptr;
        },
        task);
    pthread_attr_destroy(&attributes);
    BOOST_REQUIRE(started == 0);
    pthread_join(thread, nullptr);
}

BOOST_AUTO_TEST_CASE(deeply_nested_json_is_refused_before_parsing_even_on_a_small_stack) {
    c_api::Plugin plugin(kConfiguration);
    const auto nested = [](std::size_t depth) {
        return R"({"action":"provutskrift","user":"u","parameters":{"datum":)" +
               std::string(depth, '[') + std::string(depth, ']') + "}}";
    };
    struct Case {
        std::string text;
        int code;
        std::string expected;
    };
    const std::vector<Case> cases = {
        // half a million levels, just under the size limit; unbalanced, and balanced
        {nested(500'000), CR_INVALID, "för djupt nästlad"},
        {R"({"action":"provutskrift","user":"u","parameters":)" + std::string(900'000, '{'),
         CR_INVALID, "för djupt nästlad"},
        {std::string(1000, '['), CR_INVALID, "för djupt nästlad"},
        // one level more than allowed (the request and its parameters are 2 of the 16)
        {nested(15), CR_INVALID, "för djupt nästlad"},
        // as deep as allowed: parsed, and refused for what it says
        {nested(14), CR_INVALID, "ska ha en text"},
        // brackets in a string are text, not nesting
        {R"({"action":"provutskrift","user":")" + std::string(100, '[') + R"("})", CR_NOT_ALLOWED,
         "behörigheten"},
    };
    for (const auto& [text, code, expected] : cases) {
        Outcome outcome{-1, nullptr, ""};
        onSmallStack([&] { outcome = run(plugin, text); });
        BOOST_TEST(outcome.code == code, text.substr(0, 60));
        BOOST_REQUIRE(outcome.result);
        BOOST_TEST(contains(outcome.result->getValue<std::string>("message"), expected),
                   text.substr(0, 60) << " → " << outcome.result->getValue<std::string>("message"));
    }
}

// A callback that takes long holds the run up: the run waits for it (there is no
// time limit on a callback; a host that wants one returns non-zero from the callback on
// its own clock). Every call comes on the thread that called cr_run_json, one at a time.
BOOST_AUTO_TEST_CASE(a_slow_callback_is_waited_for_on_the_callers_thread) {
    ScratchDirectory out;
    c_api::Plugin plugin(kConfiguration);
    const auto caller = std::this_thread::get_id();
    std::atomic<int> inside{0}, overlaps{0}, foreignThreads{0}, calls{0};
    std::atomic<bool> slowCallReturned{false};
    const auto outcome =
        run(plugin,
            request("provutskrift", R"(,"parameters":{"datum":"2024-05-20"},"output":")" +
                                        out.path().string() + "\""),
            [&](const char*, double, const char*) {
                if (inside.fetch_add(1) != 0) ++overlaps;
                if (std::this_thread::get_id() != caller) ++foreignThreads;
                if (calls.fetch_add(1) == 0) {
                    std::this_thread::sleep_for(std::chrono::seconds(3));
                    slowCallReturned = true;
                }
                inside.fetch_sub(1);
                return false;
            });
    BOOST_REQUIRE_MESSAGE(outcome.code == CR_OK, outcome.json);
    BOOST_TEST(slowCallReturned.load());
    BOOST_TEST(calls.load() > 1, "the run went on without the steps after the slow call");
    BOOST_TEST(overlaps.load() == 0, "a callback was called while another was running");
    BOOST_TEST(foreignThreads.load() == 0, "a callback came on another thread");
    BOOST_TEST(fs::exists(out.path() / "2024SOCN33-provutskrift.pdf"));
}

BOOST_AUTO_TEST_CASE(actions_can_be_listed_while_runs_go_on_on_the_same_handle) {
    ScratchDirectory out;
    c_api::Plugin plugin(kConfiguration);
    const std::string expected = plugin.actionsJson();
    BOOST_REQUIRE(contains(expected, "\"skapa-tjansteskrivelse\""));
    constexpr int kRuns = 2;
    std::atomic<int> runsLeft{kRuns};
    std::vector<Outcome> outcomes(kRuns, Outcome{-1, nullptr, ""});
    std::atomic<int> listings{0}, differing{0}, nulls{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kRuns; ++i)
        threads.emplace_back([&, i] {
            const auto outcome = plugin.run(
                request("provutskrift", R"(,"parameters":{"datum":"2024-05-2)" + std::to_string(i) +
                                            R"("},"output":")" +
                                            (out.path() / std::to_string(i)).string() + "\""));
            outcomes[i] = {outcome.code, nullptr, outcome.resultJson};
            --runsLeft;
        });
    for (int i = 0; i < 2; ++i)
        threads.emplace_back([&] {
            // Lists at least a few times, and on until both runs are done.
            for (int n = 0; n < 20 || runsLeft.load() > 0; ++n) {
                char* actions = cr_actions_json(plugin.handle());
                if (!actions) {
                    ++nulls;
                    continue;
                }
                if (expected != actions) ++differing;
                cr_free(actions);
                ++listings;
            }
        });
    for (auto& t : threads) t.join();
    BOOST_TEST(nulls.load() == 0);
    BOOST_TEST(differing.load() == 0);
    BOOST_TEST(listings.load() >= 40);
    for (int i = 0; i < kRuns; ++i) {
        BOOST_REQUIRE_MESSAGE(outcomes[i].code == CR_OK, outcomes[i].json);
        const auto pdf = out.path() / std::to_string(i) / "2024SOCN33-provutskrift.pdf";
        BOOST_TEST(contains(tests::pdfText(pdf), "Datum: 2024-05-2" + std::to_string(i) + "."));
    }
}

BOOST_AUTO_TEST_SUITE_END()
