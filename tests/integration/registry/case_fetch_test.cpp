// registry::fetchCases against the reference registry: the counted case types
// fetched at once, one connection each, give what fetching them one after
// another gives; a fault on one connection fails the whole fetch with that
// connection's own error; a caller that gives up (cancels) is obeyed; and no
// thread is left running, whichever way the fetch ends.
#include <boost/test/unit_test.hpp>

#include <dirent.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>

#include "core/committee_report.h"
#include "core/report_definition.h"
#include "registry/case_fetch.h"
#include "registry_test_support.h"

using namespace committee_report;
using committee_report::registry::ErrorKind;
using committee_report::registry::RegistryError;
using committee_report::tests::ReferenceRegistryProcess;
using ms = std::chrono::milliseconds;

namespace {

// Threads of this process, as the kernel lists them.
std::size_t threadCount() {
    std::size_t n = 0;
    if (DIR* tasks = opendir("/proc/self/task")) {
        while (const dirent* entry = readdir(tasks))
            if (entry->d_name[0] != '.') ++n;
        closedir(tasks);
    }
    return n;
}

std::vector<std::string> idsOf(const std::vector<core::CaseRecord>& cases) {
    std::vector<std::string> ids;
    for (const auto& c : cases) ids.push_back(c.systemId + " " + c.type.code);
    return ids;
}

struct Registry {
    ReferenceRegistryProcess server;
    registry::ClientOptions options = tests::testOptions(server);
    std::vector<registry::CaseQuery> queries{
        {"HOT_VALD", {}, {}, {}, {}}, {"DESINFO", {}, {}, {}, {}}, {"FOREBYGGANDE", {}, {}, {}, {}}};
    std::atomic<int> clientsMade{0};

