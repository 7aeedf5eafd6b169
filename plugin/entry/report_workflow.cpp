#include "report_workflow.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "action_base.h"
#include "audit_log.h"
#include "config/report_definition_loader.h"
#include "core/file_naming.h"

namespace committee_report::entry {

std::unique_ptr<registry::RegistryClient> openRegistry(const config::Configuration& configuration) {
    if (!configuration.registry)
        throw ActionError(api::Status::Failed,
                          "Diariet är inte konfigurerat. Administratören behöver ange <registry> i "
                          "konfigurationen.",
                          "no <registry> in " + configuration.file.string());
    return registry::makeRegistryClient(*configuration.registry);
}

core::ReportDefinition loadDefinition(const config::Configuration& configuration) {
    auto definition = config::loadReportDefinition(configuration.templatesDirectory / kReportId /
                                                   "report-definition.xml");
    config::applySiteSettings(definition, configuration.site);
    return definition;
}

std::string templateVersion(const core::ReportDefinition& definition) {
    return definition.id + "@" + sha256OfFile(definition.templateFile).substr(0, 12);
}

core::CaseRecord requireCase(registry::RegistryClient& client, const std::string& dnr) {
    auto found = client.findCaseByDnr(dnr);
    if (!found)
        throw ActionError(api::Status::InvalidInput,
                          "Ärendet " + dnr + " finns inte i diariet. Kontrollera diarienumret.",
                          "no case " + dnr);
    return *found;
}

std::string externalReference(const std::string& dnr, int version) {
    return "committee-report:" + dnr + ":" + kReportId + ":" + std::to_string(version);
}

std::vector<ReportEntry> reportEntries(const std::vector<core::RegistryEntry>& entries,
                                       const std::string& dnr) {
    const std::string prefix = "committee-report:" + dnr + ":" + kReportId + ":";
    std::vector<ReportEntry> ours;
    for (const auto& entry : entries) {
        if (entry.externalReference.rfind(prefix, 0) != 0) continue;
        const std::string number = entry.externalReference.substr(prefix.size());
        if (number.empty() || number.size() > 6 ||
            number.find_first_not_of("0123456789") != std::string::npos)
            continue;
        ours.push_back({entry, std::stoi(number)});
    }
    std::sort(ours.begin(), ours.end(),
              [](const ReportEntry& a, const ReportEntry& b) { return a.version < b.version; });
    return ours;
}

CaseReports openCaseReports(const config::Configuration& configuration, const std::string& dnr) {
    CaseReports reports;
    reports.client = openRegistry(configuration);
    reports.reportCase = requireCase(*reports.client, dnr);
    reports.entries = reports.client->listEntries(reports.reportCase.systemId);
    reports.ours = reportEntries(reports.entries, dnr);
    return reports;
}

std::string reportBaseName(const std::string& dnr, int version) {
    const std::string base = core::caseFileBaseName(dnr, "tjansteskrivelse");
    return version > 1 ? base + "-v" + std::to_string(version) : base;
}

void writeFileAtomically(const std::filesystem::path& file, const std::string& bytes) {
    std::filesystem::create_directories(file.parent_path());
    const auto temporary = file.parent_path() / ("." + file.filename().string() + ".partial-" +
                                                 std::to_string(getpid()));
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            std::error_code ignored;
            std::filesystem::remove(temporary, ignored);
            throw ActionError(api::Status::Failed,
                              "Filen " + file.filename().string() + " kunde inte skrivas till " +
                                  file.parent_path().string() +
                                  ". Kontrollera att disken inte är full.",
                              "write " + file.string() + " failed");
        }
    }
    std::filesystem::rename(temporary, file);
}

std::string readFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

}  // namespace committee_report::entry
