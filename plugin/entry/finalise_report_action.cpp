#include "finalise_report_action.h"

#include <algorithm>

#include "draft_inspection.h"
#include "registry/registry_error.h"
#include "report_workflow.h"

namespace committee_report::entry {

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
    auto [client, reportCase, entries, ours] = openCaseReports(configuration, dnr, &progress);
    if (ours.empty())
        throw ActionError(api::Status::Refused,
                          "Det finns ingen tjänsteskrivelse att fastställa på " + dnr +
                              ". Kör först \"Skapa tjänsteskrivelse\".");
    const auto& latest = ours.back();  // the highest version (externReferens)
    auto documents = client->listDocuments(latest.entry.systemId);
    // Counts only with its bytes in the registry (a run may have died before uploading them).
    const auto archival = newestComplete(*client, documents, "A", ".pdf");
    api::RunResult result;
    if (latest.entry.status.code == kFinalStatus && archival) {
        result.message = "Tjänsteskrivelsen för " + dnr + " är redan fastställd.";
        result.logDetail = "already final: " + latest.entry.systemId;
        return result;
    }

    if (!archival) {
        // The edited draft is the newest ODT (highest dokumentnummer) whose bytes are there:
        // an edit is registered as a new document beside the generated one.
        std::optional<core::DocumentRecord> draft;
        std::string odt;
        for (const auto& candidate : documentsOfKind(documents, "P", ".odt")) {
            try {
                odt = client->downloadDocument(candidate);
                draft = candidate;
                break;
            } catch (const registry::RegistryError& error) {
                if (error.registryCode() != "INNEHALL_SAKNAS" &&
                    error.kind() != registry::ErrorKind::BadResponse)
                    throw;
            }
        }
        if (!draft)
            throw ActionError(
                api::Status::Failed,
                "Utkastet på " + dnr +
                    " saknar sin ODT-fil i diariet. Kör \"Skapa tjänsteskrivelse\" igen.",
                "entry " + latest.entry.systemId + " has no complete .odt document");
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
            refused.logDetail =
                "draft " + latest.entry.systemId + " document " + std::to_string(draft->number) +
                " refused: " + std::to_string(problems.unfilledPlaces.size()) +
                " unfilled places, " + std::to_string(problems.personalIdentityNumbers) +
                " personal identity numbers";
            return refused;
        }
        progress.onProgress("arkivformat", 0.4, "Skapar arkivformatet PDF/A");
        const std::string base = std::filesystem::path(draft->fileName).stem().string();
        const auto edited = run.outputDirectory / (base + ".odt");
        const auto pdf = run.outputDirectory / (base + ".pdf");
        std::string bytes;
        // A run that died after registering its PDF/A left it here: upload those bytes.
        if (std::filesystem::exists(pdf)) {
            std::string earlier = readFile(pdf);
            const auto sha = registry::sha256Hex(earlier);
            for (const auto& d : documentsOfKind(documents, "A", ".pdf"))
                if (d.checksum == sha) bytes = std::move(earlier);
        }
        if (bytes.empty()) {
            const auto staging = stagingDirectory(run.outputDirectory);
            const auto stagedOdt = staging.path() / (base + ".odt");
            const auto stagedPdf = staging.path() / (base + ".pdf");
            writeFileAtomically(stagedOdt, odt);
            run.office()->convertToPdfA(stagedOdt, stagedPdf);
            bytes = readFile(stagedPdf);
        }
        writeFileAtomically(edited, odt);
        checkCancelled(progress);
        progress.onProgress("registrerar", 0.8, "Registrerar arkivformatet i diariet");
        const auto upload = makeUpload({"Tjänsteskrivelse (arkivformat)",
                                        pdf.filename().string(),
                                        "application/pdf",
                                        {"A", "Arkivformat"}},
                                       std::move(bytes));
        // Kept before the write-back: should this run die after registering the PDF/A, the
        // next run finds these bytes under the registered checksum and uploads them.
        writeFileAtomically(pdf, upload.bytes);
        const auto stored = writeDocuments(*client, latest.entry.systemId, {upload},
                                           writeBackOptions(configuration, progress));
        if (stored[0].created) result.createdIds.push_back(stored[0].record.systemId);
        if (stored[0].ours) run.uploaded.push_back({upload.document.fileName, upload.sha256});
        result.files = {edited.string()};
        if (stored[0].ours) result.files.push_back(pdf.string());
    }
    result.entryId = latest.entry.systemId;
    progress.onProgress("status", 0.95, "Sätter status Klar");
    client->setEntryStatus(latest.entry.systemId, {kFinalStatus, "Klar"});
    progress.onProgress("klar", 1.0, "Klart");
    result.message =
        "Tjänsteskrivelsen för " + dnr + " är fastställd och registrerad i arkivformat (PDF/A).";
    result.logDetail = "finalised " + latest.entry.systemId;
    return result;
}

}  // namespace committee_report::entry