    registry::ClientFactory factory() {
        return [this] {
            ++clientsMade;
            return tests::testClient(options, ReferenceRegistryProcess::kReadToken);
        };
    }
    std::vector<core::CaseRecord> oneAfterAnother() {
        auto client = tests::testClient(options, ReferenceRegistryProcess::kReadToken);
        std::vector<core::CaseRecord> all;
        for (const auto& query : queries)
            for (auto& c : client->queryCases(query)) all.push_back(std::move(c));
        return all;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(case_fetch_test, Registry)

BOOST_AUTO_TEST_CASE(all_types_at_once_give_the_same_cases_in_the_same_order_as_one_by_one) {
    const auto threadsBefore = threadCount();
    std::vector<std::size_t> finished;
    registry::FetchOptions fetch;
    fetch.onQueryDone = [&](std::size_t query, std::size_t done) {
        finished.push_back(query);
        BOOST_TEST(done == finished.size());
    };
    const auto cases = registry::fetchCases(factory(), queries, fetch);
    BOOST_TEST(threadCount() == threadsBefore);
    BOOST_TEST(clientsMade.load() == 4);  // one to count the lists, one per type (none split)
    BOOST_TEST(finished.size() == 3u);    // each type reported once, in whatever order it ended

    const auto expected = oneAfterAnother();
    BOOST_TEST(cases.size() > 400u);  // scale 1: several pages of every type
    BOOST_TEST(idsOf(cases) == idsOf(expected), boost::test_tools::per_element());
    BOOST_TEST(static_cast<std::int64_t>(cases.size()) ==
               server.queryNumber("SELECT COUNT(*) FROM arende WHERE arendetyp IN "
                                  "('HOT_VALD', 'DESINFO', 'FOREBYGGANDE')"));
    // Whole records, not only ids: the mapping is the same code path.
    BOOST_TEST(cases.front().dnr == expected.front().dnr);
    BOOST_TEST(cases.back().properties.size() == expected.back().properties.size());
}

BOOST_AUTO_TEST_CASE(long_lists_read_in_ranges_give_the_same_cases_in_the_same_order) {
    registry::FetchOptions fetch;
    fetch.connections = 8;
    fetch.minRange = 100;  // scale 1: HOT_VALD's 291 cases in 3 ranges, DESINFO's 111 in 2
    const auto threadsBefore = threadCount();
    const auto cases = registry::fetchCases(factory(), queries, fetch);
    BOOST_TEST(threadCount() == threadsBefore);
    BOOST_TEST(idsOf(cases) == idsOf(oneAfterAnother()), boost::test_tools::per_element());
    BOOST_TEST(clientsMade.load() == 1 + 3 + 2 + 1);
    BOOST_TEST(tests::countMatching(server.requests(), "GET /api/arende?") > 0u);
    std::size_t skips = 0;
    for (const auto& request : server.requests()) {
        const auto at = request.find("skip=");
        if (at == std::string::npos) continue;
        const auto value = request.substr(at + 5, request.find('&', at) - at - 5);
        if (value == "97" || value == "194") ++skips;
    }
    BOOST_TEST(skips >= 2u);  // the ranges started where they were cut
}

BOOST_AUTO_TEST_CASE(a_case_in_two_ranges_or_a_count_that_changes_fails_the_fetch) {
    registry::FetchOptions fetch;
    fetch.connections = 8;
    fetch.minRange = 100;  // HOT_VALD in ranges [0, 97), [97, 194), [194, 291)
    // The 151st HOT_VALD case (second range) carries the systemId of the first (first range).
    const std::string nth =
        "SELECT seq FROM arende WHERE arendetyp = 'HOT_VALD' ORDER BY "
        "registreringsdatum, seq LIMIT 1 OFFSET ";
    BOOST_TEST(server.queryNumber("UPDATE arende SET json = json_set(json, '$.systemId', (SELECT "
                                  "json_extract(json, '$.systemId') FROM arende WHERE seq = (" +
                                  nth + "0))) WHERE seq = (" + nth + "150) RETURNING 1") == 1);
    const auto twice = tests::failureOf<RegistryError>(
        [&] { (void)registry::fetchCases(factory(), queries, fetch); });
    BOOST_TEST((twice.kind() == ErrorKind::BadResponse));
    BOOST_TEST(std::string(twice.what()).find("samma post kom två gånger") != std::string::npos,
               twice.what());

    // A range whose pages report another count than the list had when it was counted (the
    // repeated case mended first: it would be caught as it arrives, and HOT_VALD is the
    // first query, whose failure is the one reported).
    BOOST_TEST(server.queryNumber("UPDATE arende SET json = json_set(json, '$.systemId', "
                                  "'mended-151st') WHERE seq = (" +
                                  nth + "150) RETURNING 1") == 1);
    server.setFaults(
        R"([{"pathRegex": "DESINFO.*skip", "fault": "wrongCount", "countDelta": 1, "times": -1}])");
    const auto changed = tests::failureOf<RegistryError>(
        [&] { (void)registry::fetchCases(factory(), queries, fetch); });
    BOOST_TEST((changed.kind() == ErrorKind::BadResponse));
    BOOST_TEST(changed.detail().find("count changed") != std::string::npos, changed.detail());
}

BOOST_AUTO_TEST_CASE(no_queries_and_empty_lists_are_fine) {
    BOOST_TEST(registry::fetchCases(factory(), {}).empty());
    BOOST_TEST(registry::fetchCases(factory(), {{"FINNS_INTE", {}, {}, {}, {}}}).empty());
}

BOOST_AUTO_TEST_CASE(a_fault_on_one_connection_fails_the_whole_fetch_with_its_own_error) {
    const auto threadsBefore = threadCount();
    // DESINFO's second page answers 500 (not retried); the other types are fine.
    server.setFaults(
        R"([{"pathRegex": "DESINFO", "fault": "status", "status": 500, "skip": 1, "times": 1}])");
    const auto error =
        tests::failureOf<RegistryError>([&] { (void)registry::fetchCases(factory(), queries); });
    BOOST_TEST((error.kind() == ErrorKind::ServerError));
    BOOST_TEST(std::string(error.what()).find("internt fel") != std::string::npos, error.what());
    BOOST_TEST(threadCount() == threadsBefore);

    // An incomplete list (count too high on every page) is refused as when fetched alone.
    server.setFaults(
        R"([{"pathRegex": "FOREBYGGANDE", "fault": "wrongCount", "countDelta": 1, "times": -1}])");
    const auto incomplete =
        tests::failureOf<RegistryError>([&] { (void)registry::fetchCases(factory(), queries); });
    BOOST_TEST((incomplete.kind() == ErrorKind::BadResponse));
    BOOST_TEST(std::string(incomplete.what()).find("stämmer inte") != std::string::npos,
               incomplete.what());
    BOOST_TEST(threadCount() == threadsBefore);

    // Afterwards the registry serves the fetch in full again.
    server.clearFaults();
    BOOST_TEST(registry::fetchCases(factory(), queries).size() == oneAfterAnother().size());
}

BOOST_AUTO_TEST_CASE(the_first_failing_query_in_order_decides_the_error) {
    // Both fail on their first page, in whatever order the threads get there; the
    // error reported is always HOT_VALD's, the first query's.
    for (int round = 0; round < 3; ++round) {
        server.setFaults(R"([
            {"pathRegex": "HOT_VALD", "fault": "status", "status": 404, "times": 1},
            {"pathRegex": "DESINFO", "fault": "status", "status": 500, "times": 1}])");
        const auto error = tests::failureOf<RegistryError>(
            [&] { (void)registry::fetchCases(factory(), queries); });
        BOOST_TEST((error.kind() == ErrorKind::NotFound), error.detail());
        BOOST_TEST(error.detail().find("HOT_VALD") != std::string::npos, error.detail());
    }
}

BOOST_AUTO_TEST_CASE(a_factory_that_throws_fails_the_fetch_and_leaves_no_thread) {
    const auto threadsBefore = threadCount();
    int calls = 0;
    std::mutex mutex;
    registry::ClientFactory failing = [&]() -> std::unique_ptr<registry::RegistryClient> {
        std::lock_guard lock(mutex);
        if (++calls == 2)
            throw RegistryError(ErrorKind::Configuration, "Ingen token för diariet är angiven.",
                                "empty bearer token");
        return tests::testClient(options, ReferenceRegistryProcess::kReadToken);
    };
    const auto error =
        tests::failureOf<RegistryError>([&] { (void)registry::fetchCases(failing, queries); });
    BOOST_TEST((error.kind() == ErrorKind::Configuration));
    BOOST_TEST(threadCount() == threadsBefore);
}

BOOST_AUTO_TEST_CASE(a_checkpoint_that_throws_stops_the_fetch_promptly) {
    const auto threadsBefore = threadCount();
    // Every list page takes 200 ms, so the fetch would take seconds.
    server.setFaults(
        R"([{"path": "/api/arende", "fault": "latency", "delayMs": 200, "times": -1}])");
    struct Cancelled : std::runtime_error {
        Cancelled() : std::runtime_error("Åtgärden avbröts.") {}
    };
    int checkpoints = 0;
    registry::FetchOptions fetch;
    fetch.pollInterval = ms(20);
    fetch.connections = 3;  // one per type, no counting first: every checkpoint is while fetching
    fetch.checkpoint = [&] {
        if (++checkpoints == 3) throw Cancelled();
    };
    const auto start = std::chrono::steady_clock::now();
    (void)tests::failureOf<Cancelled>(
        [&] { (void)registry::fetchCases(factory(), queries, fetch); });
    const auto elapsed = std::chrono::steady_clock::now() - start;
    BOOST_TEST(checkpoints == 3);
    // Each connection stops at its next page: well under the full fetch (≥ 3 pages × 200 ms).
    BOOST_TEST(elapsed < ms(2000));
    BOOST_TEST(threadCount() == threadsBefore);
}

BOOST_AUTO_TEST_CASE(the_reports_fetch_holds_only_the_counted_fields_and_nothing_else_of_a_case) {
    // What the report action asks for: per type, the fields its definition counts.
    const core::ReportDefinition definition;  // the standard settings (HOT_VALD, DESINFO …)
    std::vector<registry::CaseQuery> selected = queries;
    for (auto& query : selected) query.select = core::countedCaseFields(definition, query.caseType);
    const auto full = registry::fetchCases(factory(), queries);
    const auto lean = registry::fetchCases(factory(), selected);
    BOOST_REQUIRE(lean.size() == full.size());
    std::size_t confidential = 0, withProperties = 0;
    for (std::size_t i = 0; i < lean.size(); ++i) {
        const auto& a = lean[i];
        const auto& b = full[i];
        BOOST_TEST(a.systemId == b.systemId);
        BOOST_TEST(a.type.code == b.type.code);
        BOOST_TEST((a.registered == b.registered));
        BOOST_TEST(a.confidentiality.has_value() == b.confidentiality.has_value());
        if (a.confidentiality) ++confidential;
        // Titles, free text, names and everything else of a counted case are never held.
        BOOST_TEST(a.title.empty());
        BOOST_TEST(a.publicTitle.empty());
        BOOST_TEST(a.dnr.empty());
        BOOST_TEST(!a.officer.has_value());
        BOOST_TEST(a.unit.empty());
        // Of the attributes, exactly those the report counts, with the same values.
        const auto wanted = core::countedCaseFields(definition, a.type.code);
        std::size_t expected = 0;
        for (const auto& [key, value] : b.properties) {
            if (std::find(wanted.begin(), wanted.end(), "egenskaper/" + key) == wanted.end()) {
                BOOST_TEST(a.properties.find(key) == nullptr, key);
                continue;
            }
            ++expected;
            BOOST_TEST((a.properties.find(key) && *a.properties.find(key) == value), key);
        }
        BOOST_TEST(a.properties.size() == expected);
        if (!a.properties.empty()) ++withProperties;
    }
    BOOST_TEST(confidential > 0u);  // the seed has confidential cases: sekretess is still read
    BOOST_TEST(withProperties == lean.size());
}

BOOST_AUTO_TEST_CASE(cases_tallied_as_they_arrive_give_the_report_of_all_cases_held) {
    // The report action's way (tallyCases, one tally per connection, long lists in
    // ranges) against computing from every case held: the same report.json.
    const core::ReportDefinition definition;
    std::vector<registry::CaseQuery> selected = queries;
    for (auto& query : selected) query.select = core::countedCaseFields(definition, query.caseType);
    const core::Date today{2024, 5, 20};
    const auto period = core::defaultPeriod(definition, today);
    const auto reportCase = *tests::testClient(options, ReferenceRegistryProcess::kReadToken)
                                 ->findCaseByDnr("2024SOCN33");
    const core::ReportInput held{
        definition, reportCase, {}, registry::fetchCases(factory(), selected), period, today};
    const auto expected = core::toReportJson(core::computeReport(held));
    for (const int connections : {3, 8}) {
        registry::FetchOptions fetch;
        fetch.connections = connections;
        fetch.minRange = 100;  // with 8: HOT_VALD and DESINFO in ranges
        std::atomic<int> tallies{0};
        auto tally = registry::tallyCases<core::CaseTally>(
            factory(), selected,
            [&] {
                ++tallies;
                return core::CaseTally(definition, period);
            },
            fetch);
        BOOST_TEST(tallies.load() == (connections == 3 ? 3 : 3 + 2 + 1) + 1);  // + the result
        const core::ReportInput streamed{definition, reportCase, {}, {}, period, today};
        const auto model = core::computeReport(streamed, std::move(tally));
        BOOST_TEST(core::toReportJson(model) == expected, connections << " connections");
        BOOST_TEST(model.incidents.total.value > 100);  // scale 1: the figures are not empty
    }
}

BOOST_AUTO_TEST_SUITE_END()
