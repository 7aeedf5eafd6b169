#include <boost/test/unit_test.hpp>

#include "core/safe_echo.h"

using committee_report::core::safeEcho;

BOOST_AUTO_TEST_SUITE(safe_echo_test)

BOOST_AUTO_TEST_CASE(plain_text_and_swedish_letters_pass_unchanged) {
    BOOST_TEST(safeEcho("2024SOCN33") == "2024SOCN33");
    BOOST_TEST(safeEcho("Sammanträde i Åre, ökad insats") == "Sammanträde i Åre, ökad insats");
    BOOST_TEST(safeEcho("") == "");
}

BOOST_AUTO_TEST_CASE(long_text_is_cut_at_the_limit_with_a_marker) {
    BOOST_TEST(safeEcho(std::string(60, 'A')) == std::string(60, 'A'));  // exactly the limit
    BOOST_TEST(safeEcho(std::string(61, 'A')) == std::string(60, 'A') + "…");
    BOOST_TEST(safeEcho(std::string(100 * 1024, 'A')).size() == 60u + std::string("…").size());
    BOOST_TEST(safeEcho("abcdef", 3) == "abc…");
    // Characters, not bytes: three two-byte letters are three characters.
    BOOST_TEST(safeEcho("åäöå", 3) == "åäö…");
    // An escaped byte is one character of the limit.
    BOOST_TEST(safeEcho("\x1b\x1b\x1b\x1b", 2) == "\\x1B\\x1B…");
}

BOOST_AUTO_TEST_CASE(control_characters_are_escaped) {
    BOOST_TEST(safeEcho("a\x1b[2Jb") == "a\\x1B[2Jb");
    BOOST_TEST(safeEcho("bell\x07") == "bell\\x07");
    BOOST_TEST(safeEcho("\r\n\t") == "\\x0D\\x0A\\x09");
    BOOST_TEST(safeEcho("del\x7f") == "del\\x7F");
    BOOST_TEST(safeEcho(std::string("nul\0x", 5)) == "nul\\x00x");
    // C1 controls (U+0080–U+009F, e.g. U+009B CSI) act on terminals too.
    BOOST_TEST(safeEcho("\xc2\x9b"
                        "31m") == "\\xC2\\x9B31m");
    BOOST_TEST(safeEcho("\xc2\xa0") == "\xc2\xa0");  // U+00A0 is printable
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_escaped_byte_by_byte) {
    BOOST_TEST(safeEcho("\xff\xfe") == "\\xFF\\xFE");
    BOOST_TEST(safeEcho("a\xc3") == "a\\xC3");                  // cut sequence at the end
    BOOST_TEST(safeEcho("\xc3(") == "\\xC3(");                  // continuation byte missing
    BOOST_TEST(safeEcho("\xc0\xaf") == "\\xC0\\xAF");           // overlong '/'
    BOOST_TEST(safeEcho("\xe0\x80\xaf") == "\\xE0\\x80\\xAF");  // overlong 3-byte form
    BOOST_TEST(safeEcho("\xed\xa0\x80") == "\\xED\\xA0\\x80");  // a surrogate
    BOOST_TEST(safeEcho("\xf4\x90\x80\x80") == "\\xF4\\x90\\x80\\x80");  // above U+10FFFF
    BOOST_TEST(safeEcho("\xf0\x9f\x98\x80") == "\xf0\x9f\x98\x80");      // U+1F600 is valid
}

BOOST_AUTO_TEST_SUITE_END()
