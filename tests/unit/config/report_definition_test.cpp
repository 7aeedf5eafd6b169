#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/report_definition_loader.h"
#include "config/xml_schema_validation.h"
#include "scratch_directory.h"

namespace fs = std::filesystem;
using committee_report::config::loadReportDefinition;
using committee_report::config::XmlFileError;
using committee_report::tests::ScratchDirectory;

namespace {

const fs::path kFolder = fs::path(COMMITTEE_REPORT_SOURCE_DIR) / "templates/hot-och-desinformation";

std::string readFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The real definition with `from` replaced by `to`; returns the file and the
// 1-based line where the replacement is.
std::pair<fs::path, int> mutated(const ScratchDirectory& dir, const std::string& from,
                                 const std::string& to) {
    auto text = readFile(kFolder / "report-definition.xml");
    const auto at = text.find(from);
    BOOST_REQUIRE(at != std::string::npos);
    const int line =
        1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
    text.replace(at, from.size(), to);
    const auto file = dir.path() / "report-definition.xml";
    std::ofstream(file) << text;
    return {file, line};
}

std::string errorOf(const fs::path& file) {
    try {
        (void)loadReportDefinition(file);
    } catch (const XmlFileError& error) {
        return error.what();
    }
    return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(report_definition_test)

BOOST_AUTO_TEST_CASE(the_real_definition_loads_with_its_organisation_codes_and_labels) {
    const auto d = loadReportDefinition(kFolder / "report-definition.xml");
    BOOST_TEST(d.id == "hot-och-desinformation");
    BOOST_TEST(d.templateFile == (kFolder / "tjansteskrivelse.fott").lexically_normal());
    BOOST_TEST(fs::exists(d.templateFile));
    BOOST_TEST(d.organisation.municipality == "Ekbacka kommun");
    BOOST_TEST(d.organisation.administration == "Socialförvaltningen");
    BOOST_TEST(d.organisation.committee == "Socialnämnden");
    BOOST_TEST(d.organisation.headTitle == "Socialchef");
    BOOST_TEST(!d.organisation.headName.empty());
    BOOST_TEST(d.defaultPeriodStart.iso() == "2022-01-01");
    BOOST_TEST(d.smallNumberThreshold == 5);
    BOOST_TEST((d.measures.concerns == committee_report::core::Concerns::Organisation));
    BOOST_TEST((d.incidents.concerns == committee_report::core::Concerns::Persons));
    BOOST_TEST(d.incidents.caseType == "HOT_VALD");
    BOOST_TEST(d.observations.caseType == "DESINFO");
    BOOST_TEST(d.measures.caseType == "FOREBYGGANDE");
    BOOST_TEST(*d.incidents.categories.labelOf("HOT_DIREKT") == "Direkt hot");
    BOOST_TEST(d.incidents.categories.values.size() == 12u);
    BOOST_TEST(*d.observations.platforms.labelOf("TIKTOK") == "TikTok");
    BOOST_TEST(*d.observations.languages.labelOf("sv") == "svenska");
    BOOST_TEST(*d.observations.languages.labelOf("ar") == "arabiska");
    BOOST_TEST(
        (d.observations.timelineReaches == std::vector<std::string>{"10K_100K", "OVER_100K"}));
    BOOST_TEST((d.measures.doneStatuses == std::vector<std::string>{"GENOMFORD", "UPPFOLJD"}));
    // The deadline is the case's (svarSenast): the shipped definition fixes no date.
    BOOST_TEST(d.background.deadlineKey == "svarSenast");
    BOOST_TEST(!d.background.deadline);
    BOOST_REQUIRE(!d.background.decisionPhrases.empty());
    BOOST_TEST(d.background.decisionPhrases.front().words == "uppdrag");
    BOOST_TEST(d.background.decisionPhrases.front().assignment);
    BOOST_TEST((d.background.minutesDocumentTypes ==
                std::vector<std::string>{"PROTUTDR", "PROTOKOLLSUTDRAG"}));
    BOOST_TEST(d.output.tables.at("Incidenter_per_kvartal").content == "incidents.byQuarter");
    BOOST_TEST(d.output.charts.at("Diagram_incidenter_per_kvartal") == "incidents.byQuarter");
    BOOST_TEST(d.output.fields.size() == 13u);
}

BOOST_AUTO_TEST_CASE(every_bound_name_exists_in_the_template) {
    const auto d = loadReportDefinition(kFolder / "report-definition.xml");
    const auto fott = readFile(d.templateFile);
    for (const auto& [name, content] : d.output.fields)
        BOOST_TEST(
            fott.find("text:user-field-decl text:name=\"" + name + "\"") != std::string::npos,
            name);
    for (const auto& [name, content] : d.output.blocks)
        BOOST_TEST(fott.find("text:section text:name=\"" + name + "\"") != std::string::npos, name);
    for (const auto& [name, binding] : d.output.tables)
        BOOST_TEST(fott.find("table:name=\"" + name + "\"") != std::string::npos, name);
    for (const auto& [name, content] : d.output.charts)
        BOOST_TEST(fott.find("draw:name=\"" + name + "\"") != std::string::npos, name);
    BOOST_TEST(d.output.tables.size() == 11u);
    BOOST_TEST(d.output.blocks.size() == 18u);  // 13 computed, 4 fact topics, the sources
}

BOOST_AUTO_TEST_CASE(the_fact_file_loads_every_fact_with_its_sources) {
    const auto d = loadReportDefinition(kFolder / "report-definition.xml");
    BOOST_TEST(d.facts.topics.size() == 4u);
    BOOST_TEST(d.facts.facts.size() >= 10u);
    for (const auto& fact : d.facts.facts) {
        BOOST_TEST(!fact.sources.empty(), fact.statement);
        for (const auto& id : fact.sources) {
            const auto source = std::find_if(d.facts.sources.begin(), d.facts.sources.end(),
                                             [&](const auto& s) { return s.id == id; });
            BOOST_REQUIRE(source != d.facts.sources.end());
            BOOST_TEST(!source->author.empty());
            BOOST_TEST(!source->title.empty());
            BOOST_TEST(source->published.valid());
        }
    }
}

BOOST_AUTO_TEST_CASE(a_fact_without_a_source_is_refused_with_the_line_to_fix) {
    ScratchDirectory dir;
    fs::copy_file(kFolder / "report-definition.xml", dir.path() / "report-definition.xml");
    auto facts = readFile(kFolder / "nationella-fakta.xml");
    const std::string cite = "    <cite source=\"vision-har-du-familj\"/>\n";
    const auto at = facts.find(cite);
    BOOST_REQUIRE(at != std::string::npos);
    facts.erase(at, cite.size());
    std::ofstream(dir.path() / "nationella-fakta.xml") << facts;
    const auto message = errorOf(dir.path() / "report-definition.xml");
    BOOST_TEST_MESSAGE(message);
    BOOST_TEST(message.find("nationella-fakta.xml") != std::string::npos, message);
    BOOST_TEST(message.find("cite") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(a_fact_citing_an_unknown_source_is_refused) {
    ScratchDirectory dir;
    fs::copy_file(kFolder / "report-definition.xml", dir.path() / "report-definition.xml");
    auto facts = readFile(kFolder / "nationella-fakta.xml");
    const std::string cite = "<cite source=\"vision-har-du-familj\"/>";
    const auto at = facts.find(cite);
    BOOST_REQUIRE(at != std::string::npos);
    facts.replace(at, cite.size(), "<cite source=\"vision-2099\"/>");
    std::ofstream(dir.path() / "nationella-fakta.xml") << facts;
    const auto message = errorOf(dir.path() / "report-definition.xml");
    BOOST_TEST_MESSAGE(message);
    BOOST_TEST(message.find("vision-2099") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(an_invalid_value_names_the_file_the_line_and_what_is_allowed) {
    ScratchDirectory dir;
    const auto [file, line] =
        mutated(dir, "small-number-threshold=\"5\"", "small-number-threshold=\"1\"");
    const auto message = errorOf(file);
    BOOST_TEST_MESSAGE(message);
    BOOST_TEST(message.find(file.string()) != std::string::npos, message);
    BOOST_TEST(message.find("rad " + std::to_string(line)) != std::string::npos, message);
    BOOST_TEST(message.find("small-number-threshold") != std::string::npos, message);
    BOOST_TEST(message.find("minimum value allowed ('2')") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(a_misspelt_element_names_the_expected_one) {
    ScratchDirectory dir;
    const auto [file, line] = mutated(dir, "<channels key=\"kanal\">", "<kanaler key=\"kanal\">");
    auto text = readFile(file);
    const auto close = text.find("</channels>");
    text.replace(close, std::string("</channels>").size(), "</kanaler>");
    std::ofstream(file) << text;
    const auto message = errorOf(file);
    BOOST_TEST(message.find("rad " + std::to_string(line)) != std::string::npos, message);
    BOOST_TEST(message.find("Expected is ( channels )") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(an_unknown_content_binding_is_refused) {
    ScratchDirectory dir;
    const auto [file, line] =
        mutated(dir, "content=\"incidents.byArea\"", "content=\"incidents.byName\"");
    const auto message = errorOf(file);
    BOOST_TEST(message.find("rad " + std::to_string(line)) != std::string::npos, message);
    BOOST_TEST(message.find("incidents.byName") != std::string::npos, message);
}

BOOST_AUTO_TEST_SUITE_END()
