#include "disclosure_control.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include "linear_bounds.h"

#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace committee_report::core {

DisclosureControl::Cell DisclosureControl::addCell(long long value, bool hidden) {
    cells_.push_back(CellState{value, hidden, Disclosure::Shown});
    return cells_.size() - 1;
}

void DisclosureControl::addSum(Cell total, std::vector<Cell> members) {
    if (total >= cells_.size()) throw std::out_of_range("DisclosureControl::addSum: unknown cell");
    for (Cell member : members)
        if (member >= cells_.size())
            throw std::out_of_range("DisclosureControl::addSum: unknown cell");
    sums_.push_back(Sum{total, std::move(members)});
}

void DisclosureControl::addAtLeast(std::vector<Cell> cells, long long count) {
    for (Cell cell : cells)
        if (cell >= cells_.size())
            throw std::out_of_range("DisclosureControl::addAtLeast: unknown cell");
    if (count > 0) atLeast_.push_back(AtLeast{std::move(cells), count});
}

// Every unpublished cell is a variable with what the reader knows of it:
// "färre än 5" is 1..threshold-1, a withheld or hidden cell only >= 0.
std::vector<DisclosureControl::Range> DisclosureControl::readerRanges(
    std::optional<Cell> only) const {
    LinearBounds bounds;
    std::vector<std::optional<LinearBounds::Variable>> variable(cells_.size());
    for (Cell cell = 0; cell < cells_.size(); ++cell) {
        if (published(cell)) continue;
        Bounds prior;
        if (!cells_[cell].hidden && cells_[cell].disclosure == Disclosure::Small)
            prior = Bounds{1, static_cast<double>(threshold_ - 1)};
        variable[cell] = bounds.addVariable(prior);
    }
    auto known = [&](Cell cell) { return static_cast<double>(cells_[cell].value); };
    for (const auto& sum : sums_) {
        std::vector<std::pair<LinearBounds::Variable, double>> terms;
        double rest = 0;  // what the published cells contribute, moved to the right side
        auto add = [&](Cell cell, double coefficient) {
            if (variable[cell])
                terms.emplace_back(*variable[cell], coefficient);
            else
                rest -= coefficient * known(cell);
        };
        add(sum.total, -1.0);
        for (Cell member : sum.members) add(member, 1.0);
        if (!terms.empty()) bounds.addEquality(std::move(terms), rest);
    }
    for (const auto& fact : atLeast_) {
        std::vector<LinearBounds::Variable> unknown;
        double count = static_cast<double>(fact.count);
        for (Cell cell : fact.cells) {
            if (variable[cell])
                unknown.push_back(*variable[cell]);
            else
                count -= known(cell);
        }
        if (!unknown.empty() && count > 0) bounds.addAtLeast(std::move(unknown), count);
    }
    std::optional<LinearBounds::Variable> onlyVariable;
    if (only) {
        if (!variable.at(*only)) return std::vector<Range>(cells_.size());
        onlyVariable = variable[*only];
    }
    const auto solved = bounds.solve(onlyVariable);
    std::vector<Range> ranges(cells_.size());
    for (Cell cell = 0; cell < cells_.size(); ++cell) {
        if (!variable[cell]) {
            ranges[cell] = Range{cells_[cell].value, cells_[cell].value};
            continue;
        }
        const auto& b = solved[*variable[cell]];
        ranges[cell] = Range{static_cast<long long>(b.low),
                             b.unbounded() ? kUnbounded : static_cast<long long>(b.high)};
    }
    return ranges;
}

// As wide as the rule's own range 1..threshold-1 (at least two values).
bool DisclosureControl::wideEnough(const Range& range) const {
    if (range.high == kUnbounded) return true;
    return range.high - range.low >= std::max(1, threshold_ - 2);
}

std::vector<DisclosureControl::Cell> DisclosureControl::leaks() const {
    std::vector<Cell> found;
    if (threshold_ <= 1) return found;
    const auto ranges = readerRanges();
    for (Cell cell = 0; cell < cells_.size(); ++cell)
        if (guarded(cell) && !wideEnough(ranges[cell])) found.push_back(cell);
    return found;
}

