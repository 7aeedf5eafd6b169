#include <boost/test/unit_test.hpp>

#include <algorithm>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "core/committee_report.h"
#include "report_fixture.h"

using namespace committee_report::core;
using namespace committee_report::tests;
using Poco::JSON::Object;

namespace {

Object::Ptr parse(const std::string& text) {
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Object::Ptr>();
}

// What report.json must say for a figure: the number, or "<5" / "..".
Poco::Dynamic::Var expected(const Figure& f) {
    switch (f.disclosure) {
        case Disclosure::Shown:
            return f.value;
        case Disclosure::Small:
            return std::string("<5");
        case Disclosure::Withheld:
            return std::string("..");
    }
    return {};
}

bool same(const Poco::Dynamic::Var& actual, const Figure& f) {
    if (f.shown()) return actual.isInteger() && actual.convert<long long>() == f.value;
    return actual.isString() && actual.toString() == expected(f).toString();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(report_json_test)

BOOST_AUTO_TEST_CASE(has_the_period_and_the_figures_with_their_keys) {
    const auto model = computeHandMade();
    const auto json = parse(toReportJson(model));
    BOOST_TEST(json->getObject("period")->getValue<std::string>("from") == "2022-01-01");
    BOOST_TEST(json->getObject("period")->getValue<std::string>("to") == "2024-05-31");
    const auto figures = json->getObject("figures");
    const auto incidents = figures->getObject("incidents");
    BOOST_TEST(incidents->getValue<int>("total") == 11);
    BOOST_TEST(same(incidents->get("disinformationLinked"), model.incidents.disinformationLinked));
    BOOST_TEST(incidents->getValue<std::string>("policeReported") == "<5");
    BOOST_TEST(incidents->getObject("byQuarter")->getObject("2023-Q1")->getValue<int>("total") ==
               7);
    BOOST_TEST(incidents->getObject("byQuarter")->has("2022-Q1"));
    BOOST_TEST(incidents->getValue<std::string>("periodUnit") == "quarter");
    BOOST_TEST(incidents->getObject("byPeriod")->getObject("2023-Q1")->getValue<int>("total") == 7);
    BOOST_TEST(incidents->getObject("byCategory")->getValue<int>("HOT_DIREKT") == 7);
    BOOST_TEST(incidents->getObject("byCategory")->getValue<std::string>("DODSHOT") == "<5");
    const auto observations = figures->getObject("observations");
    BOOST_TEST(same(observations->get("total"), model.observations.total));
    BOOST_TEST(same(observations->get("localLink"), model.observations.localLink));
    BOOST_TEST(observations->getObject("byPlatform")->has("TIKTOK"));
    BOOST_TEST(observations->getArray("timeline")->size() == 2u);
    const auto measures = figures->getObject("measures");
    BOOST_TEST(same(measures->get("total"), model.measures.total));
    BOOST_TEST(measures->getObject("byPerspective")->has("ARBETSMILJO"));
    BOOST_TEST(measures->getObject("byStatus")->has("GENOMFORD"));
    // Measures concern the organisation in the real definition: exact.
    BOOST_TEST(figures->getObject("meetings")->getValue<int>("count") == 2);
    BOOST_TEST(figures->getObject("meetings")->getValue<int>("participants") == 125);
}

BOOST_AUTO_TEST_CASE(every_breakdown_cell_matches_the_model_including_withheld_ones) {
    const auto model = computeHandMade();
    const auto figures = parse(toReportJson(model))->getObject("figures");
    int checked = 0, suppressed = 0;
    auto check = [&](const Object::Ptr& object, const Breakdown& b) {
        for (const auto& row : b.rows) {
            BOOST_REQUIRE_MESSAGE(object->has(row.key), b.id << " lacks " << row.key);
            if (row.cells.size() == 1) {
                BOOST_TEST(same(object->get(row.key), row.cells[0]), b.id << " " << row.key);
                suppressed += !row.cells[0].shown();
                ++checked;
                continue;
            }
            const auto cells = object->getObject(row.key);
            for (size_t c = 0; c < row.cells.size(); ++c) {
                BOOST_TEST(same(cells->get(b.columnKeys[c]), row.cells[c]), b.id << " " << row.key);
                suppressed += !row.cells[c].shown();
                ++checked;
            }
        }
    };
    check(figures->getObject("incidents")->getObject("byQuarter"), model.incidents.byQuarter);
    check(figures->getObject("incidents")->getObject("byCategory"), model.incidents.byCategory);
    check(figures->getObject("incidents")->getObject("byChannel"), model.incidents.byChannel);
    check(figures->getObject("incidents")->getObject("byArea"), model.incidents.byArea);
    check(figures->getObject("observations")->getObject("byPlatform"),
          model.observations.byPlatform);
    check(figures->getObject("observations")->getObject("byLanguage"),
          model.observations.byLanguage);
    check(figures->getObject("measures")->getObject("byPerspective"), model.measures.byPerspective);
    check(figures->getObject("measures")->getObject("byType"), model.measures.byType);
    BOOST_TEST(checked > 50);
    BOOST_TEST(suppressed > 0);
}

BOOST_AUTO_TEST_CASE(withheld_cells_are_two_dots_never_fewer_than_five) {
    // 12 + 3 incidents in two categories: the 3 is "<5" and, since the total 15
    // is shown, the 12 is withheld as "..".
    std::vector<CaseRecord> cases;
    for (int i = 0; i < 12; ++i) cases.push_back(incident({.date = day(2023, 1, 1 + i)}));
    for (int i = 0; i < 3; ++i)
        cases.push_back(incident({.date = day(2023, 2, 1 + i), .category = "VALD"}));
    ReportInput input{realDefinition(),
                      reportCase(),
                      reportCaseEntries(),
                      cases,
                      {day(2022, 1, 1), day(2024, 5, 31)},
                      day(2024, 6, 10)};
    const auto json = parse(toReportJson(computeReport(input)));
    const auto categories =
        json->getObject("figures")->getObject("incidents")->getObject("byCategory");
    BOOST_TEST(categories->getValue<std::string>("VALD") == "<5");
    BOOST_TEST(categories->getValue<std::string>("HOT_DIREKT") == "..");
    BOOST_TEST(json->getObject("figures")->getObject("incidents")->getValue<int>("total") == 15);
}

// Quarters and half-years both mostly withheld: table 1, its chart and report.json all
// give years, and report.json does not call them quarters.
BOOST_AUTO_TEST_CASE(years_when_half_years_would_be_mostly_withheld_too) {
    std::vector<CaseRecord> cases;
    // Six incidents a quarter, two linked: each quarter's and half-year's split is 1–4.
    for (int year : {2022, 2023, 2024})
        for (int month : {2, 5, 8, 11})
            for (int k = 0; k < 6; ++k)
                cases.push_back(incident(
                    Incident{.date = day(year, month, 1 + k), .link = k < 2 ? "JA" : "NEJ"}));
    const ReportInput input{realDefinition(),
                            reportCase(),
                            reportCaseEntries(),
                            cases,
                            ReportPeriod{day(2022, 1, 1), day(2024, 4, 30)},
                            day(2024, 5, 20)};
    const auto model = computeReport(input);
    const auto& i = model.incidents;
    BOOST_TEST((i.periodUnit == PeriodUnit::Year));
    BOOST_REQUIRE_EQUAL(i.byQuarter.rows.size(), 3u);
    BOOST_TEST(i.byQuarter.rows[0].label == "2022");
    BOOST_TEST(i.byQuarter.rows[0].cells[0].value == 8);
    BOOST_TEST(i.byQuarter.rows[2].label == "januari–april 2024");  // the partial year says so
    BOOST_TEST((i.partialPeriods == std::vector<bool>{false, false, true}));

    const auto incidents = parse(toReportJson(model))->getObject("figures")->getObject("incidents");
    BOOST_TEST(incidents->getValue<std::string>("periodUnit") == "year");
    BOOST_TEST(!incidents->has("byQuarter"));
    const auto byPeriod = incidents->getObject("byPeriod");
    BOOST_TEST(byPeriod->size() == 3u);
    BOOST_TEST(same(byPeriod->getObject("2022")->get("disinformationLinked"),
                    i.byQuarter.rows[0].cells[0]));
    BOOST_TEST(same(byPeriod->getObject("2024")->get("disinformationLinked"),
                    i.byQuarter.rows[2].cells[0]));

    // The chart has the table's periods, and its description speaks of years.
    const auto content = toDocumentContent(model, realDefinition());
    const auto& chart = content.charts.at("Diagram_incidenter_per_kvartal");
    std::vector<std::string> labels;
    for (const auto& row : i.byQuarter.rows) labels.push_back(row.label);
    BOOST_TEST(chart.categories == labels, boost::test_tools::per_element());
    BOOST_TEST(chart.altText.find("per år") != std::string::npos);
    const auto& table = content.tables.at("Incidenter_per_kvartal").rows;
    BOOST_TEST(std::count_if(table.begin(), table.end(), [](const auto& row) {
                   return !row.empty() && row.front() == "januari–april 2024";
               }) == 1);
}

BOOST_AUTO_TEST_SUITE_END()
