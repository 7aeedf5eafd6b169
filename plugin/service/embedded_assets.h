// The files the service serves from memory: schemas/openapi.json and the panel's
// HTML, CSS and JavaScript (compiled in, so nothing depends on where files were installed).
#pragma once

#include <optional>
#include <string_view>

namespace committee_report::service {

// By name: "openapi.json", "panel/index.html", "panel/panel.css", "panel/panel.js".
[[nodiscard]] std::optional<std::string_view> serviceAsset(std::string_view name);

}  // namespace committee_report::service
