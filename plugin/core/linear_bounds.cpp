#include "linear_bounds.h"

#include <coin/Clp_C_Interface.h>

#include <cmath>
#include <memory>
#include <stdexcept>

namespace committee_report::core {

LinearBounds::Variable LinearBounds::addVariable(Bounds prior) {
    priors_.push_back(prior);
    return priors_.size() - 1;
}

void LinearBounds::addEquality(std::vector<std::pair<Variable, double>> terms, double value) {
    rows_.push_back(Row{std::move(terms), value, value});
}

void LinearBounds::addAtLeast(std::vector<Variable> variables, double value) {
    Row row{{}, value, std::numeric_limits<double>::infinity()};
    for (auto v : variables) row.terms.emplace_back(v, 1.0);
    rows_.push_back(std::move(row));
}

std::vector<Bounds> LinearBounds::solve(std::optional<Variable> only) const {
    const int columns = static_cast<int>(priors_.size());
    std::vector<Bounds> result(priors_);
    if (columns == 0) return result;
    // Column-major sparse matrix, as Clp_loadProblem wants it.
    std::vector<std::vector<std::pair<int, double>>> byColumn(priors_.size());
    for (size_t r = 0; r < rows_.size(); ++r)
        for (const auto& [variable, coefficient] : rows_[r].terms)
            byColumn.at(variable).emplace_back(static_cast<int>(r), coefficient);
    std::vector<CoinBigIndex> start{0};
    std::vector<int> index;
    std::vector<double> value;
    for (const auto& column : byColumn) {
        for (const auto& [row, coefficient] : column) {
            index.push_back(row);
            value.push_back(coefficient);
        }
        start.push_back(static_cast<CoinBigIndex>(index.size()));
    }
    constexpr double kInfinity = 1e30;  // Clp's COIN_DBL_MAX stand-in for "no bound"
    auto finite = [&](double x) { return std::isinf(x) ? (x > 0 ? kInfinity : -kInfinity) : x; };
    std::vector<double> columnLow, columnHigh, rowLow, rowHigh;
    for (const auto& prior : priors_) {
        columnLow.push_back(prior.low);
        columnHigh.push_back(finite(prior.high));
    }
    for (const auto& row : rows_) {
        rowLow.push_back(finite(row.low));
        rowHigh.push_back(finite(row.high));
    }
    std::vector<double> objective(priors_.size(), 0.0);
    std::unique_ptr<Clp_Simplex, decltype(&Clp_deleteModel)> model(Clp_newModel(),
                                                                   &Clp_deleteModel);
    Clp_setLogLevel(model.get(), 0);
    Clp_loadProblem(model.get(), columns, static_cast<int>(rows_.size()), start.data(),
                    index.data(), value.data(), columnLow.data(), columnHigh.data(),
                    objective.data(), rowLow.data(), rowHigh.data());
    // Each bound is one solve from the previous basis (warm start): a few
    // pivots each, since only the objective changes.
    for (int column = 0; column < columns; ++column) {
        // A variable whose prior already pins it needs no solve.
        if (priors_[column].low == priors_[column].high) continue;
        if (only && *only != static_cast<Variable>(column)) continue;
        for (const double sense : {1.0, -1.0}) {
            std::fill(objective.begin(), objective.end(), 0.0);
            objective[column] = 1.0;
            Clp_chgObjCoefficients(model.get(), objective.data());
            Clp_setObjSense(model.get(), sense);
            Clp_primal(model.get(), 0);
            const int status = Clp_status(model.get());
            if (status == 2 && sense < 0) continue;  // unbounded above: keep infinity
            if (status != 0)
                throw std::logic_error("LinearBounds: the published figures contradict each other");
            // Read the variable itself rather than the objective (whose sign
            // convention depends on the sense). Rounded inwards to whole counts.
            const double optimum = Clp_getColSolution(model.get())[column];
            if (sense > 0)
                result[column].low = std::ceil(optimum - 1e-6);
            else
                result[column].high = std::floor(optimum + 1e-6);
        }
    }
    return result;
}

}  // namespace committee_report::core
