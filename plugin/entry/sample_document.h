// The sample template and the content the installation check and the
// "Provutskrift av mall" action fill into it.
#pragma once

#include <filesystem>
#include <string>

#include "config/configuration.h"
#include "core/document_content.h"

namespace committee_report::entry {

[[nodiscard]] std::filesystem::path sampleTemplate(const config::Configuration& configuration);
[[nodiscard]] core::DocumentContent sampleContent(const std::string& dnr, const std::string& date);
[[nodiscard]] std::string todayIso();

}  // namespace committee_report::entry
