// The reference registry's $filter and $orderby parser over arbitrary text: it answers with
// SQL over the allowed columns only, or BadRequest; never a crash, and every value is a bound
// parameter (the WHERE text holds one '?' per parameter and no quote).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
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
        if (condition.where.find('\'') != std::string::npos) std::abort();
    } catch (const reference_registry::BadRequest&) {
    }
    try {
        const auto order = reference_registry::parseOrderBy(text, columns);
        if (!order.empty() && order.find('\'') != std::string::npos) std::abort();
    } catch (const reference_registry::BadRequest&) {
    }
    return 0;
}