// Which unpublished cells are determined by the system "each sum holds" with the
// published cells known: reduce the coefficient matrix over the unknowns to
// row echelon form; an unknown is determined iff it is a pivot whose row has no
// other non-zero entry in a free column. Tables are small (tens of cells).
std::vector<bool> DisclosureControl::derivableCells() const {
    std::vector<std::optional<size_t>> column(cells_.size());
    std::vector<Cell> unknowns;
    for (Cell cell = 0; cell < cells_.size(); ++cell)
        if (!known(cell)) {
            column[cell] = unknowns.size();
            unknowns.push_back(cell);
        }
    const size_t n = unknowns.size();
    std::vector<std::vector<double>> rows;
    for (const auto& sum : sums_) {
        std::vector<double> row(n, 0.0);
        bool any = false;
        auto add = [&](Cell cell, double coefficient) {
            if (column[cell]) {
                row[*column[cell]] += coefficient;
                any = true;
            }
        };
        add(sum.total, -1.0);
        for (Cell member : sum.members) add(member, 1.0);
        if (any) rows.push_back(std::move(row));
    }
    constexpr double kEpsilon = 1e-9;
    std::vector<std::optional<size_t>> pivotRowOfColumn(n);
    size_t rank = 0;
    for (size_t col = 0; col < n && rank < rows.size(); ++col) {
        size_t best = rank;
        for (size_t r = rank + 1; r < rows.size(); ++r)
            if (std::fabs(rows[r][col]) > std::fabs(rows[best][col])) best = r;
        if (std::fabs(rows[best][col]) < kEpsilon) continue;
        std::swap(rows[best], rows[rank]);
        const double pivot = rows[rank][col];
        for (double& x : rows[rank]) x /= pivot;
        for (size_t r = 0; r < rows.size(); ++r) {
            if (r == rank || std::fabs(rows[r][col]) < kEpsilon) continue;
            const double factor = rows[r][col];
            for (size_t c = 0; c < n; ++c) rows[r][c] -= factor * rows[rank][c];
        }
        pivotRowOfColumn[col] = rank++;
    }
    std::vector<bool> derivable(cells_.size(), false);
    for (Cell cell = 0; cell < cells_.size(); ++cell) {
        if (!column[cell]) {
            derivable[cell] = true;  // published
            continue;
        }
        const size_t col = *column[cell];
        if (!pivotRowOfColumn[col]) continue;
        const auto& row = rows[*pivotRowOfColumn[col]];
        bool determined = true;
        for (size_t c = 0; c < n && determined; ++c)
            if (c != col && std::fabs(row[c]) > kEpsilon) determined = false;
        derivable[cell] = determined;
    }
    return derivable;
}

// A zero in a line whose shown total is 0 is known whatever is shown for it.
bool DisclosureControl::forcedZero(Cell cell) const {
    if (cells_[cell].value != 0) return false;
    for (const auto& sum : sums_)
        if (published(sum.total) && cells_[sum.total].value == 0)
            for (Cell member : sum.members)
                if (member == cell) return true;
    return false;
}

bool DisclosureControl::derivable(Cell cell) const { return derivableCells().at(cell); }

// Withholds the smallest positive published member of a sum containing `exposed`
// (sums where it is the only unknown first), falling back to zero cells and
// then to totals.
bool DisclosureControl::withholdOneNear(Cell exposed) {
    std::optional<Cell> best;
    auto rank = [&](Cell cell, bool isTotal, bool onlyUnknown) {
        const long long v = cells_[cell].value;
        // Smaller is better: sums where `exposed` is alone first, positive before
        // zero, members before totals, then the smallest value, then the first cell.
        return std::tuple(onlyUnknown ? 0 : 1, v > 0 ? 0 : 1, isTotal ? 1 : 0, v, cell);
    };
    std::optional<decltype(rank(0, false, false))> bestRank;
    for (const auto& sum : sums_) {
        bool contains = sum.total == exposed;
        int unknown = known(sum.total) ? 0 : 1;
        for (Cell member : sum.members) {
            contains = contains || member == exposed;
            if (!known(member)) ++unknown;
        }
        if (!contains) continue;
        auto consider = [&](Cell cell, bool isTotal) {
            if (!published(cell) || forcedZero(cell)) return;
            auto r = rank(cell, isTotal, unknown == 1);
            if (!bestRank || r < *bestRank) {
                bestRank = r;
                best = cell;
            }
        };
        consider(sum.total, true);
        for (Cell member : sum.members) consider(member, false);
    }
    if (!best) return false;
    cells_[*best].disclosure = Disclosure::Withheld;
    return true;
}

