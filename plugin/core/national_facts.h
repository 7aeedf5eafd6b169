// Part 1 of the report from the dated, sourced fact file: only facts whose
// own sources were all published by the report's date, each paragraph ending
// with the numbers of its sources ("[1, 3]"), and the numbered source list
// with author, title and date.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "date.h"
#include "report_definition.h"

namespace committee_report::core {

struct FactText {
    std::map<std::string, std::vector<std::string>> paragraphsByTopic;
    std::vector<std::string> sources;  // "[1] Författare: Titel. 27 april 2023."
};

// The last day a source may have appeared on (a month or year counts as its end).
[[nodiscard]] Date latestPublication(const FactSource& source);

// Throws ReportError naming the fact if one cites no source or an unknown one.
void verifyFactsAreSourced(const NationalFacts& facts);

// The facts a report dated `reportDate` may state (verifyFactsAreSourced first).
[[nodiscard]] FactText factsForReport(const NationalFacts& facts, Date reportDate);

}  // namespace committee_report::core
