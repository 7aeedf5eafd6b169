// Steps the report actions share: the registry client for the configuration,
// the report definition, the case, and the report's own registry entries
// (recognised by their externReferens, "committee-report:<dnr>:<report>:<version>").
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "action_base.h"
#include "config/configuration.h"
#include "core/report_definition.h"
#include "registry/registry_client.h"

namespace committee_report::entry {

inline constexpr const char* kReportId = "hot-och-desinformation";
inline constexpr const char* kDraftStatus = "UTKAST";
inline constexpr const char* kFinalStatus = "KLAR";

// With a progress listener, a wait on the registry ends when the run is cancelled. Every
// client of one run passes the same runStarted: the run has one deadline (run-deadline-seconds).
[[nodiscard]] std::unique_ptr<registry::RegistryClient> openRegistry(
    const config::Configuration& configuration, const api::ProgressListener* progress = nullptr,
    std::optional<registry::Clock::TimePoint> runStarted = std::nullopt);
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
[[nodiscard]] CaseReports openCaseReports(
    const config::Configuration& configuration, const std::string& dnr,
    const api::ProgressListener* progress = nullptr,
    std::optional<registry::Clock::TimePoint> runStarted = std::nullopt);

// ---- documents on an entry ----
// A document counts only when its bytes are in the registry and match its registered
// size and SHA-256; lists come in no promised order, so "newest" is the highest
// dokumentnummer.

// Whether the registry holds the document's bytes, matching its checksum (downloads them).
[[nodiscard]] bool hasContent(registry::RegistryClient& client,
                              const core::DocumentRecord& document);
// The documents of one kind (variant code and file extension), newest (highest
// dokumentnummer) first.
[[nodiscard]] std::vector<core::DocumentRecord> documentsOfKind(
    const std::vector<core::DocumentRecord>& documents, const std::string& variant,
    const std::string& extension);
// The newest document of the kind whose bytes are there, or nullopt.
[[nodiscard]] std::optional<core::DocumentRecord> newestComplete(
    registry::RegistryClient& client, const std::vector<core::DocumentRecord>& documents,
    const std::string& variant, const std::string& extension);

// One file a run writes to an entry: what to register and exactly the bytes to upload.
struct Upload {
    registry::NewDocument document;
    std::string bytes;
    std::string sha256;  // of bytes
};
[[nodiscard]] Upload makeUpload(registry::NewDocument document, std::string bytes);

struct StoredDocument {
    core::DocumentRecord record;
    bool ours = false;     // holds this run's bytes
    bool created = false;  // registered by this run
};

struct WriteBackOptions {
    // A document registered by another run without its bytes yet is waited for this long
    // (that run may still be uploading), then the write gives up with a Swedish message.
    std::chrono::milliseconds waitForOtherWriter{60000};
    // A document registered longer ago than this without its bytes belongs to a run that
    // died (no run lives longer than its deadline): it is replaced.
    std::chrono::milliseconds abandonedAfter{std::chrono::minutes(30)};
    std::function<void()> checkpoint;  // called while waiting; throws to cancel
};

// Writes `uploads` (one per kind: variant + extension of the file name) to the entry
// so that the registry ends with one complete document of each kind, whatever runs
// before died and whoever else writes at the same time:
// - a document of the kind with this run's checksum is ours: its bytes are uploaded
//   if missing (a run that died between register and upload);
// - a complete document of the kind from another run counts and ours is not added;
// - otherwise ours is registered with If-Match on the entry's ETag, so of two writers
//   that read the same entry only one adds a document; the other re-reads and finds it.
// The kinds are written in order, and a later kind waits while an earlier one is held
// by another live run, so the files of a set come from one run.
[[nodiscard]] std::vector<StoredDocument> writeDocuments(registry::RegistryClient& client,
                                                         const std::string& entryId,
                                                         const std::vector<Upload>& uploads,
                                                         const WriteBackOptions& options);

// The write-back settings for a run: waits bounded by the configuration, cancel honoured.
[[nodiscard]] WriteBackOptions writeBackOptions(const config::Configuration& configuration,
                                                const api::ProgressListener& progress);

// A folder of one run's own inside `parent`, removed with everything in it when done.
class StagingDirectory {
  public:
    explicit StagingDirectory(std::filesystem::path path) : path_(std::move(path)) {}
    ~StagingDirectory();
    StagingDirectory(const StagingDirectory&) = delete;
    StagingDirectory& operator=(const StagingDirectory&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};
[[nodiscard]] StagingDirectory stagingDirectory(const std::filesystem::path& parent);
// What runs killed outright (SIGKILL, power loss) left in the output folder: their staging
// folders (.run-<pid>-…) and half-written files (….partial-<pid>), removed when no process
// has that pid. Run at the start of every run. Found by the write-back crash tests: one
// staging folder per killed run.
void removeLeftoversOfEndedRuns(const std::filesystem::path& outputDirectory);
// A private folder <prefix><pid>-XXXXXX in `parent` (the installation check's in /tmp), made
// after removing those that ended processes left with the same prefix (a killed `doctor` left
// one per run); an empty path if none could be made. The caller removes it.
[[nodiscard]] std::filesystem::path scratchDirectory(const std::filesystem::path& parent,
                                                     const std::string& prefix);

// File base name of a version: "2024SOCN33-tjansteskrivelse" or "…-tjansteskrivelse-v2".
[[nodiscard]] std::string reportBaseName(const std::string& dnr, int version);

// Writes bytes to `file` atomically (temporary name, then rename).
void writeFileAtomically(const std::filesystem::path& file, const std::string& bytes);
[[nodiscard]] std::string readFile(const std::filesystem::path& file);

}  // namespace committee_report::entry
