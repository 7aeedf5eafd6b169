#include "report_workflow.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Logger.h>
#include <Poco/Timestamp.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <thread>

#include "action_base.h"
#include "audit_log.h"
#include "config/report_definition_loader.h"
#include "core/file_naming.h"

namespace committee_report::entry {

std::unique_ptr<registry::RegistryClient> openRegistry(
    const config::Configuration& configuration, const api::ProgressListener* progress,
    std::optional<registry::Clock::TimePoint> runStarted) {
    if (!configuration.registry)
        throw ActionError(api::Status::Failed,
                          "Diariet är inte konfigurerat. Administratören behöver ange <registry> i "
                          "konfigurationen.",
                          "no <registry> in " + configuration.file.string());
    std::function<bool()> cancelled;
    if (progress) cancelled = [progress] { return progress->cancelRequested(); };
    return registry::makeRegistryClient(*configuration.registry, std::move(cancelled), runStarted);
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

CaseReports openCaseReports(const config::Configuration& configuration, const std::string& dnr,
                            const api::ProgressListener* progress,
                            std::optional<registry::Clock::TimePoint> runStarted) {
    CaseReports reports;
    reports.client = openRegistry(configuration, progress, runStarted);
    reports.reportCase = requireCase(*reports.client, dnr);
    reports.entries = reports.client->listEntries(reports.reportCase.systemId);
    reports.ours = reportEntries(reports.entries, dnr);
    return reports;
}

namespace {

Poco::Logger& logger() { return Poco::Logger::get("committee_report.entry"); }

std::string extensionOf(const std::string& fileName) {
    return std::filesystem::path(fileName).extension().string();
}

// How long ago the registry registered the document (its skapad); nullopt if unknown.
std::optional<std::chrono::milliseconds> ageOf(const core::DocumentRecord& document) {
    Poco::DateTime created;
    int offset = 0;
    if (document.created.empty() ||
        !Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FORMAT, document.created,
                                        created, offset))
        return std::nullopt;
    const Poco::Timestamp utc = created.timestamp() - Poco::Timespan(offset, 0);
    return std::chrono::milliseconds((Poco::Timestamp() - utc) / 1000);
}

bool young(const core::DocumentRecord& document, const WriteBackOptions& options) {
    const auto age = ageOf(document);
    return !age || *age < options.abandonedAfter;  // unknown age: assume its writer lives
}

}  // namespace

bool hasContent(registry::RegistryClient& client, const core::DocumentRecord& document) {
    try {
        (void)client.downloadDocument(document);
        return true;
    } catch (const registry::RegistryError& error) {
        if (error.kind() == registry::ErrorKind::NotFound &&
            error.registryCode() == "INNEHALL_SAKNAS")
            return false;  // registered, bytes never uploaded
        if (error.kind() == registry::ErrorKind::BadResponse) {
            logger().warning("document " + document.systemId +
                             " does not count: " + error.detail());
            return false;  // bytes that do not match the registered checksum
        }
        throw;
    }
}

std::vector<core::DocumentRecord> documentsOfKind(
    const std::vector<core::DocumentRecord>& documents, const std::string& variant,
    const std::string& extension) {
    std::vector<core::DocumentRecord> kind;
    for (const auto& document : documents)
        if (document.variant.code == variant && extensionOf(document.fileName) == extension)
            kind.push_back(document);
    std::sort(kind.begin(), kind.end(),
              [](const core::DocumentRecord& a, const core::DocumentRecord& b) {
                  return a.number != b.number ? a.number > b.number : a.systemId < b.systemId;
              });
    return kind;
}

std::optional<core::DocumentRecord> newestComplete(
    registry::RegistryClient& client, const std::vector<core::DocumentRecord>& documents,
    const std::string& variant, const std::string& extension) {
    for (const auto& document : documentsOfKind(documents, variant, extension))
        if (hasContent(client, document)) return document;
    return std::nullopt;
}

Upload makeUpload(registry::NewDocument document, std::string bytes) {
    Upload upload{std::move(document), std::move(bytes), {}};
    upload.sha256 = registry::sha256Hex(upload.bytes);
    return upload;
}

std::vector<StoredDocument> writeDocuments(registry::RegistryClient& client,
                                           const std::string& entryId,
                                           const std::vector<Upload>& uploads,
                                           const WriteBackOptions& options) {
    std::vector<std::optional<StoredDocument>> stored(uploads.size());
    const auto start = std::chrono::steady_clock::now();
    for (int round = 1;; ++round) {
        if (options.checkpoint) options.checkpoint();
        const auto entry = client.getEntryVersion(entryId);  // read before the list: see below
        const auto documents = client.listDocuments(entryId);
        std::optional<std::string> busy;  // a file another live run is writing
        for (std::size_t i = 0; i < uploads.size() && !busy; ++i) {
            if (stored[i]) continue;
            const auto& upload = uploads[i];
            const auto kind = documentsOfKind(documents, upload.document.variant.code,
                                              extensionOf(upload.document.fileName));
            const auto mine = std::find_if(kind.begin(), kind.end(), [&](const auto& d) {
                return d.fileName == upload.document.fileName && d.checksum == upload.sha256;
            });
            if (mine != kind.end()) {  // ours, from an attempt whose answer or upload was lost
                if (!hasContent(client, *mine)) client.uploadContent(*mine, upload.bytes);
                stored[i] = StoredDocument{*mine, true, false};
                continue;
            }
            std::optional<core::DocumentRecord> pending;
            for (const auto& document : kind) {
                if (hasContent(client, document)) {
                    stored[i] = StoredDocument{document, false, false};
                    break;
                }
                if (!pending && young(document, options)) pending = document;
            }
            if (stored[i]) continue;
            if (pending) {
                busy = pending->fileName;
                break;
            }
            // Ours to write, unless an earlier file of the set is another live run's.
            for (std::size_t j = 0; j < i && !busy; ++j)
                if (!stored[j]->ours && young(stored[j]->record, options))
                    busy = upload.document.fileName;
            if (busy) break;
            try {
                // If-Match: the entry as read above, with the list read after it; if anyone
                // added a document since, the registry refuses and the next round sees it.
                auto registered =
                    client.registerDocument(entryId, upload.document, upload.bytes, entry.etag);
                client.uploadContent(registered.record, upload.bytes);
                stored[i] = StoredDocument{registered.record, true, registered.created};
            } catch (const registry::RegistryError& error) {
                if (error.kind() != registry::ErrorKind::PreconditionFailed) throw;
                logger().information("entry " + entryId + " changed while writing " +
                                     upload.document.fileName + "; reading it again");
            }
            break;  // the entry's ETag has changed (ours or another's document): read again
        }
        if (std::all_of(stored.begin(), stored.end(),
                        [](const auto& s) { return s.has_value(); })) {
            std::vector<StoredDocument> result;
            for (auto& s : stored) result.push_back(std::move(*s));
            return result;
        }
        if (busy) {
            if (std::chrono::steady_clock::now() - start > options.waitForOtherWriter)
                throw ActionError(api::Status::Unavailable,
                                  "En annan körning skriver just nu filerna på samma handling i "
                                  "diariet. Försök igen om några minuter.",
                                  "entry " + entryId + ": " + *busy +
                                      " is registered by another run without its content yet");
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
        }
        if (!busy && round > 200)
            throw ActionError(api::Status::Unavailable,
                              "Handlingen i diariet ändrades hela tiden medan filerna skrevs. "
                              "Försök igen om en stund.",
                              "entry " + entryId + ": no stable state after 200 rounds");
    }
}

WriteBackOptions writeBackOptions(const config::Configuration& configuration,
                                  const api::ProgressListener& progress) {
    WriteBackOptions options;
    if (configuration.registry) options.abandonedAfter = configuration.registry->runDeadline;
    options.checkpoint = [&progress] {
        if (progress.cancelRequested())
            throw ActionError(api::Status::Cancelled, "Åtgärden avbröts.", "cancelled");
    };
    return options;
}

StagingDirectory::~StagingDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

namespace {

// The pid a folder <prefix><pid>-XXXXXX (a staging folder .run-…, the installation check's
// scratch folder) or, with `partialFiles`, a partial file (….partial-<pid>) was made by; 0 if
// the name carries none.
pid_t ownerOf(const std::string& name, const std::string& folderPrefix, bool partialFiles) {
    std::size_t start = 0;
    bool folder = false;
    if (name.rfind(folderPrefix, 0) == 0) {
        start = folderPrefix.size();
        folder = true;
    } else if (const auto at = name.rfind(".partial-");
               partialFiles && name.front() == '.' && at != std::string::npos) {
        start = at + 9;
    } else {
        return 0;
    }
    const auto end = name.find_first_not_of("0123456789", start);
    const auto digits = (end == std::string::npos ? name.size() : end) - start;
    if (digits == 0 || digits > 9) return 0;
    if (folder && (end == std::string::npos || name[end] != '-')) return 0;
    if (!folder && end != std::string::npos) return 0;
    return static_cast<pid_t>(std::stol(name.substr(start, digits)));
}

// Removes what `ownerOf` names as made by a process that no longer exists.
void removeLeftoversOfEndedProcesses(const std::filesystem::path& parent,
                                     const std::string& folderPrefix, bool partialFiles) {
    std::error_code error;
    for (std::filesystem::directory_iterator it(parent, error), end; !error && it != end;
         it.increment(error)) {
        const pid_t owner = ownerOf(it->path().filename().string(), folderPrefix, partialFiles);
        if (owner <= 0 || owner == getpid() || kill(owner, 0) == 0 || errno != ESRCH) continue;
        std::error_code ignored;
        std::filesystem::remove_all(it->path(), ignored);
        logger().information("removed " + it->path().filename().string() +
                             " left by ended run (pid " + std::to_string(owner) + ")");
    }
}

// A new private folder <prefix><pid>-XXXXXX in `parent` (mkdtemp), named after this process
// so that removeLeftoversOfEndedProcesses can tell when its maker has gone; empty on failure.
std::filesystem::path folderOfThisProcess(const std::filesystem::path& parent,
                                          const std::string& prefix) {
    std::string pattern = (parent / (prefix + std::to_string(getpid()) + "-XXXXXX")).string();
    if (!mkdtemp(pattern.data())) return {};
    return pattern;
}

}  // namespace

void removeLeftoversOfEndedRuns(const std::filesystem::path& parent) {
    removeLeftoversOfEndedProcesses(parent, ".run-", true);
}

std::filesystem::path scratchDirectory(const std::filesystem::path& parent,
                                       const std::string& prefix) {
    removeLeftoversOfEndedProcesses(parent, prefix, false);
    return folderOfThisProcess(parent, prefix);
}

StagingDirectory stagingDirectory(const std::filesystem::path& parent) {
    std::filesystem::create_directories(parent);
    auto folder = folderOfThisProcess(parent, ".run-");
    if (folder.empty())
        throw ActionError(
            api::Status::Failed,
            "Utdatamappen " + parent.string() + " går inte att skriva i. Kontakta administratören.",
            "mkdtemp in " + parent.string() + " failed");
    return StagingDirectory(folder);
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
