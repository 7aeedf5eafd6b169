// The contract's small OData subset: `$filter` (field op value [and …]) and
// `$orderby` (field [asc|desc]) turned into an SQL WHERE / ORDER BY over the
// columns a resource allows, with the values as bound parameters.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace reference_registry {

// A 400 answer: code is the fel.kod.
struct BadRequest : std::runtime_error {
    BadRequest(std::string code, const std::string& message)
        : std::runtime_error(message), code(std::move(code)) {}
    std::string code;
};

struct SqlCondition {
    std::string where;  // "" or "col = ? AND …"
    std::vector<std::string> parameters;
};

// columns: contract field name -> SQL column. Throws BadRequest.
[[nodiscard]] SqlCondition parseFilter(const std::string& filter,
                                       const std::map<std::string, std::string>& columns);
// Returns "col ASC" / "col DESC"; "" for an empty $orderby. Throws BadRequest.
[[nodiscard]] std::string parseOrderBy(const std::string& orderBy,
                                       const std::map<std::string, std::string>& columns);

}  // namespace reference_registry
