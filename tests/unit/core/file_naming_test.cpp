#include <boost/test/unit_test.hpp>

#include <stdexcept>

#include "core/file_naming.h"

using namespace committee_report::core;

BOOST_AUTO_TEST_SUITE(file_naming_test)

BOOST_AUTO_TEST_CASE(file_names_come_from_dnr_and_document_type_only) {
    BOOST_TEST(caseFileBaseName("2024SOCN33", "tjansteskrivelse") == "2024SOCN33-tjansteskrivelse");
    BOOST_TEST(caseFileBaseName("SN 2024/33", "provutskrift") == "SN-2024-33-provutskrift");
    BOOST_TEST(caseFileBaseName("../../etc/passwd", "x") == "etc-passwd-x");
    BOOST_CHECK_THROW((void)caseFileBaseName("///", "x"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(implausible_dnr_are_refused) {
    BOOST_TEST(isPlausibleDnr("2024SOCN33"));
    BOOST_TEST(isPlausibleDnr("SN 2024/33"));
    BOOST_TEST(!isPlausibleDnr(""));
    BOOST_TEST(!isPlausibleDnr("2024SOCN33' or 1 eq 1"));
    BOOST_TEST(!isPlausibleDnr(std::string(41, '1')));
}

BOOST_AUTO_TEST_SUITE_END()
