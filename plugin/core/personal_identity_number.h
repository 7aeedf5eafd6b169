// Finding Swedish personal identity numbers (personnummer) and coordination
// numbers (samordningsnummer) in text, so that none reaches a report.
//
// Forms found: YYMMDD-NNNC, YYMMDD+NNNC (aged 100 or more), YYMMDDNNNC,
// YYYYMMDD-NNNC and YYYYMMDDNNNC. The birth date must be a real date (for a
// samordningsnummer the day plus 60) and C the Luhn check digit over the ten
// digits YYMMDDNNN. A digit run longer or shorter than these forms is not a
// candidate, so dates (2024-06-19, 20240619), case numbers (2024SOCN33) and
// phone numbers written with their usual separators are not flagged. A ten-digit
// run that happens to be a valid personnummer is flagged: it cannot be told apart.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace committee_report::core {

struct PersonalIdentityNumberMatch {
    std::size_t position = 0;  // byte offset in the text
    std::size_t length = 0;
    bool coordinationNumber = false;  // samordningsnummer (day + 60)
};

// True if `candidate` as a whole is one of the forms above and valid.
[[nodiscard]] bool isPersonalIdentityNumber(std::string_view candidate);
// Every valid personnummer or samordningsnummer in `text`, in order.
[[nodiscard]] std::vector<PersonalIdentityNumberMatch> findPersonalIdentityNumbers(
    std::string_view text);
[[nodiscard]] bool containsPersonalIdentityNumber(std::string_view text);
// `text` with each one replaced by `replacement` (which must contain no digit, else
// std::invalid_argument), repeated until the result contains none.
[[nodiscard]] std::string redactPersonalIdentityNumbers(
    std::string_view text, std::string_view replacement = "[borttaget]");

}  // namespace committee_report::core
