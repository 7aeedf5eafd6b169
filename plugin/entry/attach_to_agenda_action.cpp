#include "attach_to_agenda_action.h"

#include <algorithm>

#include "core/safe_echo.h"
#include "registry/registry_error.h"
#include "report_workflow.h"
#include "sample_document.h"

namespace committee_report::entry {

namespace {

const char* const kLockedStatuses[] = {"PUBLICERAT", "GENOMFORT"};
// Tries to link the document when the agenda item keeps changing under it (412): each try
// reads the item again; a secretary's edits end within a few tries.
constexpr int kAttachAttempts = 5;

bool locked(const core::Meeting& meeting) {
    return std::any_of(std::begin(kLockedStatuses), std::end(kLockedStatuses),
                       [&](const char* status) { return meeting.status.code == status; });
}

core::Meeting chooseMeeting(registry::RegistryClient& client, const ValidatedRun& run,
                            const core::CaseRecord& reportCase) {
    registry::MeetingQuery query;
    query.organ = reportCase.organ;
    if (!run.context.meetingId.empty()) {
        query.organ.reset();
        for (const auto& meeting : client.listMeetings(query))
            if (meeting.systemId == run.context.meetingId) return meeting;
        throw ActionError(
            api::Status::InvalidInput,
            "Sammanträdet " + core::safeEcho(run.context.meetingId) + " finns inte i diariet.");
    }
    if (run.parameters.count("meeting-date")) {
        const auto date = *core::Date::parse(run.parameters.at("meeting-date"));
        query.from = date;
        query.to = date;
        const auto meetings = client.listMeetings(query);
        if (meetings.empty())
            throw ActionError(
                api::Status::InvalidInput,
                reportCase.organ + " har inget sammanträde den " + date.iso() + " i diariet.");
        if (meetings.size() > 1)  // no list order tells which one is meant
            throw ActionError(api::Status::InvalidInput,
                              reportCase.organ + " har " + std::to_string(meetings.size()) +
                                  " sammanträden den " + date.iso() +
                                  " i diariet. Välj sammanträdet i dokumenthanteringssystemet "
                                  "(sammanträdets id) i stället för datumet.");
        return meetings.front();
    }
    query.from = *core::Date::parse(todayIso());
    auto meetings = client.listMeetings(query);
    meetings.erase(std::remove_if(meetings.begin(), meetings.end(),
                                  [](const core::Meeting& m) { return locked(m); }),
                   meetings.end());
    if (meetings.empty())
        throw ActionError(
            api::Status::InvalidInput,
            reportCase.organ +
                " har inget planerat sammanträde framåt i diariet. Ange sammanträdet med "
                "parametern meeting-date=ÅÅÅÅ-MM-DD.");
    // The next one by date; of two on the same day, the lower systemId, so that every run
    // picks the same one whatever order the list came in.
    return *std::min_element(
        meetings.begin(), meetings.end(), [](const core::Meeting& a, const core::Meeting& b) {
            return a.date != b.date ? a.date < b.date : a.systemId < b.systemId;
        });
}

}  // namespace

api::ActionDescriptor AttachToAgendaAction::describe() const noexcept {
    api::ActionDescriptor descriptor;
    descriptor.id = "bifoga-till-dagordning";
    descriptor.label = "Bifoga till dagordning";
    descriptor.description =
        "Bifogar den fastställda tjänsteskrivelsen (PDF/A) till ärendets punkt på sammanträdets "
        "dagordning.";
    descriptor.menu = api::Menu::Case;
    descriptor.requiredRole = "sekreterare";
    descriptor.parameters.push_back(dateParameter(
        "meeting-date", "Sammanträdesdatum",
        "Sammanträdets datum. Standard: nämndens nästa planerade sammanträde. Kan ersättas av ett "
        "sammanträdes id (RunContext::meetingId)."));
    return descriptor;
}

api::RunResult AttachToAgendaAction::execute(const ValidatedRun& run,
                                             api::ProgressListener& progress) {
    const auto& configuration = *run.configuration;
    const std::string& dnr = run.context.caseDnr;
    progress.onProgress("hamtar", 0.1, "Hämtar tjänsteskrivelsen och sammanträdet");
    auto [client, reportCase, entries, ours] = openCaseReports(configuration, dnr, &progress);
    const ReportEntry* final = nullptr;  // the highest final version (externReferens)
    for (const auto& report : ours)
        if (report.entry.status.code == kFinalStatus && (!final || report.version > final->version))
            final = &report;
    if (!final)
        throw ActionError(
            api::Status::Refused,
            ours.empty() ? "Det finns ingen tjänsteskrivelse på " + dnr + " att bifoga."
                         : "Tjänsteskrivelsen på " + dnr +
                               " är ett utkast. Ett utkast kan inte bifogas till dagordningen; "
                               "fastställ den först.");
    const auto documents = client->listDocuments(final->entry.systemId);
    // The newest PDF/A (highest dokumentnummer) whose bytes are in the registry.
    const auto archival = newestComplete(*client, documents, "A", ".pdf");
    if (!archival)
        throw ActionError(
            api::Status::Refused,
            "Den fastställda tjänsteskrivelsen på " + dnr +
                " saknar arkivformat (PDF/A). Kör \"Fastställ tjänsteskrivelse\" igen.");

    const auto meeting = chooseMeeting(*client, run, reportCase);
    const auto items = client->listAgendaItems(meeting.systemId);
    // The case's item; should the agenda have several, the first by item number.
    auto item = items.end();
    for (auto it = items.begin(); it != items.end(); ++it)
        if (it->dnr == dnr && (item == items.end() || it->number < item->number)) item = it;
    if (item == items.end())
        throw ActionError(api::Status::Refused,
                          "Dagordningen för " + meeting.organ + " " + meeting.date.iso() +
                              " har ingen punkt för ärende " + dnr +
                              ". Be nämndsekreteraren lägga upp ärendet på dagordningen.");
    progress.onProgress("bifogar", 0.6, "Bifogar tjänsteskrivelsen till dagordningen");
    // Linked with If-Match on the item as just read: if someone attached something else in
    // between, the registry refuses (412) and the item is read again, a bounded number of times.
    bool linked = false;
    for (int attempt = 1;; ++attempt) {
        checkCancelled(progress);
        const auto current = client->getAgendaItemVersion(item->systemId);
        const auto& attachments = current.record.attachments;
        if (std::any_of(attachments.begin(), attachments.end(), [&](const auto& attachment) {
                return attachment.documentId == archival->systemId;
            }))
            break;  // already there (an earlier run, or another secretary just now)
        try {
            linked = client->attachToAgendaItem(item->systemId, archival->systemId, current.etag);
            break;
        } catch (const registry::RegistryError& error) {
            if (error.kind() == registry::ErrorKind::AgendaLocked)
                throw ActionError(
                    api::Status::Refused,
                    "Dagordningen för " + meeting.organ + " " + meeting.date.iso() +
                        " är publicerad och låst. Tjänsteskrivelsen kan inte bifogas; kontakta "
                        "nämndsekreteraren om den ska med som extra underlag.",
                    "agenda locked: " + meeting.systemId);
            if (error.kind() != registry::ErrorKind::PreconditionFailed) throw;
            if (attempt == kAttachAttempts)
                throw ActionError(
                    api::Status::Unavailable,
                    "Punkt " + std::to_string(item->number) + " på dagordningen för " +
                        meeting.organ + " " + meeting.date.iso() +
                        " ändrades av någon annan varje gång tjänsteskrivelsen skulle bifogas (" +
                        std::to_string(kAttachAttempts) +
                        " försök). Den är inte bifogad; försök igen om en stund.",
                    "agenda item " + item->systemId + ": 412 on each of " +
                        std::to_string(kAttachAttempts) + " attempts");
        }
    }
    progress.onProgress("klar", 1.0, "Klart");
    api::RunResult result;
    result.message = std::string(linked ? "Tjänsteskrivelsen är bifogad"
                                        : "Tjänsteskrivelsen var redan bifogad") +
                     " till punkt " + std::to_string(item->number) + " på dagordningen för " +
                     meeting.organ + " " + meeting.date.iso() + " (" + item->title + ").";
    if (linked) result.createdIds.push_back(item->systemId + "/" + archival->systemId);
    result.logDetail = "attached " + archival->systemId + " to agenda item " + item->systemId;
    return result;
}

}  // namespace committee_report::entry
