#include <stdexcept>
#include <string>

#include <boost/test/unit_test.hpp>

#include "core/registry_records.h"

using namespace committee_report::core;

BOOST_AUTO_TEST_SUITE(registry_records_test)

BOOST_AUTO_TEST_CASE(a_key_is_found_by_name_and_an_absent_key_is_not) {
    Properties properties;
    BOOST_TEST(properties.emplace("kategori", std::string("HOT_DIREKT")));
    BOOST_TEST(properties.emplace("datum", Date{2022, 2, 14}));
    BOOST_TEST(std::get<std::string>(*properties.find("kategori")) == "HOT_DIREKT");
    BOOST_TEST((std::get<Date>(properties.at("datum")) == Date{2022, 2, 14}));
    BOOST_TEST(properties.find("kanal") == nullptr);
    BOOST_CHECK_THROW((void)properties.at("kanal"), std::out_of_range);
    BOOST_TEST(properties.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_repeated_key_keeps_its_first_value_as_a_map_would) {
    Properties properties;
    BOOST_TEST(properties.emplace("kanal", std::string("MOTE")));
    BOOST_TEST(!properties.emplace("kanal", std::string("TELEFON")));
    BOOST_TEST(std::get<std::string>(properties.at("kanal")) == "MOTE");
    BOOST_TEST(properties.size() == 1u);
}

BOOST_AUTO_TEST_CASE(indexing_adds_an_empty_value_once_and_then_returns_it) {
    Properties properties;
    BOOST_TEST(std::holds_alternative<std::monostate>(properties["status"]));
    properties["status"] = std::string("GENOMFORD");
    BOOST_TEST(std::get<std::string>(properties.at("status")) == "GENOMFORD");
    BOOST_TEST(properties.size() == 1u);
}

BOOST_AUTO_TEST_CASE(equal_properties_compare_equal_in_the_order_given) {
    Properties a, b;
    a.emplace("datum", Date{2023, 1, 2});
    b.emplace("datum", Date{2023, 1, 2});
    BOOST_TEST((a == b));
    b["kanal"] = std::string("EPOST_BREV");
    BOOST_TEST(!(a == b));
}

BOOST_AUTO_TEST_SUITE_END()
