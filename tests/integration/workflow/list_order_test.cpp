// The report does not depend on the order the registry lists things in (issue 15): the
// contract (registry-api.md) promises no list order, so the same seed data served in
// insertion order, in reverse and in two shuffled orders must give a byte-identical
// report.json. Computed the create action's way: every counted case type fetched at
// once, tallied as the pages arrive (registry::tallyCases, core::CaseTally).
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "core/committee_report.h"
#include "core/report_definition.h"
#include "fakes/reference_registry_process.h"
#include "registry/case_fetch.h"
#include "registry/registry_client.h"

using namespace committee_report;
using committee_report::tests::ReferenceRegistryProcess;

namespace {

struct Listing {
    std::string name;
    ReferenceRegistryProcess::Options options;
};

struct Computed {
    std::string json;
    core::ReportModel model;
    std::vector<std::string> firstListed;  // systemIds of the first DESINFO page, as listed
};

Computed reportFrom(const ReferenceRegistryProcess& server) {
    const core::ReportDefinition definition;
    const auto settings = server.settings(ReferenceRegistryProcess::kReadToken);
    const core::Date today{2024, 5, 20};
    const auto period = core::defaultPeriod(definition, today);
    auto client = registry::makeRegistryClient(settings);
    const auto reportCase = client->findCaseByDnr("2024SOCN33");
    BOOST_TEST_REQUIRE(reportCase.has_value());
    auto entries = client->listEntries(reportCase->systemId);
    std::vector<registry::CaseQuery> queries;
    for (const auto& type : core::countedCaseTypes(definition))
        queries.push_back({type, std::nullopt, std::nullopt, std::nullopt,
                           core::countedCaseFields(definition, type)});
    registry::FetchOptions fetch;
    fetch.connections = 4;
    fetch.minRange = 200;  // long lists in ranges too, as at a large municipality
    auto tally = registry::tallyCases<core::CaseTally>(
        [&] { return registry::makeRegistryClient(settings); }, queries,
        [&] { return core::CaseTally(definition, period); }, fetch);
    const core::ReportInput input{definition, *reportCase, std::move(entries), {}, period, today};
    Computed computed;
    computed.model = core::computeReport(input, std::move(tally));
    computed.json = core::toReportJson(computed.model);
    registry::CaseQuery desinfo{"DESINFO", std::nullopt, std::nullopt, std::nullopt, {"systemId"}};
    const auto listed = client->countCases(desinfo);
    BOOST_TEST_REQUIRE(listed > 50);
    client->forEachCaseInRange(desinfo, 0, 50, listed, [&](core::CaseRecord&& record) {
        computed.firstListed.push_back(record.systemId);
    });
    return computed;
}

ReferenceRegistryProcess::Options listedIn(bool shuffle, bool reverse,
                                           std::vector<std::string> extra = {}) {
    ReferenceRegistryProcess::Options options;
    options.scale = 10;  // enough observations on one day that the timeline has ties
    options.testMode = false;
    options.shuffleLists = shuffle;
    options.reverseLists = reverse;
    options.extraArguments = std::move(extra);
    return options;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(list_order_test)

BOOST_AUTO_TEST_CASE(report_json_is_byte_identical_whatever_order_the_registry_lists_in) {
    // The salt rotates one fixed permutation (serve --shuffle-salt): salts half the modulus
    // apart, not neighbours, give orders that differ on the first page.
    const std::vector<Listing> listings{
        {"insertion order", listedIn(false, false)},
        {"reverse order", listedIn(false, true)},
        {"shuffled (salt 11)", listedIn(false, false, {"--shuffle-salt", "11"})},
        {"shuffled (salt 2147483659)", listedIn(false, false, {"--shuffle-salt", "2147483659"})}};
    std::vector<Computed> reports;
    for (const auto& listing : listings) {
        const ReferenceRegistryProcess server(listing.options);
        reports.push_back(reportFrom(server));
    }
    const auto& first = reports.front();
    // The test can fail: the timeline has items on the same day (whose order a list position
    // decided before), and each registry really listed the cases in another order.
    int ties = 0;
    const auto& timeline = first.model.observations.timeline;
    for (size_t i = 1; i < timeline.size(); ++i)
        ties += timeline[i].firstSeen == timeline[i - 1].firstSeen;
    BOOST_TEST(ties > 0);
    for (size_t i = 1; i < reports.size(); ++i) {
        BOOST_TEST(reports[i].firstListed.size() == first.firstListed.size());
        BOOST_TEST((reports[i].firstListed != first.firstListed), listings[i].name);
        for (size_t j = 1; j < i; ++j)
            BOOST_TEST((reports[i].firstListed != reports[j].firstListed), listings[i].name);
        BOOST_TEST(reports[i].json == first.json, listings[i].name << " vs " << listings[0].name);
    }
}

BOOST_AUTO_TEST_SUITE_END()
