// Steps the report actions share: the registry client for the configuration,
// the report definition, the case, and the report's own registry entries
// (recognised by their externReferens, "committee-report:<dnr>:<report>:<version>").
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/configuration.h"
#include "core/report_definition.h"
#include "registry/registry_client.h"

namespace committee_report::entry {

inline constexpr const char* kReportId = "hot-och-desinformation";
inline constexpr const char* kDraftStatus = "UTKAST";
inline constexpr const char* kFinalStatus = "KLAR";

[[nodiscard]] std::unique_ptr<registry::RegistryClient> openRegistry(
    const config::Configuration& configuration);
// The report definition, with the configuration's site settings (<site>) in force.
[[nodiscard]] core::ReportDefinition loadDefinition(const config::Configuration& configuration);
// "hot-och-desinformation@<first 12 hex of the template's SHA-256>"
[[nodiscard]] std::string templateVersion(const core::ReportDefinition& definition);
// The case with this dnr; ActionError(InvalidInput) if the registry has none.
[[nodiscard]] core::CaseRecord requireCase(registry::RegistryClient& client,
                                           const std::string& dnr);

struct ReportEntry {
    core::RegistryEntry entry;
    int version = 0;
};
[[nodiscard]] std::string externalReference(const std::string& dnr, int version);
// The case's entries made by this plugin for this report, oldest version first.
[[nodiscard]] std::vector<ReportEntry> reportEntries(
    const std::vector<core::RegistryEntry>& entries, const std::string& dnr);
// What every report action reads first: the registry, the case, its entries and
// which of them are this report's versions.
struct CaseReports {
    std::unique_ptr<registry::RegistryClient> client;
    core::CaseRecord reportCase;
    std::vector<core::RegistryEntry> entries;
    std::vector<ReportEntry> ours;  // oldest version first
};
[[nodiscard]] CaseReports openCaseReports(const config::Configuration& configuration,
                                          const std::string& dnr);

// File base name of a version: "2024SOCN33-tjansteskrivelse" or "…-tjansteskrivelse-v2".
[[nodiscard]] std::string reportBaseName(const std::string& dnr, int version);

// Writes bytes to `file` atomically (temporary name, then rename).
void writeFileAtomically(const std::filesystem::path& file, const std::string& bytes);
[[nodiscard]] std::string readFile(const std::filesystem::path& file);

}  // namespace committee_report::entry
