#include <boost/test/unit_test.hpp>

#include <map>
#include <random>

#include "core/committee_report.h"
#include "report_fixture.h"

using namespace committee_report::core;
using namespace committee_report::tests;

namespace {

const BreakdownRow* row(const Breakdown& b, const std::string& key) {
    for (const auto& r : b.rows)
        if (r.key == key) return &r;
    return nullptr;
}

long long valueOf(const Breakdown& b, const std::string& key, size_t column = 0) {
    const auto* r = row(b, key);
    return r ? r->cells.at(column).value : 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(committee_report_test)

BOOST_AUTO_TEST_CASE(the_default_period_ends_on_the_last_day_of_the_previous_month) {
    const auto& definition = realDefinition();
    auto period = defaultPeriod(definition, day(2024, 6, 10));
    BOOST_TEST(period.from.iso() == "2022-01-01");
    BOOST_TEST(period.to.iso() == "2024-05-31");
    BOOST_TEST(defaultPeriod(definition, day(2024, 3, 1)).to.iso() == "2024-02-29");
    BOOST_TEST(defaultPeriod(definition, day(2025, 1, 15)).to.iso() == "2024-12-31");
}

BOOST_AUTO_TEST_CASE(the_counted_case_types_come_from_the_definition) {
    auto definition = realDefinition();
    BOOST_TEST((countedCaseTypes(definition) ==
                std::vector<std::string>{"HOT_VALD", "DESINFO", "FOREBYGGANDE"}));
    definition.incidents.caseType = "EKB_HOT";
    BOOST_TEST(countedCaseTypes(definition).front() == "EKB_HOT");
}

BOOST_AUTO_TEST_CASE(incidents_count_by_event_date_confidential_included) {
    const auto model = computeHandMade();
    const auto& i = model.incidents;
    BOOST_TEST(i.total.value == 11);  // 6 + 1 confidential + 3 + 1 registered after the end
    BOOST_TEST(i.disinformationLinked.value == 5);
    BOOST_TEST(i.policeReported.value == 2);
    BOOST_TEST((i.policeReported.disclosure == Disclosure::Small));
    BOOST_TEST(i.withoutEventDate == 1);
    BOOST_TEST(i.byQuarter.rows.size() == 10u);  // 2022 K1 .. 2024 K2
    BOOST_TEST(i.byQuarter.rows.front().label == "2022 K1");
    BOOST_TEST(i.byQuarter.rows.back().key == "2024-Q2");
    BOOST_TEST(valueOf(i.byQuarter, "2023-Q1", 0) == 5);
    BOOST_TEST(valueOf(i.byQuarter, "2023-Q1", 1) == 2);
    BOOST_TEST(valueOf(i.byQuarter, "2023-Q1", 2) == 7);
    BOOST_TEST(valueOf(i.byQuarter, "2022-Q2", 2) == 3);
    BOOST_TEST(valueOf(i.byQuarter, "2024-Q2", 2) == 1);
    BOOST_TEST(valueOf(i.byQuarter, "2021-Q4", 2) == 0);
    BOOST_TEST(valueOf(i.byCategory, "HOT_DIREKT") == 7);
    BOOST_TEST(valueOf(i.byCategory, "DODSHOT") == 3);
    BOOST_TEST(valueOf(i.byCategory, "VALD") == 1);
    BOOST_TEST(!row(i.byCategory, "HOT_DIFFUST"));  // only before the period
    BOOST_TEST(row(i.byCategory, "HOT_DIREKT")->label == "Direkt hot");
    BOOST_TEST(valueOf(i.byChannel, "TELEFON") == 3);
    BOOST_TEST(valueOf(i.byArea, "VUXEN") == 1);
    BOOST_TEST(i.byCategory.totals->cells[0].value == 11);
}

BOOST_AUTO_TEST_CASE(small_counts_are_suppressed_consistently_across_tables_and_text) {
    const auto model = computeHandMade();
    const auto& i = model.incidents;
    BOOST_TEST((row(i.byCategory, "DODSHOT")->cells[0].disclosure == Disclosure::Small));
    // 7 + DODSHOT + VALD = 11 shown: two "färre än 5" summing to 4 would each be
    // 1..3, narrower than the rule; the smaller one is withheld as "..", never
    // the large category (Direkt hot) or the total.
    BOOST_TEST((row(i.byCategory, "VALD")->cells[0].disclosure == Disclosure::Withheld));
    BOOST_TEST(i.byCategory.totals->cells[0].shown());
    BOOST_TEST(row(i.byCategory, "HOT_DIREKT")->cells[0].shown());
    // The linked column total is the same cell in the quarter table and in the text.
    BOOST_TEST((i.byQuarter.totals->cells[0].disclosure == i.disinformationLinked.disclosure));
    BOOST_TEST((i.byQuarter.totals->cells[2].disclosure == i.total.disclosure));
    // Every count of 1-4 anywhere is not shown.
    for (const auto* b : {&i.byQuarter, &i.byCategory, &i.byChannel, &i.byArea})
        for (const auto& r : b->rows)
            for (const auto& f : r.cells)
                if (f.value >= 1 && f.value <= 4) BOOST_TEST(!f.shown(), b->id << " " << r.key);
}

BOOST_AUTO_TEST_CASE(observations_by_first_seen_and_the_timeline_leaves_out_confidential_cases) {
    const auto model = computeHandMade();
    const auto& o = model.observations;
    BOOST_TEST(o.total.value == 5);
    BOOST_TEST(o.localLink.value == 4);
    BOOST_TEST(valueOf(o.byPlatform, "TIKTOK", 0) == 2);
    BOOST_TEST(valueOf(o.byPlatform, "TIKTOK", 1) == 1);
    BOOST_TEST(valueOf(o.byLanguage, "sv") == 2);
    BOOST_TEST(row(o.byLanguage, "ar")->label == "arabiska");
    BOOST_TEST(valueOf(o.byNarrative, "KIDNAPPNING") == 4);
    BOOST_REQUIRE_EQUAL(o.timeline.size(),
                        2u);  // Facebook is confidential; Tiktok 10K is not local
    BOOST_TEST(o.timeline[0].firstSeen.iso() == "2022-02-01");
    // TikTok and X have fewer than five observations but one item each in the
    // list: "at least 1" is what "färre än 5" already says, so they are named.
    BOOST_TEST(o.timeline[0].platform == "TikTok");
    BOOST_TEST(o.timeline[1].platform == "X");
    BOOST_TEST(o.timeline[1].action == "Rapporterat till plattformen");
}

BOOST_AUTO_TEST_CASE(measures_count_when_done_in_period_or_planned_and_registered_by_its_end) {
    const auto model = computeHandMade();
    const auto& m = model.measures;
    BOOST_TEST(m.total.value == 6);
    BOOST_TEST(valueOf(m.byStatus, "GENOMFORD") == 3);
    BOOST_TEST(valueOf(m.byStatus, "PAGAR") == 1);
    BOOST_TEST(valueOf(m.byStatus, "PLANERAD") == 2);
    BOOST_TEST(valueOf(m.byPerspective, "ARBETSMILJO", 3) == 3);
    BOOST_TEST(valueOf(m.byPerspective, "SAMHALLE", 3) == 3);
    BOOST_TEST(valueOf(m.byType, "INFORMATIONSMOTE", 1) == 2);
    BOOST_TEST(m.meetingsHeld.value == 2);
    // Measures concern the organisation in the real definition: shown exactly.
    BOOST_TEST(m.meetingsHeld.shown());
    BOOST_TEST(m.participants == 125);
    BOOST_REQUIRE_EQUAL(m.planned.size(), 2u);  // the confidential planned measure is not listed
    BOOST_TEST(m.confidentialNotListed == 1);   // counted in the tables, said in the text
    // In the order they were registered (the registry has no planned date for most).
    BOOST_TEST(m.planned[0].type == "Riskbedömning");
    BOOST_TEST(m.planned[0].status == "Pågår");
    BOOST_TEST(m.planned[0].registered.iso() == "2024-01-10");
    BOOST_TEST(m.planned[1].type == "Ordningsvakter");
    BOOST_TEST(m.planned[1].date->iso() == "2024-09-01");
    BOOST_TEST(m.planned[1].responsibleUnit == "Individ- och familjeomsorg");
}

BOOST_AUTO_TEST_CASE(the_definition_can_leave_the_measures_unsuppressed) {
    auto definition = realDefinition();
    definition.measures.concerns = Concerns::Organisation;
    ReportInput input{definition,
                      reportCase(),
                      reportCaseEntries(),
                      HandMade().cases,
                      defaultPeriod(definition, day(2024, 6, 10)),
                      day(2024, 6, 10)};
    const auto model = computeReport(input);
    BOOST_TEST(model.measures.meetingsHeld.shown());
    BOOST_TEST(model.measures.meetingsHeld.value == 2);
    for (const auto& r : model.measures.byType.rows)
        for (const auto& f : r.cells) BOOST_TEST(f.shown());
    // Incidents are suppressed whatever the setting.
    BOOST_TEST(!model.incidents.policeReported.shown());
}

BOOST_AUTO_TEST_CASE(background_names_groups_and_dates_never_persons) {
    const auto model = computeHandMade();
    const auto& b = model.background;
    BOOST_TEST(b.initiators == 4);
    BOOST_TEST((b.parties == std::vector<std::string>{"S", "V"}));
    BOOST_TEST(b.received->iso() == "2024-02-05");
    BOOST_REQUIRE_EQUAL(b.decisions.size(), 2u);
    BOOST_TEST(b.decisions[0].date->iso() == "2024-02-07");
    BOOST_TEST(*b.decisions[0].paragraph == 22);
    BOOST_TEST(b.decisions[0].phrase == "bordlade ärendet");
    BOOST_TEST(!b.decisions[0].assignment);
    BOOST_TEST(b.decisions[1].date->iso() == "2024-03-20");
    BOOST_TEST(*b.decisions[1].paragraph == 41);
    BOOST_TEST(b.decisions[1].assignment);
    BOOST_TEST(b.deadline->iso() == "2024-06-19");  // from the case's svarSenast
    BOOST_REQUIRE_EQUAL(b.basis.size(), 3u);
    BOOST_TEST(b.basis[0].kind == "Initiativärende inkommet");
    BOOST_TEST(*b.basis[1].paragraph == 22);
    BOOST_TEST(*b.basis[2].paragraph == 41);
    // The senders are remembered only for the final check.
    BOOST_TEST(std::count(model.screen.names.begin(), model.screen.names.end(), "Kajsa Lackovic") ==
               1);
    BOOST_TEST(std::count(model.screen.names.begin(), model.screen.names.end(), "Socialnämnden") ==
               0);
    BOOST_TEST(model.dnr == "2024SOCN33");
    BOOST_TEST(model.officer.name == "Lena Utredare");
}

// What the committee decided is read from each minutes extract's title, never from the
// case's title it repeats, and never from fixed text: other minutes give other sentences.
BOOST_AUTO_TEST_CASE(decisions_follow_the_minutes_not_fixed_text) {
    auto run = [](std::vector<std::string> titles, CaseRecord reportRecord) {
        auto entries = reportCaseEntries();
        entries.resize(1);
        int n = 1;
        for (const auto& title : titles) {
            RegistryEntry minutes;
            minutes.number = ++n;
            minutes.title = title;
            minutes.direction = {"U", "Upprättad"};
            minutes.documentType = {"PROTUTDR", "Protokollsutdrag"};
            minutes.drawnUp = day(2024, 2, 1 + n);
            entries.push_back(minutes);
        }
        ReportInput input{realDefinition(),
                          reportRecord,
                          entries,
                          {},
                          defaultPeriod(realDefinition(), day(2024, 6, 10)),
                          day(2024, 6, 10)};
        return computeReport(input).background;
    };
    // A case whose own title holds "uppdrag": repeating it in the extract is no assignment.
    auto record = reportCase();
    record.title = "Initiativärende om uppdrag kring hot och desinformation";
    auto b = run({"Protokollsutdrag SN § 12 – Återremiss av initiativärende om uppdrag kring hot "
                  "och desinformation"},
                 record);
    BOOST_REQUIRE_EQUAL(b.decisions.size(), 1u);
    BOOST_TEST(b.decisions[0].phrase == "återremitterade ärendet");
    BOOST_TEST(!b.decisions[0].assignment);
    BOOST_TEST(*b.decisions[0].paragraph == 12);
    // A title that says nothing about the decision gets the definition's neutral phrase.
    b = run({"Protokollsutdrag SN § 7 " + reportCase().title}, reportCase());
    BOOST_TEST(b.decisions[0].phrase == "tog upp ärendet");
    // Without svarSenast on the case and none in the definition, no deadline is invented.
    auto noDeadline = reportCase();
    noDeadline.properties = {};
    b = run({}, noDeadline);
    BOOST_TEST(!b.deadline);
}

BOOST_AUTO_TEST_CASE(a_generated_registry_gives_the_counts_the_test_makes_itself) {
    std::mt19937 random(4711);
    const auto& d = realDefinition();
    auto pick = [&](const std::vector<std::string>& values) {
        return values[std::uniform_int_distribution<size_t>(0, values.size() - 1)(random)];
    };
    auto anyDay = [&](int fromYear, int toYear) {
        const long first = Date{fromYear, 1, 1}.daysSinceEpoch(),
                   last = Date{toYear, 12, 31}.daysSinceEpoch();
        return Date::fromDaysSinceEpoch(std::uniform_int_distribution<long>(first, last)(random));
    };
    const ReportPeriod period{day(2022, 1, 1), day(2024, 5, 31)};
    std::vector<CaseRecord> cases;
    long long total = 0, linked = 0, police = 0;
    std::map<std::string, long long> perCategory, perQuarter;
    for (int n = 0; n < 400; ++n) {
        Incident i{.date = anyDay(2021, 2024)};
        i.category = pick({"HOT_DIREKT", "HOT_DIFFUST", "DODSHOT", "VALD", "TRAKASSERI", "FILMNING",
                           "OKAND_KOD"});
        i.link = pick({"JA", "NEJ", "OKLART"});
        i.police = pick({"NEJ", "ARBETSGIVARE", "ENSKILD"});
        i.registered = Date::fromDaysSinceEpoch(i.date.daysSinceEpoch() + n % 20);
        cases.push_back(incident(i));
        if (i.date < period.from || period.to < i.date) continue;
        ++total;
        linked += i.link == "JA";
        police += i.police != "NEJ";
        ++perCategory[i.category == "OKAND_KOD" ? "OVRIGT" : i.category];
        ++perQuarter[std::to_string(i.date.year) + "-Q" + std::to_string(i.date.quarter())];
    }
    long long observations = 0, local = 0;
    for (int n = 0; n < 150; ++n) {
        Observation o{.firstSeen = anyDay(2021, 2024)};
        o.local = n % 3 == 0;
        o.platform = pick({"TIKTOK", "FACEBOOK", "X"});
        cases.push_back(observation(o));
        if (o.firstSeen < period.from || period.to < o.firstSeen) continue;
        ++observations;
        local += o.local;
    }
    long long measures = 0, participants = 0;
    for (int n = 0; n < 120; ++n) {
        Measure m;
        m.status = pick({"GENOMFORD", "UPPFOLJD", "PAGAR", "PLANERAD", "AVBRUTEN"});
        m.type = pick({"INFORMATIONSMOTE", "UTBILDNING"});
        m.registered = anyDay(2021, 2024);
        if (m.status == "GENOMFORD" || m.status == "UPPFOLJD") m.done = anyDay(2021, 2024);
        m.participants = m.type == "INFORMATIONSMOTE" ? 10 + n : 0;
        cases.push_back(measure(m));
        const bool done = m.done && !(*m.done < period.from) && !(period.to < *m.done);
        const bool open =
            (m.status == "PAGAR" || m.status == "PLANERAD") && !(period.to < m.registered);
        measures += done || open;
        if (done && m.type == "INFORMATIONSMOTE") participants += m.participants;
    }
    std::shuffle(cases.begin(), cases.end(), random);

    ReportInput input{d, reportCase(), reportCaseEntries(), cases, period, day(2024, 6, 10)};
    const auto model = computeReport(input);
    BOOST_TEST(model.incidents.total.value == total);
    BOOST_TEST(model.incidents.disinformationLinked.value == linked);
    BOOST_TEST(model.incidents.policeReported.value == police);
    for (const auto& [key, count] : perCategory)
        BOOST_TEST(valueOf(model.incidents.byCategory, key) == count, key);
    for (const auto& [key, count] : perQuarter)
        BOOST_TEST(valueOf(model.incidents.byQuarter, key, 2) == count, key);
    BOOST_TEST(model.observations.total.value == observations);
    BOOST_TEST(model.observations.localLink.value == local);
    BOOST_TEST(model.measures.total.value == measures);
    BOOST_TEST(model.measures.participants == participants);
}

BOOST_AUTO_TEST_CASE(an_empty_period_is_refused) {
    ReportInput input{realDefinition(), reportCase(), {}, {}, {day(2024, 5, 1), day(2024, 4, 30)},
                      day(2024, 6, 1)};
    BOOST_CHECK_THROW((void)computeReport(input), ReportError);
}

// Ten incidents a quarter, three of them linked to disinformation: every
// quarter's split would be "färre än 5" / "..", so the table and chart use
// half-years, where the split (six of twenty) can be shown.
BOOST_AUTO_TEST_CASE(mostly_suppressed_quarters_become_half_years) {
    std::vector<CaseRecord> cases;
    for (int year : {2022, 2023})
        for (int month : {2, 5, 8, 11})
            for (int k = 0; k < 10; ++k)
                cases.push_back(incident(
                    Incident{.date = day(year, month, 1 + k), .link = k < 3 ? "JA" : "NEJ"}));
    const ReportInput input{realDefinition(),
                            reportCase(),
                            reportCaseEntries(),
                            cases,
                            ReportPeriod{day(2022, 1, 1), day(2023, 12, 31)},
                            day(2024, 1, 15)};
    const auto model = computeReport(input);
    const auto& rows = model.incidents.byQuarter.rows;
    BOOST_REQUIRE_EQUAL(rows.size(), 4u);
    BOOST_TEST(rows.front().key == "2022-H1");
    BOOST_TEST(rows.front().label == "januari–juni 2022");
    for (const auto& row : rows) {
        BOOST_TEST(row.cells[0].shown());
        BOOST_TEST(row.cells[0].value == 6);
        BOOST_TEST(row.cells[2].value == 20);
    }
}

BOOST_AUTO_TEST_SUITE_END()
