// Reading a report definition (templates/<report>/report-definition.xml),
// validated against schemas/report-definition.xsd, into core::ReportDefinition.
#pragma once

#include <filesystem>
#include <string_view>

#include "config/configuration.h"
#include "core/report_definition.h"

namespace committee_report::config {

// Reads and validates `file`; the template path is resolved against its folder.
// Throws XmlFileError naming the file, the line and what is expected there.
[[nodiscard]] core::ReportDefinition loadReportDefinition(const std::filesystem::path& file);
// The same for a definition held in memory; `baseDirectory` resolves the template path.
[[nodiscard]] core::ReportDefinition parseReportDefinition(
    std::string_view xml, std::string_view displayName, const std::filesystem::path& baseDirectory);

// Puts the administrator's site settings (<site> in the configuration) in place of the
// definition's <organisation> values; what the site leaves unset stays as defined.
void applySiteSettings(core::ReportDefinition& definition, const SiteSettings& site);

}  // namespace committee_report::config
