#include "finalise_report_action.h"

#include <algorithm>

#include "draft_inspection.h"

#include "report_workflow.h"

namespace committee_report::entry {

namespace {

// The latest registered document of this variant and type: an edited draft is
// registered as a new document beside the generated one.
const core::DocumentRecord* findDocument(const std::vector<core::DocumentRecord>& documents,
                                         const char* variant, const char* extension) {
    for (auto it = documents.rbegin(); it != documents.rend(); ++it)
        if (it->variant.code == variant &&
            std::filesystem::path(it->fileName).extension() == extension)
            return &*it;
    return nullptr;
}

}  // namespace

api::ActionDescriptor FinaliseReportAction::describe() const noexcept {
    api::ActionDescriptor descriptor;
    descriptor.id = "faststall-tjansteskrivelse";
    descriptor.label = "Fastställ tjänsteskrivelse";
    descriptor.description =
        "Kontrollerar det redigerade utkastet, skapar arkivformatet PDF/A och sätter status Klar.";
    descriptor.menu = api::Menu::Case;
    descriptor.requiredRole = "handlaggare";
    return descriptor;
}

api::RunResult FinaliseReportAction::execute(const ValidatedRun& run,
                                             api::ProgressListener& progress) {
    const auto& configuration = *run.configuration;
    const std::string& dnr = run.context.caseDnr;
    progress.onProgress("hamtar-utkast", 0.05, "Hämtar utkastet från diariet");
    auto [client, reportCase, entries, ours] = openCaseReports(configuration, dnr);
    if (ours.empty())
        throw ActionError(api::Status::Refused,
                          "Det finns ingen tjänsteskrivelse att fastställa på " + dnr +
                              ". Kör först \"Skapa tjänsteskrivelse\".");
    const auto& latest = ours.back();
    auto documents = client->listDocuments(latest.entry.systemId);
    const auto* archival = findDocument(documents, "A", ".pdf");
    api::RunResult result;
    if (latest.entry.status.code == kFinalStatus && archival) {
        result.message = "Tjänsteskrivelsen för " + dnr + " är redan fastställd.";
        result.logDetail = "already final: " + latest.entry.systemId;
        return result;
    }
    const auto* draft = findDocument(documents, "P", ".odt");
    if (!draft)
        throw ActionError(api::Status::Failed,
                          "Utkastet på " + dnr +
                              " saknar sin ODT-fil i diariet. Kör \"Skapa tjänsteskrivelse\" igen.",
                          "entry " + latest.entry.systemId + " has no .odt document");

    if (!archival) {
        const std::string odt = client->downloadDocument(*draft);
        checkCancelled(progress);
        progress.onProgress("kontrollerar", 0.25, "Kontrollerar att utkastet är färdigt");
        const auto problems = inspectDraft(odt);
        if (!problems.empty()) {
            api::RunResult refused;
            refused.status = api::Status::Refused;
            for (const auto& place : problems.unfilledPlaces)
                refused.warnings.push_back("Ej ifyllt: " + place);
            if (problems.personalIdentityNumbers > 0)
                refused.warnings.push_back("Texten innehåller " +
                                           std::to_string(problems.personalIdentityNumbers) +
                                           " personnummer eller samordningsnummer; ta bort dem.");
            refused.message =
                "Utkastet kan inte fastställas ännu. Rätta följande i ODT-filen och ladda upp den "
                "till diariet igen:";
            refused.logDetail = "draft " + latest.entry.systemId +
                                " refused: " + std::to_string(problems.unfilledPlaces.size()) +
                                " unfilled places, " +
                                std::to_string(problems.personalIdentityNumbers) +
                                " personal identity numbers";
            return refused;
        }
        progress.onProgress("arkivformat", 0.4, "Skapar arkivformatet PDF/A");
        const std::string base = std::filesystem::path(draft->fileName).stem().string();
        const auto edited = run.outputDirectory / (base + ".odt");
        const auto pdf = run.outputDirectory / (base + ".pdf");
        writeFileAtomically(edited, odt);
        run.office()->convertToPdfA(edited, pdf);
        checkCancelled(progress);
        progress.onProgress("registrerar", 0.8, "Registrerar arkivformatet i diariet");
        const std::string bytes = readFile(pdf);
        const auto registered = client->registerDocument(latest.entry.systemId,
                                                         {"Tjänsteskrivelse (arkivformat)",
                                                          pdf.filename().string(),
                                                          "application/pdf",
                                                          {"A", "Arkivformat"}},
                                                         bytes);
        client->uploadContent(registered.record, bytes);
        if (registered.created) result.createdIds.push_back(registered.record.systemId);
        result.files = {edited.string(), pdf.string()};
    }
    progress.onProgress("status", 0.95, "Sätter status Klar");
    client->setEntryStatus(latest.entry.systemId, {kFinalStatus, "Klar"});
    progress.onProgress("klar", 1.0, "Klart");
    result.message =
        "Tjänsteskrivelsen för " + dnr + " är fastställd och registrerad i arkivformat (PDF/A).";
    result.logDetail = "finalised " + latest.entry.systemId;
    return result;
}

}  // namespace committee_report::entry
