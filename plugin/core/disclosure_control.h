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
// Secondary suppression: while the value of any suppressed cell follows
// exactly from the shown cells and the sums (checked by linear algebra, not
// only "one hidden cell per row"), withhold the smallest positive shown cell of
// a sum that contains it, preferring members to totals. Of the bounds that
// non-negativity gives, only "a line with a shown total of 0 holds only zeros"
// is used; others (e.g. a + b = 2) are not, and such cells stay below the
// threshold anyway.
#pragma once

#include <cstddef>
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
    // Decides every cell's disclosure; call once after all cells and sums are added.
    void apply();

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

    int threshold_;
    std::vector<CellState> cells_;
    std::vector<Sum> sums_;
};

}  // namespace committee_report::core
