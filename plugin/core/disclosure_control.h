// Disclosure control for counts published in tables and text: small counts
// identify people, so a count of 1 .. threshold-1 is not shown ("färre än 5"),
// and where shown totals would let a reader work a hidden count back, further
// counts are withheld ("..") until none can be.
//
// The counts of a report are cells; a sum says that one cell (a row total, a
// column total, a grand total) is the sum of others. Cells shared between tables
// (the same grand total in every incident table) are one cell, so the
// suppression is consistent across tables and text. A cell can be hidden: it
// takes part in sums (e.g. incidents without a police report) but is never shown.
//
// Primary suppression: every cell with 1 .. threshold-1, shown or hidden.
// Secondary suppression, in two steps:
//  1. while the value of a suppressed cell follows exactly from the shown cells
//     and the sums (linear algebra), withhold the smallest positive shown cell
//     of a sum that contains it, preferring members to totals;
//  2. then as a reader attacks it: with everything published (shown cells,
//     sums, "färre än 5" = 1..4, non-negativity, lists that prove "at least k"),
//     the range each protected cell can have is computed (LinearBounds). A cell
//     of 1..threshold-1, and every withheld cell, must keep a range at least as
//     wide as "färre än 5" itself (1..4: width 3). Two "färre än 5" beside shown
//     cells that leave 2 for them are both exactly 1; that is found here. The
//     cell withheld to widen a range is the smallest shown one that does,
//     members before totals, so the committee keeps the large figures.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace committee_report::core {

enum class Disclosure {
    Shown,
    Small,     // 1 .. threshold-1: "färre än 5", "<5"
    Withheld,  // secondary suppression: "..", "<5" would be wrong since it may be larger
};

class DisclosureControl {
  public:
    using Cell = std::size_t;

    explicit DisclosureControl(int threshold = 5) : threshold_(threshold) {}

    Cell addCell(long long value, bool hidden = false);
    // total == sum of members
    void addSum(Cell total, std::vector<Cell> members);
    // A list published beside the table shows `count` items that each fall in
    // one of `cells`: the reader knows their sum is at least `count`.
    void addAtLeast(std::vector<Cell> cells, long long count);
    // Decides every cell's disclosure; call once after all cells and sums are added.
    void apply();

    // The range a reader can narrow each cell to from what is published (a
    // published cell's range is its value).
    struct Range {
        long long low = 0;
        long long high = 0;  // kUnbounded if nothing bounds it from above
    };
    static constexpr long long kUnbounded = -1;
    // With `only`, just that cell's range is computed (the others are left 0..0).
    [[nodiscard]] std::vector<Range> readerRanges(std::optional<Cell> only = std::nullopt) const;
    // Cells that need protection and whose reader range is narrower than the rule allows.
    [[nodiscard]] std::vector<Cell> leaks() const;
    [[nodiscard]] int threshold() const { return threshold_; }

    [[nodiscard]] Disclosure disclosure(Cell cell) const { return cells_.at(cell).disclosure; }
    [[nodiscard]] long long value(Cell cell) const { return cells_.at(cell).value; }
    [[nodiscard]] std::size_t cellCount() const { return cells_.size(); }
    // True if the value of `cell` follows exactly from the published cells and the sums.
    [[nodiscard]] bool derivable(Cell cell) const;

  private:
    struct CellState {
        long long value = 0;
        bool hidden = false;
        Disclosure disclosure = Disclosure::Shown;
    };
    struct Sum {
        Cell total;
        std::vector<Cell> members;
    };
    struct AtLeast {
        std::vector<Cell> cells;
        long long count;
    };

    [[nodiscard]] bool published(Cell cell) const {
        return !cells_[cell].hidden && cells_[cell].disclosure == Disclosure::Shown;
    }
    [[nodiscard]] bool forcedZero(Cell cell) const;
    // Published, or a zero that a reader knows from a shown zero total.
    [[nodiscard]] bool known(Cell cell) const { return published(cell) || forcedZero(cell); }
    [[nodiscard]] bool needsProtection(Cell cell) const {
        return cells_[cell].disclosure != Disclosure::Shown;
    }
    [[nodiscard]] std::vector<bool> derivableCells() const;
    [[nodiscard]] bool withholdOneNear(Cell exposed);
    // A cell whose range a reader must not narrow: a count of 1..threshold-1
    // (shown as "färre än 5", or hidden) or a withheld one.
    [[nodiscard]] bool guarded(Cell cell) const {
        const auto& c = cells_[cell];
        return (c.value >= 1 && c.value < threshold_) || c.disclosure == Disclosure::Withheld;
    }
    [[nodiscard]] bool wideEnough(const Range& range) const;
    [[nodiscard]] std::vector<Cell> neighbourhood(Cell exposed) const;
    void widen(Cell exposed, const std::vector<Range>& ranges);

    int threshold_;
    std::vector<CellState> cells_;
    std::vector<Sum> sums_;
    std::vector<AtLeast> atLeast_;
};

}  // namespace committee_report::core
