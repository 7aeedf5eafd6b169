#include "personal_identity_number.h"

#include <optional>
#include <stdexcept>

#include "date.h"

namespace committee_report::core {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

int number(std::string_view digits) {
    int value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    return value;
}

// Luhn (mod 10, weights 2-1) over YYMMDDNNN, compared with C.
bool luhnValid(std::string_view tenDigits) {
    int sum = 0;
    for (size_t i = 0; i < 9; ++i) {
        int product = (tenDigits[i] - '0') * (i % 2 == 0 ? 2 : 1);
        sum += product / 10 + product % 10;
    }
    return (10 - sum % 10) % 10 == tenDigits[9] - '0';
}

// `century` is 0 when the number carries no century (the ten-digit forms).
std::optional<bool> validate(std::string_view tenDigits, int century) {
    const int month = number(tenDigits.substr(2, 2));
    int day = number(tenDigits.substr(4, 2));
    const bool coordination = day > 60;
    if (coordination) day -= 60;
    if (month < 1 || month > 12 || day < 1) return std::nullopt;
    // Without a century, 29 February may belong to any leap year.
    const int year = century ? century * 100 + number(tenDigits.substr(0, 2)) : 2000;
    if (day > daysInMonth(year, month)) return std::nullopt;
    if (!luhnValid(tenDigits)) return std::nullopt;
    return coordination;
}

// The candidate starting at `start` (a digit not preceded by a digit): its length
// and whether it is valid.
std::optional<PersonalIdentityNumberMatch> candidateAt(std::string_view text, size_t start) {
    size_t end = start;
    while (end < text.size() && isDigit(text[end])) ++end;
    std::string_view head = text.substr(start, end - start);
    std::string_view tail;
    size_t total = head.size();
    if (end + 1 < text.size() && (text[end] == '-' || text[end] == '+') && isDigit(text[end + 1])) {
        size_t tailEnd = end + 1;
        while (tailEnd < text.size() && isDigit(text[tailEnd])) ++tailEnd;
        tail = text.substr(end + 1, tailEnd - end - 1);
        total = tailEnd - start;
    }
    std::string digits;
    int century = 0;
    if (tail.empty() && (head.size() == 10 || head.size() == 12)) {
        digits = std::string(head);
    } else if (tail.size() == 4 && (head.size() == 6 || head.size() == 8)) {
        digits = std::string(head) + std::string(tail);
    } else {
        return std::nullopt;
    }
    if (digits.size() == 12) {
        century = number(std::string_view(digits).substr(0, 2));
        if (century < 18 || century > 20) return std::nullopt;
        digits.erase(0, 2);
    }
    auto coordination = validate(digits, century);
    if (!coordination) return std::nullopt;
    return PersonalIdentityNumberMatch{start, total, *coordination};
}

}  // namespace

bool isPersonalIdentityNumber(std::string_view candidate) {
    if (candidate.empty() || !isDigit(candidate[0])) return false;
    auto match = candidateAt(candidate, 0);
    return match && match->length == candidate.size();
}

std::vector<PersonalIdentityNumberMatch> findPersonalIdentityNumbers(std::string_view text) {
    std::vector<PersonalIdentityNumberMatch> matches;
    size_t i = 0;
    while (i < text.size()) {
        if (!isDigit(text[i]) || (i > 0 && isDigit(text[i - 1]))) {
            ++i;
            continue;
        }
        if (auto match = candidateAt(text, i)) {
            matches.push_back(*match);
            i += match->length;
        } else {
            while (i < text.size() && isDigit(text[i])) ++i;
        }
    }
    return matches;
}

bool containsPersonalIdentityNumber(std::string_view text) {
    return !findPersonalIdentityNumbers(text).empty();
}

std::string redactPersonalIdentityNumbers(std::string_view text, std::string_view replacement) {
    // A replacement with digits could join its neighbours into a new number.
    for (char c : replacement)
        if (isDigit(c))
            throw std::invalid_argument("personnummer replacement must contain no digit");
    // Removing a number can turn what stood before it into one: in "8112188118-811218-9876"
    // the ten digits are no candidate while "-811218" follows them, but after the second
    // number is replaced they stand alone. So replace until none is left; each pass removes
    // at least ten digits and adds none, so this ends.
    std::string result(text);
    for (auto matches = findPersonalIdentityNumbers(result); !matches.empty();
         matches = findPersonalIdentityNumbers(result)) {
        std::string next;
        size_t copied = 0;
        for (const auto& match : matches) {
            next.append(result, copied, match.position - copied);
            next.append(replacement);
            copied = match.position + match.length;
        }
        next.append(result, copied);
        result = std::move(next);
    }
    return result;
}

}  // namespace committee_report::core
