#include <boost/test/unit_test.hpp>

#include "core/personal_identity_number.h"

using namespace committee_report::core;

// Valid numbers used here are published examples (Skatteverket's 121212-1212,
// 811228-9874 and the samordningsnummer 701063-2391); invalid ones are the same
// with a wrong check digit.
BOOST_AUTO_TEST_SUITE(personal_identity_number_test)

BOOST_AUTO_TEST_CASE(finds_every_form_with_and_without_separator) {
    for (const char* number : {"811228-9874", "8112289874", "19811228-9874", "198112289874",
                               "121212-1212", "121212+1212", "19121212-1212", "191212121212"}) {
        BOOST_TEST(isPersonalIdentityNumber(number), number);
        const std::string text = std::string("Anmälan gällde ") + number + ", se bilaga.";
        const auto matches = findPersonalIdentityNumbers(text);
        BOOST_REQUIRE_EQUAL(matches.size(), 1u);
        BOOST_TEST(text.substr(matches[0].position, matches[0].length) == number);
        BOOST_TEST(!matches[0].coordinationNumber);
    }
}

BOOST_AUTO_TEST_CASE(finds_samordningsnummer_with_day_plus_sixty) {
    for (const char* number : {"701063-2391", "7010632391", "19701063-2391"}) {
        const auto matches = findPersonalIdentityNumbers(number);
        BOOST_REQUIRE_EQUAL(matches.size(), 1u);
        BOOST_TEST(matches[0].coordinationNumber);
    }
    BOOST_TEST(!isPersonalIdentityNumber("701093-2391"));  // day 33 does not exist
}

BOOST_AUTO_TEST_CASE(a_wrong_check_digit_is_not_a_personnummer) {
    for (const char* number :
         {"811228-9875", "8112289870", "19811228-9873", "121212-1213", "701063-2392"})
        BOOST_TEST(!isPersonalIdentityNumber(number), number);
    BOOST_TEST(!containsPersonalIdentityNumber("Nummer 811228-9875 har fel kontrollsiffra."));
}

BOOST_AUTO_TEST_CASE(dates_case_numbers_and_phone_numbers_are_not_flagged) {
    for (const char* text :
         {"Sammanträdet 2024-06-19 kl. 13.00", "20240619", "Dnr 2024SOCN33", "SN 2024/123",
          "dnr SOCN 2024-00123", "Ring 031-335 51 88", "Mobil 070-123 45 67", "+46 70 123 45 67",
          "+46701234567", "Tidsstämpel 2024061913", "Tid 2024-06-19 13:00",
          "Beloppet var 1 200 000 kronor", "Period 2022-01-01--2024-05-31",
          "Version 8112289874123"})
        BOOST_TEST(!containsPersonalIdentityNumber(text), text);
    // An impossible date is not a birth date even with a valid check digit.
    BOOST_TEST(!isPersonalIdentityNumber("811328-9874"));
    // A twelve-digit form needs a plausible century.
    BOOST_TEST(!isPersonalIdentityNumber("998112289874"));
}

BOOST_AUTO_TEST_CASE(redaction_replaces_only_the_numbers) {
    const std::string text =
        "Mamma 811228-9874 och barnet 19121212-1212 (dnr 2024SOCN33, 2024-06-19).";
    const auto redacted = redactPersonalIdentityNumbers(text, "[borttaget]");
    BOOST_TEST(redacted ==
               "Mamma [borttaget] och barnet [borttaget] (dnr 2024SOCN33, 2024-06-19).");
    BOOST_TEST(!containsPersonalIdentityNumber(redacted));
    BOOST_TEST(findPersonalIdentityNumbers(text).size() == 2u);
}

// Fuzz finding: "8112188118" is no candidate while "-811218" follows it, but once the number
// "811218-9876" after it is replaced it stands alone and is valid. Redaction repeats.
BOOST_AUTO_TEST_CASE(redaction_leaves_no_number_that_a_removed_one_uncovered) {
    BOOST_TEST(redactPersonalIdentityNumbers("Nr 8112188118-811218-9876.", "[borttaget]") ==
               "Nr [borttaget]-[borttaget].");
    // The fuzzer's input (tests/fuzz/corpus/personal_identity_number/redaction-uncovers-a-number).
    const std::string found =
        "81811218-9876 1218198138-811218-9876 8110$18-8112188118-811218-9876 "
        "81-9898118-811218-9876 811218-";
    BOOST_REQUIRE(containsPersonalIdentityNumber(found));
    const auto redacted = redactPersonalIdentityNumbers(found, "#");
    BOOST_TEST(!containsPersonalIdentityNumber(redacted), redacted);
    BOOST_TEST(redacted == "81811218-9876 1218198138-# 8110$18-#-# 81-9898118-# 811218-");
}

BOOST_AUTO_TEST_CASE(a_replacement_with_digits_is_refused) {
    BOOST_CHECK_THROW((void)redactPersonalIdentityNumbers("811228-9874", "0"),
                      std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
