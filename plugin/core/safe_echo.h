// Input from outside (a --case, a --meeting, a parameter, a user id, an unknown flag) made
// safe to echo to a terminal or a log: one place, so the CLI and the plugin escape alike.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace committee_report::core {

// Control characters (C0, DEL, C1) and invalid UTF-8 as \xNN, at most `maxCharacters`
// characters (an escaped byte counts as one), then "…".
[[nodiscard]] std::string safeEcho(std::string_view text, std::size_t maxCharacters = 60);

}  // namespace committee_report::core
