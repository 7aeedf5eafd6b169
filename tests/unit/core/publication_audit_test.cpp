// The independent audit of a finished report: from the published model alone it
// must find what a reader can work out, whatever DisclosureControl decided.
#include "core/publication_audit.h"

#include <boost/test/unit_test.hpp>

#include <random>

#include "core/committee_report.h"
#include "report_fixture.h"

using namespace committee_report::core;
using namespace committee_report::tests;

namespace {

// Small random registries: few cases per group, so that many cells are 1–4.
std::vector<CaseRecord> randomCases(std::mt19937& random, int incidents, int observations,
                                    int measures) {
    auto pick = [&](const std::vector<std::string>& values) {
        return values[std::uniform_int_distribution<size_t>(0, values.size() - 1)(random)];
    };
    auto anyDay = [&] {
        const long first = Date{2022, 1, 1}.daysSinceEpoch(),
                   last = Date{2024, 5, 31}.daysSinceEpoch();
        return Date::fromDaysSinceEpoch(std::uniform_int_distribution<long>(first, last)(random));
    };
    std::vector<CaseRecord> cases;
    for (int n = 0; n < incidents; ++n) {
        Incident i{.date = anyDay()};
        i.category = pick({"HOT_DIREKT", "HOT_DIFFUST", "DODSHOT", "VALD", "TRAKASSERI"});
        i.channel = pick({"MOTE", "TELEFON", "SOCIALA_MEDIER"});
        i.area = pick({"BARN_UNGA", "VUXEN", "EKB"});
        i.link = pick({"JA", "NEJ", "NEJ", "OKLART"});
        i.police = pick({"NEJ", "NEJ", "ARBETSGIVARE"});
        cases.push_back(incident(i));
    }
    for (int n = 0; n < observations; ++n) {
        Observation o{.firstSeen = anyDay()};
        o.platform = pick({"TIKTOK", "FACEBOOK", "X", "SNAPCHAT"});
        o.language = pick({"sv", "ar", "so"});
        o.narrative = pick({"KIDNAPPNING", "EKONOMISKT_MOTIV", "RATTSOSAKERHET_LVU"});
        o.reach = pick({"UNDER_1K", "10K_100K", "OVER_100K"});
        o.local = std::uniform_int_distribution<int>(0, 3)(random) == 0;
        cases.push_back(observation(o));
    }
    for (int n = 0; n < measures; ++n) {
        Measure m;
        m.status = pick({"GENOMFORD", "PAGAR", "PLANERAD"});
        m.type = pick({"INFORMATIONSMOTE", "UTBILDNING", "RISKBEDOMNING"});
        m.perspective = pick({"ARBETSMILJO", "SAMHALLE"});
        m.registered = anyDay();
        if (m.status == "GENOMFORD") m.done = m.registered;
        cases.push_back(measure(m));
    }
    return cases;
}

ReportModel computeRandom(std::mt19937& random, bool measuresConcernPersons) {
    auto definition = realDefinition();
    if (measuresConcernPersons) definition.measures.concerns = Concerns::Persons;
    const auto size = [&](int low, int high) {
        return std::uniform_int_distribution<int>(low, high)(random);
    };
    ReportInput input{definition,
                      reportCase(),
                      reportCaseEntries(),
                      randomCases(random, size(0, 60), size(0, 30), size(0, 25)),
                      ReportPeriod{day(2022, 1, 1), day(2024, 5, 31)},
                      day(2024, 6, 10)};
    return computeReport(input);  // runs auditPublication before it returns
}

// Every published cell shown as "färre än 5" in any table of the model.
std::vector<Figure*> smallCells(ReportModel& model) {
    std::vector<Figure*> cells;
    for (auto* b :
         {&model.incidents.byQuarter, &model.incidents.byCategory, &model.incidents.byChannel,
          &model.incidents.byArea, &model.observations.byPlatform, &model.observations.byLanguage,
          &model.observations.byNarrative})
        for (auto& row : b->rows)
            for (auto& cell : row.cells)
                if (cell.disclosure == Disclosure::Small) cells.push_back(&cell);
    return cells;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(publication_audit_test)

// Property: over random registries, no report that computeReport lets through has a
// withheld cell a reader can narrow below the rule — checked from the model alone.
BOOST_AUTO_TEST_CASE(random_reports_never_let_a_reader_narrow_a_withheld_cell) {
    std::mt19937 random(20240520);
    int withSmallCells = 0;
    for (int run = 0; run < 40; ++run) {
        ReportModel model;
        try {
            model = computeRandom(random, run % 2 == 1);
        } catch (const std::exception& error) {
            BOOST_FAIL("run " << run << ": " << error.what());
        }
        const auto leaks = findPublicationLeaks(model);
        BOOST_TEST(leaks.empty(), "run " << run << ": " << (leaks.empty() ? "" : leaks[0].table));
        withSmallCells += !smallCells(model).empty();
    }
    BOOST_TEST(withSmallCells > 20);  // the property was tested on reports that protect cells
}

// A fault in the suppression pattern: the partner cell withheld to protect a small
// one is published after all. The audit, which does not ask DisclosureControl, finds it.
BOOST_AUTO_TEST_CASE(a_withheld_partner_published_by_mistake_is_caught) {
    std::mt19937 random(4711);
    int caught = 0;
    for (int run = 0; run < 40 && caught < 5; ++run) {
        auto model = computeRandom(random, false);
        // Publish every ".." of the category table: its "färre än 5" cells are then pinned
        // by the shown total (or, with one small cell left, exactly).
        auto& table = model.incidents.byCategory;
        int small = 0, withheld = 0;
        for (auto& row : table.rows) {
            small += row.cells[0].disclosure == Disclosure::Small;
            withheld += row.cells[0].disclosure == Disclosure::Withheld;
        }
        if (small != 1 || withheld == 0 || !table.totals || !table.totals->cells[0].shown())
            continue;
        for (auto& row : table.rows)
            if (row.cells[0].disclosure == Disclosure::Withheld)
                row.cells[0].disclosure = Disclosure::Shown;
        const auto leaks = findPublicationLeaks(model);
        BOOST_REQUIRE(!leaks.empty());
        BOOST_TEST(leaks[0].low == leaks[0].high);  // pinned to one value
        try {
            auditPublication(model);
            BOOST_FAIL("a leaking report was not refused");
        } catch (const PublicationLeakError& error) {
            const std::string message = error.what();
            BOOST_TEST(message.find("Rapporten skapas inte") != std::string::npos);
            BOOST_TEST(message.find("Inget har skrivits till diariet") != std::string::npos);
            // It names where, never the value it protects.
            BOOST_TEST(message.find("incidents.") != std::string::npos);
        }
        ++caught;
    }
    BOOST_TEST(caught > 0);
}

// The issue's own example: two "färre än 5" beside a shown total of 99 and shown rows
// summing to 97 are both exactly 1.
BOOST_AUTO_TEST_CASE(two_small_cells_beside_rows_that_leave_two_are_found) {
    ReportModel model;
    auto& b = model.observations.byPlatform;
    b.id = "observations.byPlatform";
    b.columnKeys = {"count", "localLink"};
    auto row = [](const char* key, long long count, Disclosure disclosure) {
        return BreakdownRow{key, key, {Figure{count, disclosure}, Figure{0, Disclosure::Shown}}};
    };
    b.rows = {row("FACEBOOK", 60, Disclosure::Shown), row("TIKTOK", 37, Disclosure::Shown),
              row("SNAPCHAT", 1, Disclosure::Small), row("ANNAT", 1, Disclosure::Small)};
    b.totals = BreakdownRow{"TOTALT", "Totalt", {Figure{99}, Figure{0}}};
    model.observations.total = Figure{99};
    const auto leaks = findPublicationLeaks(model);
    BOOST_REQUIRE_EQUAL(leaks.size(), 2u);
    BOOST_TEST(leaks[0].low == 1);
    BOOST_TEST(leaks[0].high == 1);
    BOOST_CHECK_THROW(auditPublication(model), PublicationLeakError);
    // Withholding one shown row as ".." widens both again.
    b.rows[1].cells[0].disclosure = Disclosure::Withheld;
    BOOST_TEST(findPublicationLeaks(model).empty());
}

// The text's "Vid fyra informationsmöten …" is part of the type table's meeting row: a
// reader who sees four meetings held and a row total of "färre än 5" knows the row is 4.
BOOST_AUTO_TEST_CASE(information_meetings_held_are_linked_to_the_meeting_row) {
    ReportModel model;
    auto& m = model.measures;
    m.total = Figure{10};
    m.byType.id = "measures.byType";
    m.byType.columnKeys = {"SAMHALLE", "total"};
    m.byType.rows = {
        BreakdownRow{"INFORMATIONSMOTE",
                     "Informationsmöte",
                     {Figure{4, Disclosure::Small}, Figure{4, Disclosure::Small}}},
        BreakdownRow{"UTBILDNING",
                     "Utbildning",
                     {Figure{6, Disclosure::Withheld}, Figure{6, Disclosure::Withheld}}}};
    m.meetingsHeld = Figure{4};  // shown by mistake
    const auto leaks = findPublicationLeaks(model);
    BOOST_REQUIRE(!leaks.empty());
    BOOST_TEST(leaks[0].table == "measures.byType");
    BOOST_TEST(leaks[0].low == 4);
    // Withheld as well, the meetings count narrows nothing.
    m.meetingsHeld = Figure{4, Disclosure::Small};
    BOOST_TEST(findPublicationLeaks(model).empty());
}

BOOST_AUTO_TEST_SUITE_END()
