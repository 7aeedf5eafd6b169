// The range a reader can narrow an unpublished count to: given what a report
// publishes (shown counts, sums that hold, "färre än 5" meaning 1..4, lists
// that prove "at least k"), the smallest and largest value each unknown count
// can take. Solved as linear programmes with COIN-OR Clp (Debian
// coinor-libclp-dev); the constraints of count tables (sums over rows and
// columns) have integral vertices, so the bounds are whole numbers.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <vector>

namespace committee_report::core {

struct Bounds {
    double low = 0;
    double high = std::numeric_limits<double>::infinity();
    [[nodiscard]] bool unbounded() const { return high == std::numeric_limits<double>::infinity(); }
    [[nodiscard]] double width() const { return high - low; }
};

class LinearBounds {
  public:
    using Variable = std::size_t;

    // A non-negative unknown with the reader's prior bounds (e.g. 1..4 for "färre än 5").
    Variable addVariable(Bounds prior);
    // sum of coefficient * variable == value
    void addEquality(std::vector<std::pair<Variable, double>> terms, double value);
    // sum of variables >= value (a list that shows k of them)
    void addAtLeast(std::vector<Variable> variables, double value);

    // The tightest bounds of every variable consistent with all constraints.
    // Throws std::logic_error if the constraints contradict each other (a bug
    // in whoever built them: the true values always satisfy them).
    // With `only`, just that variable's bounds are solved (the others keep their priors).
    [[nodiscard]] std::vector<Bounds> solve(std::optional<Variable> only = std::nullopt) const;
    [[nodiscard]] std::size_t size() const { return priors_.size(); }

  private:
    struct Row {
        std::vector<std::pair<Variable, double>> terms;
        double low;
        double high;
    };
    std::vector<Bounds> priors_;
    std::vector<Row> rows_;
};

}  // namespace committee_report::core
