// A calendar date without time zone or clock: what the registry's "YYYY-MM-DD"
// fields carry. Core never reads a clock; "today" is always passed in.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace committee_report::core {

struct Date {
    int year = 1970;
    int month = 1;
    int day = 1;

    // Parses exactly "YYYY-MM-DD" with a real calendar day; nullopt otherwise.
    [[nodiscard]] static std::optional<Date> parse(std::string_view text);
    // "2024-06-19"
    [[nodiscard]] std::string iso() const;
    [[nodiscard]] bool valid() const;
    // Days since 1970-01-01 (proleptic Gregorian), for differences and ordering.
    [[nodiscard]] long daysSinceEpoch() const;
    [[nodiscard]] static Date fromDaysSinceEpoch(long days);
    [[nodiscard]] int quarter() const { return (month - 1) / 3 + 1; }

    auto operator<=>(const Date&) const = default;
};

[[nodiscard]] bool isLeapYear(int year);
[[nodiscard]] int daysInMonth(int year, int month);

}  // namespace committee_report::core
