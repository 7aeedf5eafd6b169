#include "swedish_format.h"

#include <cmath>
#include <cstdio>

namespace committee_report::core {

namespace {

std::string groupThousands(std::string digits) {
    std::string grouped;
    const auto length = digits.size();
    for (size_t i = 0; i < length; ++i) {
        if (i > 0 && (length - i) % 3 == 0) grouped += kNoBreakSpace;
        grouped += digits[i];
    }
    return grouped;
}

}  // namespace

std::string formatInteger(long long value) {
    const bool negative = value < 0;
    const unsigned long long magnitude = negative ? 0ULL - static_cast<unsigned long long>(value)
                                                  : static_cast<unsigned long long>(value);
    return (negative ? "-" : "") + groupThousands(std::to_string(magnitude));
}

std::string formatDecimal(double value, int decimals) {
    if (decimals <= 0) return formatInteger(std::llround(value));
    const double scale = std::pow(10.0, decimals);
    const long long scaled = std::llround(std::fabs(value) * scale);
    const long long whole = scaled / static_cast<long long>(scale);
    std::string fraction = std::to_string(scaled % static_cast<long long>(scale));
    fraction.insert(0, static_cast<size_t>(decimals) - fraction.size(), '0');
    const bool negative = value < 0 && scaled != 0;
    return (negative ? "-" : "") + formatInteger(whole) + "," + fraction;
}

std::string formatPercent(long long part, long long whole) {
    const long long percent =
        whole == 0 ? 0
                   : std::llround(100.0 * static_cast<double>(part) / static_cast<double>(whole));
    return formatInteger(percent) + kNoBreakSpace + "%";
}

std::string numberInText(long long value, Gender gender) {
    static const char* const kWords[] = {"",    "en",   "två", "tre", "fyra", "fem", "sex",
                                         "sju", "åtta", "nio", "tio", "elva", "tolv"};
    if (value == 1 && gender == Gender::Neuter) return "ett";
    if (value >= 1 && value <= 12) return kWords[value];
    return formatInteger(value);
}

std::string capitalized(std::string text) {
    if (text.empty()) return text;
    if (text[0] >= 'a' && text[0] <= 'z') {
        text[0] = static_cast<char>(text[0] - 'a' + 'A');
    } else if (text.rfind("å", 0) == 0) {
        text.replace(0, std::string("å").size(), "Å");
    }
    return text;
}

std::string monthName(int month) {
    static const char* const kMonths[] = {"januari",   "februari", "mars",     "april",
                                          "maj",       "juni",     "juli",     "augusti",
                                          "september", "oktober",  "november", "december"};
    return month >= 1 && month <= 12 ? kMonths[month - 1] : std::string();
}

std::string longDate(const Date& date) {
    return std::to_string(date.day) + " " + monthName(date.month) + " " + std::to_string(date.year);
}

std::string periodText(const Date& from, const Date& to) {
    return longDate(from) + "\u2013" + longDate(to);
}

std::string quarterLabel(int year, int quarter) {
    return std::to_string(year) + " K" + std::to_string(quarter);
}

std::string quarterKey(int year, int quarter) {
    return std::to_string(year) + "-Q" + std::to_string(quarter);
}

std::string joinedList(const std::vector<std::string>& items) {
    std::string text;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) text += i + 1 == items.size() ? " och " : ", ";
        text += items[i];
    }
    return text;
}

}  // namespace committee_report::core
