// core::CaseTally: the report computed from cases tallied as they arrive — in parts, in
// any order — is the report computed from all cases held at once, and items of the
// report's lists that tie on their date are ordered by their case's systemId, whatever
// order the cases were listed or arrived in (issue 15: a list's order is not promised).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>

#include "core/committee_report.h"
#include "report_fixture.h"

using namespace committee_report::core;
using namespace committee_report::tests;

namespace {

// Many cases on few dates, so that the timeline and the list of planned measures have
// many items on the same day, the order of which only their cases' systemIds decide.
std::vector<CaseRecord> casesOnFewDays(std::mt19937& random, int count) {
    auto pick = [&](const std::vector<std::string>& values) {
        return values[std::uniform_int_distribution<size_t>(0, values.size() - 1)(random)];
    };
    const std::vector<Date> days{day(2022, 2, 1),   day(2022, 9, 15), day(2023, 3, 1),
                                 day(2023, 11, 30), day(2024, 1, 10), day(2024, 4, 30),
                                 day(2021, 12, 1),  day(2024, 7, 1)};  // the last two outside
    auto anyDay = [&] {
        return days[std::uniform_int_distribution<size_t>(0, days.size() - 1)(random)];
    };
    std::vector<CaseRecord> cases;
    for (int n = 0; n < count; ++n) {
        switch (n % 3) {
            case 0: {
                Incident i{.date = anyDay()};
                i.category = pick({"HOT_DIREKT", "HOT_DIFFUST", "DODSHOT", "VALD", "PUSSEL"});
                i.channel = pick({"MOTE", "TELEFON", "SOCIALA_MEDIER"});
                i.link = pick({"JA", "NEJ", "OKLART"});
                i.police = pick({"NEJ", "ARBETSGIVARE"});
                CaseBuilder builder(incident(i));
                if (n % 7 == 0) builder.officer(pick({"Karin Berg", "Johan Ek", "Lena Holm"}));
                cases.push_back(builder);
                break;
            }
            case 1: {
                Observation o{.firstSeen = anyDay()};
                o.platform = pick({"TIKTOK", "FACEBOOK", "X", "ANNAN_PLATTFORM"});
                o.narrative = pick({"KIDNAPPNING", "EKONOMISKT_MOTIV", "RATTSOSAKERHET_LVU"});
                o.reach = pick({"OVER_100K", "10K_100K", "UNDER_1K"});
                o.local = n % 2 == 0;
                o.action = pick({"BEMOTT", "INGEN_ATGARD"});
                CaseBuilder builder(observation(o));
                if (n % 11 == 0) builder.confidential();
                cases.push_back(builder);
                break;
            }
            default: {
                Measure m;
                m.status = pick({"GENOMFORD", "PAGAR", "PLANERAD", "AVBRUTEN"});
                m.type = pick({"INFORMATIONSMOTE", "UTBILDNING", "RISKBEDOMNING"});
                m.perspective = pick({"ARBETSMILJO", "SAMHALLE", "OKANT"});
                m.registered = anyDay();
                m.unit = pick({"Individ- och familjeomsorg", "Stab"});
                if (m.status == "GENOMFORD") m.done = m.registered;
                if (m.type == "INFORMATIONSMOTE") m.participants = n % 40;
                cases.push_back(measure(m));
            }
        }
    }
    return cases;
}

ReportInput inputOf(std::vector<CaseRecord> cases) {
    return ReportInput{realDefinition(),
                       reportCase(),
                       reportCaseEntries(),
                       std::move(cases),
                       ReportPeriod{day(2022, 1, 1), day(2024, 5, 31)},
                       day(2024, 6, 10)};
}

// Pairs of neighbours in a list that tie on the date it is sorted by.
template <typename Items, typename DateOf>
int ties(const Items& items, DateOf dateOf) {
    int n = 0;
    for (size_t i = 1; i < items.size(); ++i) n += dateOf(items[i]) == dateOf(items[i - 1]);
    return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(case_tally_test)

BOOST_AUTO_TEST_CASE(cases_tallied_in_parts_and_in_any_order_give_the_report_of_all_cases_held) {
    std::mt19937 random(20261202);
    const auto cases = casesOnFewDays(random, 1500);
    const auto held = computeReport(inputOf(cases));
    const auto expected = toReportJson(held);
    // The lists are there and full of ties, so that their order is really tested.
    BOOST_TEST_REQUIRE(held.observations.timeline.size() > 50u);
    BOOST_TEST_REQUIRE(held.measures.planned.size() > 50u);
    BOOST_TEST(ties(held.observations.timeline, [](const auto& i) { return i.firstSeen; }) > 40);
    BOOST_TEST(ties(held.measures.planned, [](const auto& m) { return m.registered; }) > 40);

    const auto& definition = realDefinition();
    const auto period = inputOf({}).period;
    for (int round = 0; round < 5; ++round) {
        // The cases arrive shuffled (as a registry may list them), spread over 1–5 parts
        // (connections), and the parts are merged in a shuffled order.
        std::vector<std::uint64_t> arrival(cases.size());
        std::iota(arrival.begin(), arrival.end(), 0);
        std::shuffle(arrival.begin(), arrival.end(), random);
        const int partCount = 1 + round;
        std::vector<CaseTally> parts;
        for (int p = 0; p < partCount; ++p) parts.emplace_back(definition, period);
        for (const auto index : arrival)
            parts[std::uniform_int_distribution<size_t>(0, parts.size() - 1)(random)].add(
                cases[index]);
        std::shuffle(parts.begin(), parts.end(), random);
        CaseTally all(definition, period);
        for (auto& part : parts) all.merge(std::move(part));
        const auto streamed = computeReport(inputOf({}), std::move(all));
        BOOST_TEST(toReportJson(streamed) == expected, "round " << round);
        BOOST_TEST(streamed.screen.names == held.screen.names, "round " << round);
    }
}

BOOST_AUTO_TEST_CASE(items_on_the_same_day_are_listed_by_their_cases_system_id_not_list_order) {
    const auto& definition = realDefinition();
    const auto period = inputOf({}).period;
    // Two high-reach observations first seen the same day, and two planned measures of the
    // same type registered the same day, among enough others that neither list is withheld.
    std::mt19937 random(7);
    auto cases = casesOnFewDays(random, 600);
    const Date same = day(2023, 6, 14);
    cases.push_back(observation(
        {.firstSeen = same, .platform = "TIKTOK", .reach = "OVER_100K", .local = true}));
    cases.push_back(observation(
        {.firstSeen = same, .platform = "FACEBOOK", .reach = "OVER_100K", .local = true}));
    cases.push_back(measure(
        {.type = "UTBILDNING", .status = "PLANERAD", .registered = same, .unit = "Enhet A"}));
    cases.push_back(measure(
        {.type = "UTBILDNING", .status = "PLANERAD", .registered = same, .unit = "Enhet B"}));
    const auto n = cases.size();
    // The registry's ids of the tied cases: the first of each pair sorts before the second.
    const std::vector<std::string> ids{"id-tie-a", "id-tie-b", "id-tie-c", "id-tie-d"};
    auto listed = [&](bool idsSwapped, bool listedBackwards) {
        auto listing = cases;
        for (size_t k = 0; k < 4; ++k) listing[n - 4 + k].systemId = ids[idsSwapped ? k ^ 1 : k];
        if (listedBackwards) std::reverse(listing.begin(), listing.end());
        // Held at once and tallied one by one: the same lists.
        const auto held = computeReport(inputOf(listing));
        CaseTally tally(definition, period);
        for (const auto& record : listing) tally.add(record);
        const auto model = computeReport(inputOf({}), std::move(tally));
        BOOST_TEST(toReportJson(model) == toReportJson(held));
        std::vector<std::string> platforms, units;
        for (const auto& item : model.observations.timeline)
            if (item.firstSeen == same) platforms.push_back(item.platformCode);
        for (const auto& measure : model.measures.planned)
            if (measure.registered == same && measure.typeCode == "UTBILDNING")
                units.push_back(measure.responsibleUnit);
        return std::pair(platforms, units);
    };
    using Lists = std::pair<std::vector<std::string>, std::vector<std::string>>;
    const Lists byIds{{"TIKTOK", "FACEBOOK"}, {"Enhet A", "Enhet B"}};
    const Lists swapped{{"FACEBOOK", "TIKTOK"}, {"Enhet B", "Enhet A"}};
    BOOST_TEST((listed(false, false) == byIds));
    BOOST_TEST((listed(false, true) == byIds));    // listed backwards: the same list
    BOOST_TEST((listed(true, false) == swapped));  // the ids decide
    BOOST_TEST((listed(true, true) == swapped));
}

BOOST_AUTO_TEST_CASE(the_report_is_the_same_whatever_order_the_cases_are_listed_in) {
    // computeReport(input) with the cases held: forwards, backwards and shuffled, the same
    // report.json and the same names checked for (issue 15: ties went by list position).
    std::mt19937 random(15);
    auto cases = casesOnFewDays(random, 1200);
    const auto expected = computeReport(inputOf(cases));
    BOOST_TEST_REQUIRE(
        ties(expected.observations.timeline, [](const auto& i) { return i.firstSeen; }) > 20);
    const auto json = toReportJson(expected);
    std::reverse(cases.begin(), cases.end());
    const auto backwards = computeReport(inputOf(cases));
    BOOST_TEST(toReportJson(backwards) == json);
    BOOST_TEST(backwards.screen.names == expected.screen.names);
    std::shuffle(cases.begin(), cases.end(), random);
    const auto shuffled = computeReport(inputOf(cases));
    BOOST_TEST(toReportJson(shuffled) == json);
    BOOST_TEST(shuffled.screen.names == expected.screen.names);
}

BOOST_AUTO_TEST_CASE(a_tally_of_another_period_or_cases_given_twice_are_refused) {
    const auto& definition = realDefinition();
    const auto period = inputOf({}).period;
    CaseTally tally(definition, period);
    BOOST_CHECK_THROW(tally.merge(CaseTally(definition, ReportPeriod{day(2023, 1, 1), period.to})),
                      std::invalid_argument);
    BOOST_CHECK_THROW((void)computeReport(inputOf({incident({.date = day(2023, 1, 1)})}),
                                          CaseTally(definition, period)),
                      std::invalid_argument);
    auto other = inputOf({});
    other.period.from = day(2023, 1, 1);
    BOOST_CHECK_THROW((void)computeReport(other, CaseTally(definition, period)),
                      std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
