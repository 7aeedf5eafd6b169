#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <functional>
#include <limits>
#include <random>

#include "core/disclosure_control.h"

using committee_report::core::Disclosure;
using committee_report::core::DisclosureControl;
using Cell = DisclosureControl::Cell;

namespace {

bool published(const DisclosureControl& c, Cell cell) {
    return c.disclosure(cell) == Disclosure::Shown;
}

// A table as a reader sees it: rows of cells with a total column, and a totals row.
struct Grid {
    std::vector<std::vector<Cell>> cells;  // [row][column]
    std::vector<Cell> rowTotals;
    std::vector<Cell> columnTotals;
    Cell grand{};
};

Grid makeGrid(DisclosureControl& control, const std::vector<std::vector<long long>>& values) {
    Grid g;
    const size_t columns = values.front().size();
    std::vector<long long> columnSums(columns, 0);
    long long all = 0;
    for (const auto& row : values) {
        std::vector<Cell> cells;
        long long sum = 0;
        for (size_t c = 0; c < columns; ++c) {
            cells.push_back(control.addCell(row[c]));
            sum += row[c];
            columnSums[c] += row[c];
        }
        all += sum;
        g.rowTotals.push_back(control.addCell(sum));
        control.addSum(g.rowTotals.back(), cells);
        g.cells.push_back(cells);
    }
    for (size_t c = 0; c < columns; ++c) {
        g.columnTotals.push_back(control.addCell(columnSums[c]));
        std::vector<Cell> members;
        for (const auto& row : g.cells) members.push_back(row[c]);
        control.addSum(g.columnTotals.back(), members);
    }
    g.grand = control.addCell(all);
    control.addSum(g.grand, g.rowTotals);
    control.addSum(g.grand, g.columnTotals);
    return g;
}

// What a reader can always do: in any line with exactly one missing number,
// compute it from the total. Returns the number of lines where that works.
int linesWithOneMissing(const DisclosureControl& control, const Grid& g) {
    int lines = 0;
    auto check = [&](std::vector<Cell> line) {
        int missing = 0;
        for (auto cell : line) missing += published(control, cell) ? 0 : 1;
        if (missing == 1) ++lines;
    };
    for (size_t r = 0; r < g.cells.size(); ++r) {
        auto line = g.cells[r];
        line.push_back(g.rowTotals[r]);
        check(line);
    }
    for (size_t c = 0; c < g.columnTotals.size(); ++c) {
        std::vector<Cell> line;
        for (const auto& row : g.cells) line.push_back(row[c]);
        line.push_back(g.columnTotals[c]);
        check(line);
    }
    auto totals = g.columnTotals;
    totals.push_back(g.grand);
    check(totals);
    auto rowTotals = g.rowTotals;
    rowTotals.push_back(g.grand);
    check(rowTotals);
    return lines;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(disclosure_control_test)

BOOST_AUTO_TEST_CASE(one_to_four_are_small_zero_and_five_are_shown) {
    DisclosureControl control(5);
    std::vector<Cell> cells;
    for (long long v : {0, 1, 4, 5, 120}) cells.push_back(control.addCell(v));
    control.apply();
    BOOST_TEST((control.disclosure(cells[0]) == Disclosure::Shown));
    BOOST_TEST((control.disclosure(cells[1]) == Disclosure::Small));
    BOOST_TEST((control.disclosure(cells[2]) == Disclosure::Small));
    BOOST_TEST((control.disclosure(cells[3]) == Disclosure::Shown));
    BOOST_TEST((control.disclosure(cells[4]) == Disclosure::Shown));
}

BOOST_AUTO_TEST_CASE(a_column_with_a_total_withholds_the_next_smallest_cell) {
    // Category table: 3 + 10 + 20 + 0 = 33 with "Totalt" 33 shown. Without a
    // second suppression, 33 - 10 - 20 - 0 would give the 3.
    DisclosureControl control(5);
    auto small = control.addCell(3), ten = control.addCell(10), twenty = control.addCell(20),
         zero = control.addCell(0), total = control.addCell(33);
    control.addSum(total, {small, ten, twenty, zero});
    control.apply();
    BOOST_TEST((control.disclosure(small) == Disclosure::Small));
    BOOST_TEST((control.disclosure(ten) == Disclosure::Withheld));
    BOOST_TEST((control.disclosure(twenty) == Disclosure::Shown));
    BOOST_TEST((control.disclosure(zero) == Disclosure::Shown));
    BOOST_TEST((control.disclosure(total) == Disclosure::Shown));
    BOOST_TEST(!control.derivable(small));
    BOOST_TEST(!control.derivable(ten));
}

BOOST_AUTO_TEST_CASE(a_small_cell_in_a_grid_is_protected_in_its_row_and_its_column) {
    DisclosureControl control(5);
    const std::vector<std::vector<long long>> values{{2, 9, 14}, {8, 6, 30}, {11, 7, 25}};
    auto g = makeGrid(control, values);
    control.apply();
    BOOST_TEST((control.disclosure(g.cells[0][0]) == Disclosure::Small));
    // Its row (2, 9, 14 | 25) and its column (2, 8, 11 | 21) each lose one more cell: the smallest.
    BOOST_TEST((control.disclosure(g.cells[0][1]) == Disclosure::Withheld));
    BOOST_TEST((control.disclosure(g.cells[1][0]) == Disclosure::Withheld));
    BOOST_TEST(linesWithOneMissing(control, g) == 0);
    for (const auto& row : g.cells)
        for (auto cell : row)
            if (!published(control, cell)) BOOST_TEST(!control.derivable(cell));
    // Totals stay shown.
    for (auto cell : g.rowTotals) BOOST_TEST(published(control, cell));
    for (auto cell : g.columnTotals) BOOST_TEST(published(control, cell));
}

BOOST_AUTO_TEST_CASE(the_totals_row_would_reveal_a_small_column_total) {
    // Quarter table, columns "linked" and "other": the linked column sums to 3
    // (small), so the totals row 3 | 40 | 43 would give it back from 43 - 40.
    DisclosureControl control(5);
    const std::vector<std::vector<long long>> values{{0, 12}, {3, 15}, {0, 13}};
    auto g = makeGrid(control, values);
    control.apply();
    BOOST_TEST((control.disclosure(g.columnTotals[0]) == Disclosure::Small));
    BOOST_TEST((control.disclosure(g.cells[1][0]) == Disclosure::Small));
    BOOST_TEST(!published(control, g.columnTotals[1]));  // the other column total is withheld too
    BOOST_TEST(linesWithOneMissing(control, g) == 0);
    BOOST_TEST(!control.derivable(g.columnTotals[0]));
    BOOST_TEST(!control.derivable(g.cells[1][0]));
}

BOOST_AUTO_TEST_CASE(a_hidden_remainder_protects_a_small_share_without_withholding_more) {
    // "Polisanmälda 3 of 40": the not-reported 37 is never shown, so 3 cannot be
    // worked back and nothing else needs to be withheld.
    DisclosureControl control(5);
    auto total = control.addCell(40), reported = control.addCell(3),
         rest = control.addCell(37, true);
    control.addSum(total, {reported, rest});
    control.apply();
    BOOST_TEST((control.disclosure(reported) == Disclosure::Small));
    BOOST_TEST(published(control, total));
    BOOST_TEST(!control.derivable(reported));
}

BOOST_AUTO_TEST_CASE(a_hidden_small_remainder_is_protected_too) {
    // 40 observations, 37 name the municipality: the hidden 3 that do not would
    // follow from 40 - 37, so 37 is withheld (and then the total, being the only
    // other cell of the sum).
    DisclosureControl control(5);
    auto total = control.addCell(40), local = control.addCell(37), rest = control.addCell(3, true);
    control.addSum(total, {local, rest});
    control.apply();
    BOOST_TEST(!control.derivable(rest));
    BOOST_TEST(!published(control, local));
}

BOOST_AUTO_TEST_CASE(random_tables_never_leave_a_suppressed_cell_derivable) {
    std::mt19937 random(20240619);
    std::uniform_int_distribution<int> size(1, 6), value(0, 14);
    for (int round = 0; round < 200; ++round) {
        DisclosureControl control(5);
        const int rows = size(random), columns = size(random);
        std::vector<std::vector<long long>> values(rows, std::vector<long long>(columns));
        for (auto& row : values)
            for (auto& v : row) v = value(random);
        auto g = makeGrid(control, values);
        control.apply();
        BOOST_TEST_REQUIRE(linesWithOneMissing(control, g) == 0, "round " << round);
        for (Cell cell = 0; cell < control.cellCount(); ++cell) {
            const auto v = control.value(cell);
            if (v >= 1 && v <= 4) BOOST_TEST_REQUIRE(!published(control, cell));
            if (!published(control, cell))
                BOOST_TEST_REQUIRE(!control.derivable(cell), "round " << round);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// An independent attack on a published table: every whole-number assignment of
// the unpublished cells that fits everything published ("färre än 5" = 1..4,
// ".." = any count, shown cells as shown, every sum holding) is enumerated, and
// each cell's smallest and largest possible value recorded. No linear
// programming: what the reader can prove, by brute force.
struct Attack {
    std::vector<long long> low, high;
};

Attack attack(const DisclosureControl& control, const std::vector<std::vector<Cell>>& leavesOf,
              const std::vector<Cell>& leaves, long long cap) {
    const size_t n = control.cellCount();
    Attack result{std::vector<long long>(n, std::numeric_limits<long long>::max()),
                  std::vector<long long>(n, std::numeric_limits<long long>::min())};
    std::vector<long long> value(n, 0);
    auto range = [&](Cell c) -> std::pair<long long, long long> {
        switch (control.disclosure(c)) {
            case Disclosure::Shown:
                return {control.value(c), control.value(c)};
            case Disclosure::Small:
                return {1, control.threshold() - 1};
            case Disclosure::Withheld:
                return {0, cap};
        }
        return {0, cap};
    };
    // Every cell is a sum of leaves (a leaf of itself); checked once its leaves are set.
    std::vector<size_t> lastLeaf(n, 0);
    for (Cell c = 0; c < n; ++c)
        for (Cell leaf : leavesOf[c])
            lastLeaf[c] = std::max(
                lastLeaf[c], static_cast<size_t>(std::find(leaves.begin(), leaves.end(), leaf) -
                                                 leaves.begin()));
    std::function<void(size_t)> dfs = [&](size_t depth) {
        if (depth == leaves.size()) {
            for (Cell c = 0; c < n; ++c) {
                long long v = 0;
                for (Cell leaf : leavesOf[c]) v += value[leaf];
                result.low[c] = std::min(result.low[c], v);
                result.high[c] = std::max(result.high[c], v);
            }
            return;
        }
        const auto [lo, hi] = range(leaves[depth]);
        for (long long v = lo; v <= hi; ++v) {
            value[leaves[depth]] = v;
            bool fits = true;
            for (Cell c = 0; c < n && fits; ++c) {
                long long partial = 0;
                for (Cell leaf : leavesOf[c])
                    if (std::find(leaves.begin(), leaves.begin() + depth + 1, leaf) !=
                        leaves.begin() + depth + 1)
                        partial += value[leaf];
                const auto [clo, chi] = range(c);
                if (partial > chi) fits = false;  // sums only grow
                if (lastLeaf[c] <= depth && partial < clo) fits = false;
            }
            if (fits) dfs(depth + 1);
        }
    };
    dfs(0);
    return result;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(disclosure_control_test)

// Property: over many random tables (one-way with a total, and two-way with
// row, column and grand totals), no cell of 1..4 and no withheld cell can be
// narrowed by a reader to a range smaller than "färre än 5" itself; a category's
// total is never withheld while its table shows a member larger than it.
BOOST_AUTO_TEST_CASE(random_tables_never_let_a_reader_recover_a_small_cell) {
    std::mt19937 random(20240520);  // seeded: the same cases on every run
    int tables = 0, smallCells = 0;
    for (int round = 0; round < 300; ++round) {
        DisclosureControl control(5);
        std::vector<Cell> leaves;
        std::vector<std::vector<Cell>> leavesOf;
        auto leaf = [&](long long v) {
            auto c = control.addCell(v);
            leaves.push_back(c);
            leavesOf.push_back({c});
            return c;
        };
        auto total = [&](const std::vector<Cell>& members) {
            long long v = 0;
            std::vector<Cell> under;
            for (Cell m : members) {
                v += control.value(m);
                under.insert(under.end(), leavesOf[m].begin(), leavesOf[m].end());
            }
            auto c = control.addCell(v);
            leavesOf.push_back(under);
            control.addSum(c, members);
            return c;
        };
        std::uniform_int_distribution<int> pick(0, 8);
        if (round % 2 == 0) {  // one-way: 2..5 categories and a total
            const int k = 2 + round / 2 % 4;
            std::vector<Cell> members;
            for (int i = 0; i < k; ++i) members.push_back(leaf(pick(random)));
            total(members);
        } else {  // two-way: 2..3 × 2..3 with margins
            const int rows = 2 + round / 2 % 2, columns = 2 + round / 4 % 2;
            std::vector<std::vector<Cell>> grid(rows);
            for (auto& row : grid)
                for (int c = 0; c < columns; ++c) row.push_back(leaf(pick(random) % 7));
            std::vector<Cell> rowTotals, columnTotals;
            for (auto& row : grid) rowTotals.push_back(total(row));
            for (int c = 0; c < columns; ++c) {
                std::vector<Cell> column;
                for (auto& row : grid) column.push_back(row[c]);
                columnTotals.push_back(total(column));
            }
            const auto grand = total(rowTotals);
            control.addSum(grand, columnTotals);
        }
        control.apply();
        ++tables;
        // The attack bounds a ".." by more than any count in the table can be,
        // so the bound never decides a range.
        long long largest = 0;
        for (Cell c = 0; c < control.cellCount(); ++c)
            largest = std::max(largest, control.value(c));
        const auto seen = attack(control, leavesOf, leaves, largest + 6);
        for (Cell c = 0; c < control.cellCount(); ++c) {
            const auto v = control.value(c);
            BOOST_TEST(seen.low[c] <= v);
            BOOST_TEST(seen.high[c] >= v);
            const bool guarded =
                (v >= 1 && v <= 4) || control.disclosure(c) == Disclosure::Withheld;
            if (v >= 1 && v <= 4) {
                ++smallCells;
                BOOST_TEST((control.disclosure(c) != Disclosure::Shown), "round " << round);
            }
            if (guarded)
                BOOST_TEST(seen.high[c] - seen.low[c] >= 3,
                           "round " << round << " cell " << c << " value " << v << " range "
                                    << seen.low[c] << ".." << seen.high[c]);
        }
    }
    BOOST_TEST_MESSAGE(tables << " tables, " << smallCells << " cells of 1-4 attacked");
    BOOST_TEST(smallCells > 300);
}

// The leaks of issue 14, as a reader finds them.
BOOST_AUTO_TEST_CASE(two_small_cells_beside_a_total_that_leaves_two_are_not_both_shown_small) {
    // Table 5: shown rows 60 + 37 = 97 of 99, Snapchat and Annat "färre än 5": both exactly 1.
    DisclosureControl control(5);
    const auto a = control.addCell(60), b = control.addCell(37), snapchat = control.addCell(1),
               other = control.addCell(1), total = control.addCell(99);
    control.addSum(total, {a, b, snapchat, other});
    control.apply();
    BOOST_TEST(control.leaks().empty());
    BOOST_TEST(published(control, total));
    BOOST_TEST(published(control, a));  // the large category stays
    // The smallest shown member (37) goes, never 60 or the total.
    BOOST_TEST((control.disclosure(b) == Disclosure::Withheld));
}

BOOST_AUTO_TEST_CASE(a_list_that_names_items_counts_against_the_table) {
    // Three items in a category shown as "färre än 5" narrow it to 3..4.
    DisclosureControl control(5);
    const auto big = control.addCell(20), small = control.addCell(3), total = control.addCell(23);
    control.addSum(total, {big, small});
    control.apply();
    BOOST_TEST(control.leaks().empty());
    control.addAtLeast({small}, 3);
    const auto leaks = control.leaks();
    BOOST_TEST((std::find(leaks.begin(), leaks.end(), small) != leaks.end()));
}
BOOST_AUTO_TEST_SUITE_END()