void DisclosureControl::apply() {
    for (auto& cell : cells_)
        if (cell.value >= 1 && cell.value < threshold_) cell.disclosure = Disclosure::Small;
    // Each round withholds one more cell, so this ends after at most cellCount() rounds.
    for (size_t round = 0; round <= cells_.size(); ++round) {
        // First the classic case: a line with exactly one unknown cell.
        std::optional<Cell> exposed;
        for (const auto& sum : sums_) {
            std::vector<Cell> unknown;
            if (!known(sum.total)) unknown.push_back(sum.total);
            for (Cell member : sum.members)
                if (!known(member)) unknown.push_back(member);
            if (unknown.size() == 1 && needsProtection(unknown.front())) {
                exposed = unknown.front();
                break;
            }
        }
        // Then what only follows from several lines together.
        if (!exposed) {
            const auto derivable = derivableCells();
            for (Cell cell = 0; cell < cells_.size() && !exposed; ++cell)
                if (needsProtection(cell) && derivable[cell]) exposed = cell;
        }
        if (!exposed) break;
        // If every sum around the exposed cell is already fully unknown, it is
        // exposed through its neighbours: protect the nearest of them instead.
        std::vector<Cell> frontier{*exposed};
        std::vector<bool> seen(cells_.size(), false);
        seen[*exposed] = true;
        bool withheld = false;
        for (size_t i = 0; i < frontier.size() && !withheld; ++i) {
            withheld = withholdOneNear(frontier[i]);
            for (const auto& sum : sums_) {
                std::vector<Cell> cells = sum.members;
                cells.push_back(sum.total);
                bool contains = false;
                for (Cell c : cells) contains = contains || c == frontier[i];
                if (!contains) continue;
                for (Cell c : cells)
                    if (!seen[c] && !known(c)) {
                        seen[c] = true;
                        frontier.push_back(c);
                    }
            }
        }
        if (!withheld) throw std::logic_error("DisclosureControl: cannot protect a cell");
    }
    if (threshold_ <= 1) return;
    // Step 2: ranges as a reader computes them. Each round withholds one cell.
    for (size_t round = 0; round <= cells_.size(); ++round) {
        const auto ranges = readerRanges();
        std::optional<Cell> exposed;
        for (Cell cell = 0; cell < cells_.size() && !exposed; ++cell)
            if (guarded(cell) && !wideEnough(ranges[cell])) exposed = cell;
        if (!exposed) return;
        widen(*exposed, ranges);
    }
    throw std::logic_error("DisclosureControl: cannot protect a cell");
}

// The shown cells that share a sum with `exposed` or with an unpublished cell
// linked to it through sums, nearest first, each group ranked: positive before
// zero, members before totals, smallest first.
std::vector<DisclosureControl::Cell> DisclosureControl::neighbourhood(Cell exposed) const {
    std::vector<Cell> frontier{exposed}, candidates;
    std::vector<bool> seen(cells_.size(), false), offered(cells_.size(), false);
    seen[exposed] = true;
    for (size_t i = 0; i < frontier.size(); ++i) {
        std::vector<std::pair<std::tuple<int, int, long long, Cell>, Cell>> ring;
        for (const auto& sum : sums_) {
            bool contains = sum.total == frontier[i];
            for (Cell m : sum.members) contains = contains || m == frontier[i];
            if (!contains) continue;
            // A "färre än 5" may become ".." too: several of them can pin each
            // other (four beside a total of "färre än 5" are all 1), and ".."
            // hides only a small number, which costs the committee least.
            auto consider = [&](Cell c, bool isTotal) {
                const bool small = !cells_[c].hidden && cells_[c].disclosure == Disclosure::Small;
                if ((published(c) || small) && !offered[c]) {
                    offered[c] = true;
                    const long long v = cells_[c].value;
                    ring.push_back({std::tuple(v > 0 ? 0 : 1, isTotal ? 1 : 0, v, c), c});
                }
                if (!published(c) && !seen[c]) {
                    seen[c] = true;
                    frontier.push_back(c);
                }
            };
            consider(sum.total, true);
            for (Cell m : sum.members) consider(m, false);
        }
        std::sort(ring.begin(), ring.end());
        for (const auto& [rank, c] : ring) candidates.push_back(c);
    }
    return candidates;
}

// Withholds the first candidate (in the order above) that makes the exposed
// cell's range wide enough on its own; else the first that widens it at all;
// else the first candidate, and the next round goes on from there.
void DisclosureControl::widen(Cell exposed, const std::vector<Range>& ranges) {
    const auto candidates = neighbourhood(exposed);
    if (candidates.empty())
        throw std::logic_error("DisclosureControl: cannot protect cell " + std::to_string(exposed));
    auto width = [&](const Range& r) {
        return r.high == kUnbounded ? std::numeric_limits<long long>::max() : r.high - r.low;
    };
    const auto before = width(ranges[exposed]);
    // Trying a candidate costs a solve; the nearest few decide in practice.
    constexpr size_t kTried = 12;
    std::optional<Cell> widens;
    for (size_t i = 0; i < candidates.size() && i < kTried; ++i) {
        const auto previous = cells_[candidates[i]].disclosure;
        cells_[candidates[i]].disclosure = Disclosure::Withheld;
        const auto after = readerRanges(exposed)[exposed];
        cells_[candidates[i]].disclosure = previous;
        if (wideEnough(after)) {
            widens = candidates[i];
            break;
        }
        if (!widens && width(after) > before) widens = candidates[i];
    }
    cells_[widens.value_or(candidates.front())].disclosure = Disclosure::Withheld;
}

}  // namespace committee_report::core
