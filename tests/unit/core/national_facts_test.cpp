#include <boost/test/unit_test.hpp>

#include <regex>

#include "core/national_facts.h"
#include "core/report_error.h"
#include "report_fixture.h"

using namespace committee_report::core;
using committee_report::tests::realDefinition;

namespace {

std::string allText(const FactText& text) {
    std::string all;
    for (const auto& [topic, paragraphs] : text.paragraphsByTopic)
        for (const auto& p : paragraphs) all += p + "\n";
    for (const auto& s : text.sources) all += s + "\n";
    return all;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(national_facts_test)

// The demo report is dated 2024-05-20: it knows nothing of the bill for the new
// socialtjänstlag (prop. 2024/25:89, 2025), and speaks of AFS 2023:2 in the future.
BOOST_AUTO_TEST_CASE(a_report_states_only_what_was_published_by_its_date) {
    const auto text = factsForReport(realDefinition().facts, Date{2024, 5, 20});
    const auto all = allText(text);
    BOOST_TEST(all.find("2024/25:89") == std::string::npos, all);
    BOOST_TEST(all.find("Sedan den 1 juli 2025") == std::string::npos, all);
    BOOST_TEST(all.find("Den 1 juli 2025 träder") == std::string::npos, all);
    BOOST_TEST(all.find("Från och med den 1 januari 2025 ingår") != std::string::npos, all);
    BOOST_TEST(all.find("Sedan den 1 januari 2024 gäller en ny lag om ordningsvakter") !=
               std::string::npos);
    BOOST_TEST(all.find("SOU 2020:47") != std::string::npos);
    // A report of 2026 has the new law, in force (the bill is dated by year only, so it
    // counts from the end of 2025).
    const auto later = allText(factsForReport(realDefinition().facts, Date{2026, 1, 15}));
    BOOST_TEST(later.find("Sedan den 1 juli 2025 gäller en ny socialtjänstlag.") !=
               std::string::npos);
    BOOST_TEST(later.find("Prop. 2024/25:89") != std::string::npos);
    // Before the FHS report (2023-04-27) was published, its fact is left out.
    const auto early = allText(factsForReport(realDefinition().facts, Date{2023, 4, 1}));
    BOOST_TEST(early.find("sommaren 2021") == std::string::npos);
    BOOST_TEST(early.find("Den 1 juli 2023 träder lagen (2023:196)") == std::string::npos);
}

// Every paragraph ends with the numbers of its sources, and every number is in
// the list with author, title and date.
BOOST_AUTO_TEST_CASE(every_statement_carries_a_full_source) {
    const auto text = factsForReport(realDefinition().facts, Date{2024, 5, 20});
    static const std::regex kReference(R"(\[(\d+(, \d+)*)\]$)");
    static const std::regex kSource(R"(^\[(\d+)\] [^:]+: .+\. .*\d{4}\.$)");
    size_t paragraphs = 0;
    for (const auto& [topic, list] : text.paragraphsByTopic)
        for (const auto& p : list) {
            ++paragraphs;
            std::smatch match;
            BOOST_TEST(std::regex_search(p, match, kReference), p);
            for (const auto& number : std::vector<std::string>{match[1].str()})
                BOOST_TEST(std::stoul(number.substr(0, number.find(','))) <= text.sources.size());
        }
    BOOST_TEST(paragraphs >= 10u);
    for (const auto& s : text.sources) BOOST_TEST(std::regex_match(s, kSource), s);
    BOOST_TEST(text.sources.front().find("Myndigheten för psykologiskt försvar: Årsredovisning "
                                         "2022. Februari 2023.") != std::string::npos,
               text.sources.front());
}

BOOST_AUTO_TEST_CASE(a_fact_without_a_source_stops_the_report) {
    NationalFacts facts;
    facts.topics = {"lagstiftning"};
    facts.facts.push_back(NationalFact{"lagstiftning", "En ny lag gäller.", "", std::nullopt, {}});
    BOOST_CHECK_EXCEPTION(
        factsForReport(facts, Date{2024, 5, 20}), ReportError, [](const ReportError& e) {
            return std::string(e.what()).find("saknar källa") != std::string::npos;
        });
}

BOOST_AUTO_TEST_CASE(a_source_dated_only_by_year_counts_from_the_end_of_that_year) {
    const FactSource source{"x", "Regeringen", "Prop.", Date{2023, 1, 1},
                            FactSource::Precision::Year};
    BOOST_TEST(latestPublication(source).iso() == "2023-12-31");
    const FactSource month{"y", "Vision", "Har du familj?", Date{2021, 11, 1},
                           FactSource::Precision::Month};
    BOOST_TEST(latestPublication(month).iso() == "2021-11-30");
}

BOOST_AUTO_TEST_SUITE_END()
