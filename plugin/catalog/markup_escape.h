// Text put into XML or HTML by the hosts (the plugin descriptor, the panel's pages):
// & < > " ' escaped, so a label or message can go into content and attributes alike.
#pragma once

#include <string>
#include <string_view>

namespace committee_report {

[[nodiscard]] std::string markupEscape(std::string_view text);

}  // namespace committee_report
