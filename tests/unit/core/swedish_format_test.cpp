#include <boost/test/unit_test.hpp>

#include "core/swedish_format.h"

using namespace committee_report::core;

namespace {
const std::string nbsp = "\u00A0";
}

BOOST_AUTO_TEST_SUITE(swedish_format_test)

BOOST_AUTO_TEST_CASE(thousands_are_separated_by_a_non_breaking_space) {
    BOOST_TEST(formatInteger(0) == "0");
    BOOST_TEST(formatInteger(999) == "999");
    BOOST_TEST(formatInteger(1200) == "1" + nbsp + "200");
    BOOST_TEST(formatInteger(1234567) == "1" + nbsp + "234" + nbsp + "567");
    BOOST_TEST(formatInteger(-15000) == "-15" + nbsp + "000");
    BOOST_TEST(formatInteger(100000) == "100" + nbsp + "000");
}

BOOST_AUTO_TEST_CASE(decimals_take_a_comma_and_percent_a_space_before_the_sign) {
    BOOST_TEST(formatDecimal(2.4, 1) == "2,4");
    BOOST_TEST(formatDecimal(2.45, 1) == "2,5");
    BOOST_TEST(formatDecimal(1234.05, 2) == "1" + nbsp + "234,05");
    BOOST_TEST(formatDecimal(0.04, 1) == "0,0");
    BOOST_TEST(formatPercent(45, 100) == "45" + nbsp + "%");
    BOOST_TEST(formatPercent(1, 3) == "33" + nbsp + "%");
    BOOST_TEST(formatPercent(2, 3) == "67" + nbsp + "%");
    BOOST_TEST(formatPercent(0, 0) == "0" + nbsp + "%");
}

BOOST_AUTO_TEST_CASE(one_to_twelve_are_words_in_running_text) {
    BOOST_TEST(numberInText(1) == "en");
    BOOST_TEST(numberInText(1, Gender::Neuter) == "ett");
    BOOST_TEST(numberInText(4) == "fyra");
    BOOST_TEST(numberInText(12) == "tolv");
    BOOST_TEST(numberInText(13) == "13");
    BOOST_TEST(numberInText(0) == "0");
    BOOST_TEST(numberInText(1200) == "1" + nbsp + "200");
    BOOST_TEST(capitalized("åtta") == "Åtta");
    BOOST_TEST(capitalized("fyra ledamöter") == "Fyra ledamöter");
}

BOOST_AUTO_TEST_CASE(dates_in_prose_periods_and_quarters) {
    BOOST_TEST(longDate(Date{2024, 6, 19}) == "19 juni 2024");
    BOOST_TEST(longDate(Date{2024, 2, 5}) == "5 februari 2024");
    BOOST_TEST(periodText(Date{2022, 1, 1}, Date{2024, 5, 31}) ==
               "1 januari 2022\u201331 maj 2024");
    BOOST_TEST(quarterLabel(2022, 1) == "2022 K1");
    BOOST_TEST(quarterKey(2024, 3) == "2024-Q3");
    BOOST_TEST(joinedList({"S"}) == "S");
    BOOST_TEST(joinedList({"S", "V"}) == "S och V");
    BOOST_TEST(joinedList({"a", "b", "c"}) == "a, b och c");
}

BOOST_AUTO_TEST_SUITE_END()
