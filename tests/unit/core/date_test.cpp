#include <boost/test/unit_test.hpp>

#include "core/date.h"

using committee_report::core::Date;

BOOST_AUTO_TEST_SUITE(date_test)

BOOST_AUTO_TEST_CASE(parses_registry_dates_and_rejects_impossible_ones) {
    auto date = Date::parse("2024-02-29");
    BOOST_REQUIRE(date);
    BOOST_TEST(date->iso() == "2024-02-29");
    BOOST_TEST(!Date::parse("2023-02-29"));
    BOOST_TEST(!Date::parse("2024-13-01"));
    BOOST_TEST(!Date::parse("2024-6-19"));
    BOOST_TEST(!Date::parse("2024-06-19T10:00"));
    BOOST_TEST(!Date::parse("20240619"));
}

BOOST_AUTO_TEST_CASE(day_arithmetic_round_trips_across_leap_years) {
    const Date start{2022, 1, 1};
    BOOST_TEST(start.daysSinceEpoch() == 18993);
    BOOST_TEST(Date::fromDaysSinceEpoch(start.daysSinceEpoch() + 365 + 365 + 59).iso() == "2024-02-29");
    BOOST_TEST((Date{2024, 6, 19}.quarter() == 2));
    BOOST_TEST((Date{2024, 6, 19} < Date{2024, 6, 20}));
}

BOOST_AUTO_TEST_SUITE_END()
