#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

#include "registry/json_value.h"

namespace json = committee_report::registry::json;
using Type = json::Value::Type;

BOOST_AUTO_TEST_SUITE(json_value_test)

BOOST_AUTO_TEST_CASE(reads_every_kind_of_value) {
    const auto value = json::parse(
        R"( {"s": "Socialnämnden", "i": -42, "big": 9007199254740993, "d": 2.5e3, "t": true,
             "f": false, "n": null, "a": [1, "två", {}], "o": {"kode": "P"}} )");
    BOOST_REQUIRE(value.isObject());
    BOOST_TEST(value.find("s")->string() == "Socialnämnden");
    BOOST_TEST((value.find("i")->type() == Type::Integer));
    BOOST_TEST(value.find("i")->integer() == -42);
    BOOST_TEST(value.find("big")->integer() == 9007199254740993LL);
    BOOST_TEST((value.find("d")->type() == Type::Double));
    BOOST_TEST(value.find("d")->number() == 2500.0);
    BOOST_TEST(value.find("t")->boolean());
    BOOST_TEST((value.find("f")->type() == Type::Boolean));
    BOOST_TEST(!value.find("f")->boolean());
    BOOST_TEST(value.find("n")->isNull());
    BOOST_TEST(value.find("a")->array().size() == 3u);
    BOOST_TEST(value.find("a")->array()[1].string() == "två");
    BOOST_TEST(value.find("o")->find("kode")->string() == "P");
    BOOST_TEST(value.find("missing") == nullptr);
    BOOST_TEST(value.members().size() == 9u);
}

BOOST_AUTO_TEST_CASE(decodes_escapes_and_unicode) {
    const auto value =
        json::parse(R"(["a\"b\\c\/d\n\t", "\u00e5\u00E4\u00f6", "\u2013", "\ud83d\ude00"])");
    const auto& items = value.array();
    BOOST_TEST(items[0].string() == "a\"b\\c/d\n\t");
    BOOST_TEST(items[1].string() == "åäö");
    BOOST_TEST(items[2].string() == "–");
    BOOST_TEST(items[3].string() == "\xF0\x9F\x98\x80");
}

// Strings are views into the Document's own copy of the text or of the
// decoded string: they stay valid after the text is gone and the Document moved.
BOOST_AUTO_TEST_CASE(strings_outlive_the_text_and_a_move_of_the_document) {
    auto text = std::make_unique<std::string>(
        R"({"plain": "Socialnämnden", "k\u00e5": "a\tb", "x": "abc\u2013def ghi"})");
    json::Document parsed = json::parse(*text);
    text.reset();
    const json::Document value = std::move(parsed);
    BOOST_TEST(value.find("plain")->string() == "Socialnämnden");
    BOOST_TEST(value.find("kå")->string() == "a\tb");
    BOOST_TEST(value.find("x")->string() == "abc–def ghi");
    BOOST_TEST(value.members()[1].first == "kå");
}

BOOST_AUTO_TEST_CASE(integers_too_large_for_64_bits_become_doubles) {
    const auto value = json::parse("[123456789012345678901234567890, 0, -0.5]");
    BOOST_TEST((value.array()[0].type() == Type::Double));
    BOOST_TEST((value.array()[1].type() == Type::Integer));
    BOOST_TEST(value.array()[2].number() == -0.5);
}

BOOST_AUTO_TEST_CASE(refuses_what_is_not_json) {
    for (const char* text : {"",
                             "{",
                             R"({"a": 1,})",
                             R"({"a" 1})",
                             "[1 2]",
                             "01",
                             "1.",
                             "-",
                             ".5",
                             "+1",
                             "tru",
                             "nul",
                             R"("unterminated)",
                             "\"tab\there\"",
                             R"("\x")",
                             R"("\u12")",
                             R"("\ud800")",
                             R"("\udc00")",
                             "{} {}",
                             R"({'a': 1})",
                             "[1e999]",
                             "NaN"}) {
        BOOST_CHECK_THROW((void)json::parse(text), json::SyntaxError);
    }
    BOOST_CHECK_THROW((void)json::parse(std::string(100, '[') + std::string(100, ']')),
                      json::SyntaxError);
    BOOST_CHECK_NO_THROW((void)json::parse(std::string(60, '[') + std::string(60, ']')));
}

BOOST_AUTO_TEST_CASE(errors_say_where) {
    try {
        (void)json::parse(R"({"count": 3, "results": [{"systemId": )");
        BOOST_FAIL("truncated JSON was accepted");
    } catch (const json::SyntaxError& error) {
        BOOST_TEST(error.offset == 38u);
        BOOST_TEST(std::string(error.what()).find("at byte 38") != std::string::npos, error.what());
    }
}

BOOST_AUTO_TEST_SUITE_END()
