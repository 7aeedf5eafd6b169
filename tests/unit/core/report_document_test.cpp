#include <boost/test/unit_test.hpp>

#include <set>

#include <map>
#include <random>

#include "core/committee_report.h"
#include "report_fixture.h"

using namespace committee_report::core;
using namespace committee_report::tests;

namespace {

const std::string nbsp = "\u00A0";

bool containsText(const std::vector<std::string>& paragraphs, const std::string& text) {
    for (const auto& p : paragraphs)
        if (p.find(text) != std::string::npos) return true;
    return false;
}

// Every string of the content, for "never contains" checks.
std::string everything(const DocumentContent& content) {
    std::string all;
    for (const auto& [name, text] : content.fields) all += text + "\n";
    for (const auto& [name, block] : content.blocks)
        for (const auto& p : block.paragraphs) all += p + "\n";
    for (const auto& [name, table] : content.tables)
        for (const auto& row : table.rows)
            for (const auto& cell : row) all += cell + "\n";
    for (const auto& [name, chart] : content.charts) all += chart.altText + "\n";
    all += content.properties.title + content.properties.subject + content.properties.author +
           content.properties.keywords;
    return all;
}

const std::vector<std::string>* findRow(const TableContent& table, const std::string& first) {
    for (const auto& row : table.rows)
        if (!row.empty() && row[0] == first) return &row;
    return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(report_document_test)

BOOST_AUTO_TEST_CASE(every_template_name_of_the_readme_is_filled) {
    const auto content = toDocumentContent(computeHandMade(), realDefinition());
    for (const char* field : {"Kommun", "Forvaltning", "Datum", "Diarienummer", "Handlaggare_namn",
                              "Handlaggare_titel", "Handlaggare_enhet", "Handlaggare_epost",
                              "Mottagare", "Rubrik", "Period_text", "Chef_namn", "Chef_titel"})
        BOOST_TEST(content.fields.count(field) == 1u, field);
    for (const char* section :
         {"Forslag_till_beslut", "Sammanfattning", "Bakgrund", "Del2_incidenter_text",
          "Del2_observationer_text", "Del3_text", "Beslutsunderlag", "Beslutet_skickas_till"})
        BOOST_TEST(!content.blocks.at(section).paragraphs.empty(), section);
    // Table name -> number of columns in templates/hot-och-desinformation/README.md.
    const std::map<std::string, size_t> columns{
        {"Incidenter_per_kvartal", 4},      {"Incidenter_per_kategori", 3},
        {"Incidenter_per_kanal", 3},        {"Incidenter_per_verksamhet", 3},
        {"Observationer_per_plattform", 3}, {"Observationer_per_sprak", 2},
        {"Observationer_per_narrativ", 2},  {"Tidslinje_hog_rackvidd", 5},
        {"Atgarder_per_perspektiv", 5},     {"Atgarder_per_typ", 4},
        {"Planerade_atgarder", 5}};
    BOOST_TEST(content.tables.size() == columns.size());
    for (const auto& [name, count] : columns) {
        BOOST_REQUIRE_MESSAGE(content.tables.count(name), name);
        // A column left out (nothing published in it) is named in removedColumns.
        const auto& table = content.tables.at(name);
        for (const auto& row : table.rows)
            BOOST_TEST(row.size() + table.removedColumns.size() == count, name);
    }
    BOOST_TEST(content.charts.count("Diagram_incidenter_per_kvartal") == 1u);
}

BOOST_AUTO_TEST_CASE(header_fields_are_formatted_as_the_template_expects) {
    const auto model = computeHandMade();
    const auto content = toDocumentContent(model, realDefinition());
    BOOST_TEST(content.fields.at("Kommun") == "Ekbacka kommun");
    BOOST_TEST(content.fields.at("Datum") == "2024-06-10");
    BOOST_TEST(content.fields.at("Diarienummer") == "2024SOCN33");
    BOOST_TEST(content.fields.at("Mottagare") == "Socialnämnden");
    BOOST_TEST(content.fields.at("Period_text") == "1 januari 2022\u201331 maj 2024");
    BOOST_TEST(content.fields.at("Chef_titel") == "Socialchef");
    BOOST_TEST(content.fields.at("Handlaggare_namn") == "Lena Utredare");
    BOOST_TEST(content.properties.subject == "2024SOCN33");
    BOOST_TEST(content.properties.author == "Socialförvaltningen");
    BOOST_TEST(content.properties.title == model.title);
    BOOST_TEST(content.properties.language == "sv-SE");
}

BOOST_AUTO_TEST_CASE(tables_show_small_counts_as_fewer_than_five_and_end_with_totals) {
    const auto content = toDocumentContent(computeHandMade(), realDefinition());
    const auto& categories = content.tables.at("Incidenter_per_kategori");
    BOOST_TEST(categories.rows.back()[0] == "Totalt");
    BOOST_TEST(categories.rows.back()[1] == "11");
    BOOST_TEST(categories.rows.back()[2] == "100" + nbsp + "%");
    const auto* direct = findRow(categories, "Direkt hot");
    BOOST_REQUIRE(direct);
    BOOST_TEST((*direct)[1] == "7");
    BOOST_TEST((*direct)[2] == "64" + nbsp + "%");  // 7 of 11
    const auto* death = findRow(categories, "Dödshot");
    BOOST_REQUIRE(death);
    BOOST_TEST((*death)[1] == "färre än 5");
    BOOST_TEST((*death)[2] == "..");  // no share that gives the count back
    const auto& quarters = content.tables.at("Incidenter_per_kvartal");
    BOOST_TEST(quarters.rows.size() == 11u);  // ten quarters and Totalt
    BOOST_TEST(quarters.rows.front()[0] == "2022 K1");
    BOOST_TEST(quarters.rows.front()[3] == "0");
    for (const auto& row : quarters.rows)
        for (size_t c = 1; c < row.size(); ++c)
            BOOST_TEST((row[c] == "0" || row[c] == "färre än 5" || row[c] == ".." ||
                        std::stoi(row[c]) >= 5),
                       row[0] << ": " << row[c]);
}

BOOST_AUTO_TEST_CASE(timeline_and_planned_measures_describe_no_confidential_case) {
    const auto content = toDocumentContent(computeHandMade(), realDefinition());
    const auto& timeline = content.tables.at("Tidslinje_hog_rackvidd");
    BOOST_REQUIRE_EQUAL(timeline.rows.size(), 2u);
    BOOST_TEST(timeline.rows[0][0] == "2022-02-01");
    BOOST_TEST(timeline.rows[0][2] == "Över 100" + nbsp + "000");
    BOOST_TEST(!findRow(timeline, "2022-03-05"));  // the confidential Facebook item
    const auto& planned = content.tables.at("Planerade_atgarder");
    BOOST_REQUIRE_EQUAL(planned.rows.size(), 2u);
    // The date column is the registration date, never empty.
    BOOST_TEST(planned.rows[0][0] == "Riskbedömning");
    BOOST_TEST(planned.rows[0][4] == "2024-01-10");
    BOOST_TEST(planned.rows[1][0] == "Ordningsvakter");
    BOOST_TEST(planned.rows[1][4] == "2024-05-20");
    BOOST_TEST(!findRow(planned, "Information på flera språk"));
    // The confidential one is counted in the tables; the text says so, so the list and
    // the tables agree.
    BOOST_TEST(containsText(content.blocks.at("Del3_text").paragraphs,
                            "Därutöver pågår eller planeras en åtgärd som omfattas av sekretess."));
}

BOOST_AUTO_TEST_CASE(long_lists_are_cut_and_say_how_many_more_there_are) {
    auto definition = realDefinition();
    definition.maxListRows = 1;
    const auto content = toDocumentContent(computeHandMade(), definition);
    const auto& planned = content.tables.at("Planerade_atgarder");
    BOOST_REQUIRE_EQUAL(planned.rows.size(), 2u);
    BOOST_TEST(planned.rows[0][0] == "Riskbedömning");
    BOOST_TEST(planned.rows[1][0] == "Ytterligare 1 åtgärd (se diariet)");
    BOOST_TEST(planned.rows[1][4] == "–");
}

BOOST_AUTO_TEST_CASE(the_chart_matches_the_table_and_describes_the_peak) {
    const auto content = toDocumentContent(computeHandMade(), realDefinition());
    const auto& chart = content.charts.at("Diagram_incidenter_per_kvartal");
    BOOST_TEST(chart.categories.size() == 10u);
    BOOST_TEST(chart.categories[0] == "2022 K1");
    BOOST_TEST((chart.seriesNames ==
                std::vector<std::string>{"Kopplade till desinformation", "Övriga", "Ej uppdelat"}));
    const auto& quarters = content.tables.at("Incidenter_per_kvartal");
    const auto number = [](const std::string& cell) {
        return cell == "färre än 5" || cell == ".." ? -1.0 : std::stod(cell);
    };
    for (size_t q = 0; q < chart.categories.size(); ++q) {
        const double linked = number(quarters.rows[q][1]), other = number(quarters.rows[q][2]),
                     total = number(quarters.rows[q][3]);
        if (linked >= 0 && other >= 0) {  // the split is shown: the chart shows it
            BOOST_TEST(chart.values[q][0] == linked, chart.categories[q]);
            BOOST_TEST(chart.values[q][1] == other, chart.categories[q]);
            BOOST_TEST(chart.values[q][2] == 0.0, chart.categories[q]);
        } else {  // withheld: only the table's shown total, as one undivided bar
            BOOST_TEST(chart.values[q][0] == 0.0, chart.categories[q]);
            BOOST_TEST(chart.values[q][1] == 0.0, chart.categories[q]);
            BOOST_TEST(chart.values[q][2] == std::max(total, 0.0), chart.categories[q]);
        }
    }
    BOOST_TEST(chart.altText.find("första kvartalet 2023") != std::string::npos, chart.altText);
    BOOST_TEST(chart.altText.find("Ej uppdelat") != std::string::npos, chart.altText);
}

BOOST_AUTO_TEST_CASE(the_text_states_the_key_figures_in_plain_swedish) {
    const auto model = computeHandMade();
    const auto content = toDocumentContent(model, realDefinition());
    const auto& summary = content.blocks.at("Sammanfattning").paragraphs;
    BOOST_TEST(containsText(
        summary, "Fyra ledamöter i socialnämnden (S och V) lämnade den 5 februari 2024"));
    BOOST_TEST(containsText(summary, "registrerades elva händelser"));
    // Five linked incidents of eleven, but withheld in the quarter table: the text must not give
    // them.
    if (model.incidents.disinformationLinked.shown())
        BOOST_TEST(containsText(summary,
                                "Av dem hade fem (45" + nbsp + "%) koppling till desinformation"));
    else
        BOOST_TEST(!containsText(summary, "koppling till desinformation"));
    // Five observations over four platforms of "färre än 5" would pin each to 1..2: the
    // total is withheld, so the text gives no number.
    BOOST_TEST(!containsText(summary, "fem fall av desinformation"));
    const auto& background = content.blocks.at("Bakgrund").paragraphs;
    BOOST_TEST(
        containsText(background, "Den 7 februari 2024 (§ 22) bordlade socialnämnden ärendet."));
    // The deadline goes with the decision that gave the assignment (the minutes' title says so).
    BOOST_TEST(containsText(background,
                            "Den 20 mars 2024 (§ 41) gav socialnämnden förvaltningen i uppdrag att "
                            "informera nämnden senast den 19 juni 2024 om"));
    BOOST_TEST(!containsText(background, "Förvaltningen ska informera nämnden"));
    BOOST_TEST(containsText(background, "för Socialdemokraterna (S) och Vänsterpartiet (V)"));
    const auto& incidents = content.blocks.at("Del2_incidenter_text").paragraphs;
    BOOST_TEST(containsText(incidents, "Av händelserna polisanmäldes färre än fem."));
    // One incident without a date: a count of 1–4 about persons, so "färre än fem".
    BOOST_TEST(containsText(incidents,
                            "Därutöver finns färre än fem ärenden där datum för "
                            "händelsen saknas. De ingår inte i redovisningen."));
    const auto& measures = content.blocks.at("Del3_text").paragraphs;
    // Measures concern the organisation (report definition): shown exactly.
    BOOST_TEST(containsText(measures, "Vid två informationsmöten nåddes sammanlagt 125 personer."));
    const auto& basis = content.blocks.at("Beslutsunderlag").paragraphs;
    BOOST_TEST(basis.front() == "Tjänsteskrivelse daterad 2024-06-10");
    BOOST_TEST(containsText(basis, "Protokollsutdrag Socialnämnden 2024-02-07 § 22"));
    BOOST_TEST(content.blocks.at("Forslag_till_beslut").paragraphs.front() ==
               "Socialnämnden tar del av informationen och lägger den till handlingarna.");
}

BOOST_AUTO_TEST_CASE(no_name_or_free_text_from_the_registry_reaches_the_document) {
    const auto content = toDocumentContent(computeHandMade(), realDefinition());
    const auto all = everything(content);
    for (const char* forbidden :
         {"Kajsa", "Lackovic", "Davidsson", "Berntsson", "fritext", "26 kap"})
        BOOST_TEST(all.find(forbidden) == std::string::npos, forbidden);
}

BOOST_AUTO_TEST_CASE(a_name_or_personnummer_in_the_registry_data_stops_the_report) {
    // A unit field holding a personnummer instead of a unit.
    auto cases = HandMade().cases;
    cases.push_back(measure({.type = "UTBILDNING",
                             .status = "PLANERAD",
                             .registered = day(2024, 1, 2),
                             .unit = "Handläggare 811228-9874"}));
    // A staff name of an incident case that someone put into a recipients list of the definition.
    CaseRecord threatened = CaseBuilder(incident({.date = day(2023, 6, 1)})).officer("Sara Holm");
    cases.push_back(threatened);
    ReportInput input{realDefinition(),
                      reportCase(),
                      reportCaseEntries(),
                      cases,
                      defaultPeriod(realDefinition(), day(2024, 6, 10)),
                      day(2024, 6, 10)};
    const auto model = computeReport(input);
    BOOST_CHECK_THROW((void)toDocumentContent(model, realDefinition()), PersonalDataInOutput);
    BOOST_CHECK_THROW((void)toReportJson(model), PersonalDataInOutput);

    auto definition = realDefinition();
    definition.recipients.push_back("Sara Holm");
    cases.pop_back();
    cases.pop_back();
    cases.push_back(threatened);
    ReportInput named{definition,
                      reportCase(),
                      reportCaseEntries(),
                      cases,
                      defaultPeriod(definition, day(2024, 6, 10)),
                      day(2024, 6, 10)};
    BOOST_CHECK_THROW((void)toDocumentContent(computeReport(named), definition),
                      PersonalDataInOutput);
    definition.recipients.pop_back();
    BOOST_CHECK_NO_THROW((void)toDocumentContent(computeReport(named), definition));
}

BOOST_AUTO_TEST_CASE(no_hidden_count_can_be_worked_back_from_the_printed_tables) {
    // What a reader can do with a printed table: in a row or a column whose other
    // cells and total are numbers, subtract. For small generated registries, no
    // such line may have exactly one hidden cell.
    std::mt19937 random(19);
    auto hidden = [](const std::string& cell) { return cell == "färre än 5" || cell == ".."; };
    auto checkLines = [&](const TableContent& table, size_t firstColumn, size_t lastColumn,
                          bool rowTotals, const std::string& name) {
        // Columns (body rows plus the Totalt row, which is last).
        for (size_t c = firstColumn; c <= lastColumn; ++c) {
            int missing = 0;
            for (const auto& row : table.rows) missing += hidden(row[c]);
            BOOST_TEST(missing != 1, name << " column " << c);
        }
        if (!rowTotals) return;
        for (const auto& row : table.rows) {
            int missing = 0;
            for (size_t c = firstColumn; c <= lastColumn; ++c) missing += hidden(row[c]);
            BOOST_TEST(missing != 1, name << " row " << row[0]);
        }
    };
    for (int round = 0; round < 40; ++round) {
        std::vector<CaseRecord> cases;
        const int incidents = std::uniform_int_distribution<int>(0, 60)(random);
        for (int n = 0; n < incidents; ++n) {
            Incident i{.date = Date::fromDaysSinceEpoch(day(2023, 1, 1).daysSinceEpoch() +
                                                        random() % 500)};
            i.category =
                std::vector<std::string>{"HOT_DIREKT", "VALD", "DODSHOT", "FILMNING"}[random() % 4];
            i.channel = std::vector<std::string>{"MOTE", "TELEFON", "SOCIALA_MEDIER"}[random() % 3];
            i.link = random() % 3 == 0 ? "JA" : "NEJ";
            cases.push_back(incident(i));
        }
        ReportInput input{realDefinition(),
                          reportCase(),
                          reportCaseEntries(),
                          cases,
                          {day(2023, 1, 1), day(2024, 5, 31)},
                          day(2024, 6, 10)};
        const auto content = toDocumentContent(computeReport(input), realDefinition());
        checkLines(content.tables.at("Incidenter_per_kvartal"), 1, 3, true, "kvartal");
        checkLines(content.tables.at("Incidenter_per_kategori"), 1, 1, false, "kategori");
        checkLines(content.tables.at("Incidenter_per_kanal"), 1, 1, false, "kanal");
        for (const auto& row : content.tables.at("Incidenter_per_kategori").rows)
            if (!hidden(row[1])) BOOST_TEST((row[1] == "0" || std::stoi(row[1]) >= 5), row[1]);
    }
}

// Part 4, the assessment and the consequences are drafts built from the data:
// never empty, never one sentence repeated, and the method text says which
// groups are suppressed.
BOOST_AUTO_TEST_CASE(every_question_gets_draft_text_and_no_sentence_is_repeated) {
    const auto content = toDocumentContent(computeHandMade(), realDefinition());
    std::set<std::string> seen;
    for (const char* section :
         {"Del4_text", "Bedomning", "Konsekvenser_ekonomi", "Konsekvenser_barn",
          "Konsekvenser_jamstalldhet", "Del1_kampanjen", "Del1_konsekvenser", "Del1_kallor"}) {
        const auto& paragraphs = content.blocks.at(section).paragraphs;
        BOOST_TEST(!paragraphs.empty(), section);
        for (const auto& p : paragraphs) {
            BOOST_TEST(p.size() > 20u, section << ": " << p);
            BOOST_TEST(seen.insert(p).second, "repeated: " << p);
        }
    }
    const auto& politics = content.blocks.at("Del4_text").paragraphs;
    BOOST_TEST(containsText(politics, "hela kommunen står bakom sina medarbetare"));
    BOOST_TEST(containsText(politics, "målsägande"));
    BOOST_TEST(containsText(politics, "föräldramöten"));
    BOOST_TEST(containsText(content.blocks.at("Bedomning").paragraphs,
                            "Förvaltningen bedömer att arbetet"));
    BOOST_TEST(containsText(content.blocks.at("Bakgrund").paragraphs,
                            "Uppgifterna om förebyggande åtgärder beskriver förvaltningens eget "
                            "arbete"));
    // Part 3 compares with the period of the same length before (2019-09-01 .. 2021-12-31).
    BOOST_TEST(containsText(content.blocks.at("Del3_text").paragraphs,
                            "Under den lika långa perioden närmast före"));
}

// The period ends on 31 May: the last quarter covers two months and says so.
BOOST_AUTO_TEST_CASE(a_partial_last_quarter_is_marked) {
    const auto content = toDocumentContent(computeHandMade(), realDefinition());
    const auto& quarters = content.tables.at("Incidenter_per_kvartal");
    bool marked = false;
    for (const auto& row : quarters.rows) marked = marked || row[0] == "2024 K2 (endast april–maj)";
    BOOST_TEST(marked);
    const auto& chart = content.charts.begin()->second;
    BOOST_TEST(chart.categories.back() == "2024 K2 (endast april–maj)");
}

// A column in which nothing is published (every cell ".."; for shares every row's) is left
// out of the table, and no column left in is all "..".
BOOST_AUTO_TEST_CASE(a_column_with_nothing_published_is_left_out) {
    const auto model = computeHandMade();
    const auto content = toDocumentContent(model, realDefinition());
    int removed = 0;
    for (const auto& [name, table] : content.tables) {
        removed += static_cast<int>(table.removedColumns.size());
        if (table.rows.empty()) continue;
        for (size_t c = 1; c < table.rows.front().size(); ++c) {
            bool allWithheld = true;
            for (const auto& row : table.rows)
                allWithheld = allWithheld && c < row.size() && row[c] == "..";
            BOOST_TEST(!allWithheld, name << ": column " << c << " is all ..");
        }
    }
    // The hand-made registry has a category table where every share is withheld.
    BOOST_TEST(removed > 0);
    // Where the share column stays, the totals row still ends with 100 %.
    for (const auto& row : content.tables.at("Incidenter_per_kategori").rows)
        if (row[0] == "Totalt" && row.size() == 3u) BOOST_TEST(row[2] == "100" + nbsp + "%");
}

// Never an empty chart: when no period's total can be shown, the chart is left out and
// the text says why.
BOOST_AUTO_TEST_CASE(a_chart_with_nothing_to_show_is_left_out_and_the_text_says_why) {
    auto model = computeHandMade();
    for (auto& row : model.incidents.byQuarter.rows)
        for (auto& cell : row.cells) cell.disclosure = Disclosure::Small;
    model.incidents.periodUnit = PeriodUnit::Year;
    const auto content = toDocumentContent(model, realDefinition());
    BOOST_TEST(content.charts.at("Diagram_incidenter_per_kvartal").omitted);
    BOOST_TEST(containsText(content.blocks.at("Del2_incidenter_text").paragraphs,
                            "Något diagram över händelserna per år visas inte."));
    // With the totals shown, the chart is there and the sentence is not.
    const auto shown = toDocumentContent(computeHandMade(), realDefinition());
    BOOST_TEST(!shown.charts.at("Diagram_incidenter_per_kvartal").omitted);
    BOOST_TEST(!containsText(shown.blocks.at("Del2_incidenter_text").paragraphs, "Något diagram"));
}

// The sentence about the list of ongoing and planned measures reads right whether the list
// is shown (with confidential ones left out), left out, or empty because all are confidential:
// "Därutöver" only after a list that is there, and an empty list says why it is empty.
BOOST_AUTO_TEST_CASE(the_list_of_measures_is_spoken_of_as_it_is) {
    const auto definition = realDefinition();
    auto listed = computeHandMade();
    BOOST_REQUIRE(!listed.measures.planned.empty());
    listed.measures.confidentialNotListed = 2;
    auto text = toDocumentContent(listed, definition).blocks.at("Del3_text").paragraphs;
    BOOST_TEST(containsText(text,
                            "det datum då den registrerades. Därutöver pågår eller "
                            "planeras två åtgärder som omfattas av sekretess. De ingår i "
                            "tabellerna men visas inte i förteckningen."));

    auto withheld = computeHandMade();
    withheld.measures.planned.clear();
    withheld.measures.plannedWithheld = true;
    withheld.measures.confidentialNotListed = 2;
    auto content = toDocumentContent(withheld, definition);
    text = content.blocks.at("Del3_text").paragraphs;
    BOOST_TEST(containsText(text, "Förteckningen över pågående och planerade åtgärder visas inte"));
    BOOST_TEST(!containsText(text, "Därutöver"));
    BOOST_TEST(content.tables.at("Planerade_atgarder").rows.at(0).at(0) ==
               "Visas inte för att skydda enskilda");

    auto secret = computeHandMade();
    secret.measures.planned.clear();
    secret.measures.confidentialNotListed = 3;
    content = toDocumentContent(secret, definition);
    text = content.blocks.at("Del3_text").paragraphs;
    BOOST_TEST(
        containsText(text, "De åtgärder som pågår eller är planerade omfattas av sekretess."));
    BOOST_TEST(!containsText(text, "Därutöver"));
    BOOST_TEST(!containsText(text, "tre åtgärder"));
    BOOST_TEST(content.tables.at("Planerade_atgarder").rows.at(0).at(0) ==
               "Omfattas av sekretess och visas inte");
}

BOOST_AUTO_TEST_SUITE_END()
