// Numbers and dates as the report writes them (språklagen 11 §; the municipal
// writing rules in shared/docs/report-domain.md): 2024-06-19 in tables,
// "19 juni 2024" in prose, decimal comma, a non-breaking space as thousands
// separator ("1 200"), "45 %", and one to twelve in words in running text.
#pragma once

#include <string>
#include <vector>

#include "date.h"

namespace committee_report::core {

// U+00A0, the separator inside "1 200" and "45 %".
inline constexpr const char* kNoBreakSpace = "\u00A0";

// Grammatical gender of the noun a number counts: "en händelse", "ett möte".
enum class Gender { Common, Neuter };

// "7", "1 200", "-15 000" (thousands separated by a non-breaking space).
[[nodiscard]] std::string formatInteger(long long value);
// "2,4" with `decimals` digits after the decimal comma, rounded half away from zero.
[[nodiscard]] std::string formatDecimal(double value, int decimals);
// part/whole as a whole percent: "45 %"; "0 %" when whole is 0.
[[nodiscard]] std::string formatPercent(long long part, long long whole);
// For running text: "en"/"ett", "två" … "tolv"; other numbers as formatInteger.
[[nodiscard]] std::string numberInText(long long value, Gender gender = Gender::Common);
// Same, starting with a capital letter, for the start of a sentence.
[[nodiscard]] std::string capitalized(std::string text);
// "19 juni 2024"
[[nodiscard]] std::string longDate(const Date& date);
// "juni"
[[nodiscard]] std::string monthName(int month);
// "1 januari 2022–31 maj 2024" (en dash, no spaces)
[[nodiscard]] std::string periodText(const Date& from, const Date& to);
// "2022 K1" (label) and "2022-Q1" (key for report.json)
[[nodiscard]] std::string quarterLabel(int year, int quarter);
[[nodiscard]] std::string quarterKey(int year, int quarter);
// "a, b och c"
[[nodiscard]] std::string joinedList(const std::vector<std::string>& items);

}  // namespace committee_report::core
