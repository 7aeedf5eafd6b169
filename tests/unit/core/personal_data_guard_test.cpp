#include <boost/test/unit_test.hpp>

#include "core/personal_data_guard.h"
#include "core/report_error.h"

using namespace committee_report::core;

namespace {

DocumentContent cleanContent() {
    DocumentContent content;
    content.fields["Diarienummer"] = "2024SOCN33";
    content.fields["Datum"] = "2024-05-20";
    content.blocks["Bakgrund"].paragraphs = {
        "Fyra ledamöter i socialnämnden (S och V) har i ett initiativärende "
        "som kom in den 5 februari 2024 bett förvaltningen om information."};
    content.tables["Incidenter_per_kategori"].rows = {{"Direkt hot", "12", "40\u00A0%"},
                                                      {"Totalt", "30", "100\u00A0%"}};
    content.charts["Diagram"].categories = {"2022 K1"};
    content.properties.title = "Information om hot och desinformation";
    return content;
}

const PersonalDataScreen screen{{"Anna Berg", "Åsa Öberg"}};

}  // namespace

BOOST_AUTO_TEST_SUITE(personal_data_guard_test)

BOOST_AUTO_TEST_CASE(clean_content_passes) {
    BOOST_CHECK_NO_THROW(verifyNoPersonalData(cleanContent(), screen));
}

BOOST_AUTO_TEST_CASE(a_seeded_personnummer_anywhere_stops_the_report_without_repeating_it) {
    auto content = cleanContent();
    content.tables["Incidenter_per_kategori"].rows[0][0] = "Hot mot 811228-9874";
    try {
        verifyNoPersonalData(content, screen);
        BOOST_FAIL("a personnummer in a table cell was let through");
    } catch (const PersonalDataInOutput& error) {
        const std::string message = error.what();
        BOOST_TEST(message.find("Incidenter_per_kategori") != std::string::npos);
        BOOST_TEST(message.find("811228") == std::string::npos);
    }
    auto chart = cleanContent();
    chart.charts["Diagram"].altText = "Se 19701063-2391";  // samordningsnummer
    BOOST_CHECK_THROW(verifyNoPersonalData(chart, screen), PersonalDataInOutput);
    auto properties = cleanContent();
    properties.properties.keywords = "hot, 121212+1212";
    BOOST_CHECK_THROW(verifyNoPersonalData(properties, screen), PersonalDataInOutput);
}

BOOST_AUTO_TEST_CASE(a_screened_name_is_found_as_whole_words_in_any_case) {
    auto content = cleanContent();
    content.blocks["Bakgrund"].paragraphs.push_back("Hotet riktades mot ANNA BERG på enheten.");
    try {
        verifyNoPersonalData(content, screen);
        BOOST_FAIL("a screened name was let through");
    } catch (const PersonalDataInOutput& error) {
        const std::string message = error.what();
        BOOST_TEST(message.find("Bakgrund") != std::string::npos);
        BOOST_TEST(message.find("Berg") == std::string::npos);
    }
    auto swedish = cleanContent();
    swedish.fields["Handlaggare_namn"] = "åsa öberg";
    BOOST_CHECK_THROW(verifyNoPersonalData(swedish, screen), PersonalDataInOutput);
    // Part of a longer word is not the name.
    auto longer = cleanContent();
    longer.blocks["Bakgrund"].paragraphs.push_back("Mötet hölls på Anna Bergsgatan.");
    BOOST_CHECK_NO_THROW(verifyNoPersonalData(longer, screen));
}

BOOST_AUTO_TEST_CASE(plain_text_such_as_report_json_is_checked_too) {
    BOOST_CHECK_NO_THROW(verifyNoPersonalData(R"({"dnr": "2024SOCN33", "from": "2022-01-01"})",
                                              "report.json", screen));
    BOOST_CHECK_THROW(verifyNoPersonalData(R"({"unit": "Anna Berg"})", "report.json", screen),
                      PersonalDataInOutput);
    BOOST_CHECK_THROW(verifyNoPersonalData(R"({"x": "198112289874"})", "report.json", screen),
                      PersonalDataInOutput);
}

BOOST_AUTO_TEST_SUITE_END()
