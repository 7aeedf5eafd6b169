// The project's XML schemas, compiled into the binary (see schemas/CMakeLists.txt).
#pragma once

#include <optional>
#include <string_view>

namespace committee_report::schemas {

// The text of schemas/<name>, e.g. "configuration.xsd"; nullopt if there is none.
[[nodiscard]] std::optional<std::string_view> schemaText(std::string_view name);

}  // namespace committee_report::schemas
