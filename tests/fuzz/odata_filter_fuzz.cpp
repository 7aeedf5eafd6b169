// The reference registry's $filter and $orderby parser over arbitrary text: it answers with
// SQL over the allowed columns only, or BadRequest; never a crash, and every value is a bound
// parameter: the WHERE text is made only of the allowed columns, SQL comparison operators,
// AND, '?' (one per parameter) and the parser's own constant '' (absent values are stored as
// '', so `null` and the ordering comparisons compare with it), nothing taken from the input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "odata_filter.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::map<std::string, std::string> columns = {
        {"arendetyp/kod", "arendetyp_kod"},
        {"registreringsdatum", "registreringsdatum"},
        {"organ", "organ"},
        {"dokumentnummer", "dokumentnummer"}};
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const auto condition = reference_registry::parseFilter(text, columns);
        const auto marks = static_cast<std::size_t>(
            std::count(condition.where.begin(), condition.where.end(), '?'));
        if (marks != condition.parameters.size()) std::abort();
        static const std::set<std::string> allowed = [] {
            std::set<std::string> tokens{"?", "''", "AND", "=", "<>", ">=", "<=", ">", "<"};
            for (const auto& [field, column] : columns) tokens.insert(column);
            return tokens;
        }();
        std::istringstream where(condition.where);
        for (std::string token; where >> token;)
            if (!allowed.contains(token)) std::abort();  // text from the input in the SQL
    } catch (const reference_registry::BadRequest&) {
    }
    try {
        const auto order = reference_registry::parseOrderBy(text, columns);
        if (!order.empty() && order.find('\'') != std::string::npos) std::abort();
    } catch (const reference_registry::BadRequest&) {
    }
    return 0;
}
