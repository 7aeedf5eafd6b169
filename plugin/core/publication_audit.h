// An independent check of a finished report, run before anything is written.
//
// DisclosureControl decides what to withhold from its own cells and sums. This
// audit does not trust that: it takes only what the report model publishes —
// every table with its rows and totals, the figures the text states, the lists
// (timeline, planned measures) — rebuilds what a reader knows of each figure
// group from the tables' published structure (a row's parts add to its total,
// a column adds to the totals row, the same total in every table over the same
// cases, a list shows at least as many items as its cell counts), and computes
// by the same linear bounds (LinearBounds, COIN-OR Clp) the range each withheld
// cell can have. A cell shown as "färre än 5" or ".." whose range is narrower
// than the rule's own 1..threshold-1 is a leak, whatever produced it.
#pragma once

#include <string>
#include <vector>

#include "report_error.h"
#include "report_model.h"

namespace committee_report::core {

// A withheld cell a reader can narrow further than the rule allows.
struct PublicationLeak {
    std::string table;   // "incidents.byQuarter", or the figure ("incidents.total")
    std::string row;     // the row's label ("2024 K1"), empty for a figure
    std::string column;  // the column's report.json key
    long long low = 0;   // the range a reader can work out
    long long high = 0;
};

// Every leak in what `model` publishes; empty when the report keeps its rule.
[[nodiscard]] std::vector<PublicationLeak> findPublicationLeaks(const ReportModel& model);

// The report refuses to be published when a withheld cell can be narrowed.
class PublicationLeakError : public ReportError {
  public:
    using ReportError::ReportError;
};

// Throws PublicationLeakError naming the first cells that leak (tables and rows,
// never a value), with what to do.
void auditPublication(const ReportModel& model);

}  // namespace committee_report::core
