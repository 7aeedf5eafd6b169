// The plugin's way into the municipal registry (diarium): reads cases, registry
// entries, documents, meetings and agenda items, and writes a generated report
// back, over the REST contract in shared/docs/registry-api.md. This is the only
// code that knows a URL or a JSON key; callers see the core's data model.
//
// Every call either returns complete data or throws RegistryError: lists are
// followed page by page and checked against their count, never returned half.
// Requests are retried on connection errors, timeouts and 429/502/503/504
// within a total time budget; writes are idempotent, so retries never duplicate.
// A client is not thread-safe (it keeps one keep-alive connection); use one per thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/configuration.h"
#include "core/registry_records.h"
#include "registry/clock.h"
#include "registry/registry_error.h"
#include "registry/retry_policy.h"

namespace committee_report::registry {

struct ClientOptions {
    std::string baseUrl;  // without "/api"
    std::optional<std::filesystem::path> caFile;
    bool verifyCertificate = true;
    std::chrono::milliseconds connectTimeout{10000};
    std::chrono::milliseconds readTimeout{30000};
    RetryPolicy retry;
    std::int64_t maxResponseBytes = 64 * 1024 * 1024;  // a document's bytes
    // Any other answer (JSON): reading one takes about five times its size (see
    // json_mapping.h), and a 100-case page is ~100 KB, so this limit is far below the other.
    std::int64_t maxJsonResponseBytes = 8 * 1024 * 1024;
    int pageSize = 100;  // the $top asked for; the server may give fewer per page
    std::chrono::milliseconds requestDeadline{60000};  // one attempt, connect to last byte
    // All requests of the run, counted from runStarted: every client a run opens (the
    // report reads over several connections) passes the same start, so the run has one
    // deadline, not one per client. Unset: the client's creation.
    std::chrono::milliseconds runDeadline{1800000};
    std::optional<Clock::TimePoint> runStarted;
    std::function<bool()> cancelled;  // polled while waiting; true ends the wait (Cancelled)

    [[nodiscard]] static ClientOptions from(const config::RegistrySettings& settings);
};

// Cases of one type, optionally limited by registration date and organ.
struct CaseQuery {
    std::string caseType;  // arendetyp.kode, e.g. "HOT_VALD"
    std::optional<core::Date> registeredFrom;
    std::optional<core::Date> registeredTo;
    std::optional<std::string> organ;
    // $select: the only fields to fetch and map ("arendetyp", "egenskaper/datum" …; see
    // json::CaseSelection); systemId always comes. Empty: every field. A server may ignore
    // $select: the client then still maps only these, and holds nothing else of a case.
    std::vector<std::string> select;
};

struct MeetingQuery {
    std::optional<std::string> organ;
    std::optional<core::Date> from;
    std::optional<core::Date> to;
};

// A registry entry to create on a case. externalReference makes the create
// idempotent: the registry answers with the existing entry if it has one.
struct NewEntry {
    std::string title;        // rubrik
    core::Code direction;     // riktning, e.g. {"U", "Upprättad"}
    core::Code documentType;  // handlingstyp, e.g. {"TJS", "Tjänsteskrivelse"}
    core::Code status;        // e.g. {"UTKAST", "Utkast"}
    core::Date drawnUp;       // upprattad
    std::string externalReference;
    std::vector<core::Party> recipients;  // mottagare
};

// A document (file) to register on an entry; size and SHA-256 are computed from the bytes.
struct NewDocument {
    std::string title;
    std::string fileName;
    std::string mimeType;
    core::Code variant;  // {"P", "Produktionsformat"} or {"A", "Arkivformat"}
};

// A single resource with the version the registry gave it (its ETag), for a
// write that must fail if someone changed the resource since (If-Match).
template <typename Record>
struct Versioned {
    Record record;
    std::string etag;
};

template <typename Record>
struct WriteResult {
    Record record;
    bool created = false;  // false: the registry already had it (a retry or a re-run)
};

class RegistryClient {
  public:
    virtual ~RegistryClient() = default;

    // Reads
    [[nodiscard]] virtual core::CaseRecord getCase(const std::string& caseId) = 0;
    [[nodiscard]] virtual std::optional<core::CaseRecord> findCaseByDnr(const std::string& dnr) = 0;
    [[nodiscard]] virtual std::vector<core::CaseRecord> queryCases(const CaseQuery& query) = 0;
    // The same, one case at a time, so callers need not hold all cases (order as served).
    // If it throws, the list was incomplete: discard what `visit` has seen so far.
    virtual void forEachCase(const CaseQuery& query,
                             const std::function<void(core::CaseRecord&&)>& visit) = 0;
    // The number of cases the query matches (the list's count, from a one-case page).
    [[nodiscard]] virtual std::int64_t countCases(const CaseQuery& query) = 0;
    // Positions [skip, end) of the list forEachCase walks, for reading one long list
    // over several connections at once: every page must report `count` matches (as
    // countCases said) and exactly end - skip cases must come. That no case comes
    // in two ranges is the caller's to check.
    virtual void forEachCaseInRange(const CaseQuery& query, std::int64_t skip, std::int64_t end,
                                    std::int64_t count,
                                    const std::function<void(core::CaseRecord&&)>& visit) = 0;
    [[nodiscard]] virtual std::vector<core::RegistryEntry> listEntries(
        const std::string& caseId) = 0;
    [[nodiscard]] virtual core::RegistryEntry getEntry(const std::string& entryId) = 0;
    // The entry and its ETag; BadResponse if the registry sends none.
    [[nodiscard]] virtual Versioned<core::RegistryEntry> getEntryVersion(
        const std::string& entryId) = 0;
    // In no particular order (the contract promises none): pick by DocumentRecord::number.
    [[nodiscard]] virtual std::vector<core::DocumentRecord> listDocuments(
        const std::string& entryId) = 0;
    // The bytes, checked against the record's size and SHA-256.
    [[nodiscard]] virtual std::string downloadDocument(const core::DocumentRecord& document) = 0;
    [[nodiscard]] virtual std::vector<core::Meeting> listMeetings(const MeetingQuery& query) = 0;
    [[nodiscard]] virtual std::vector<core::AgendaItem> listAgendaItems(
        const std::string& meetingId) = 0;
    // The agenda item (with its attachments) and its ETag; BadResponse if the registry sends none.
    [[nodiscard]] virtual Versioned<core::AgendaItem> getAgendaItemVersion(
        const std::string& agendaItemId) = 0;

    // Writes (all idempotent under retry and re-run)
    virtual WriteResult<core::RegistryEntry> createEntry(const std::string& caseId,
                                                         const NewEntry& entry) = 0;
    // With entryETag set, sent as If-Match: PreconditionFailed (412) when the entry has
    // changed since that version was read, e.g. another writer added a document.
    virtual WriteResult<core::DocumentRecord> registerDocument(
        const std::string& entryId, const NewDocument& document, const std::string& content,
        const std::string& entryETag = {}) = 0;
    virtual void uploadContent(const core::DocumentRecord& document,
                               const std::string& content) = 0;
    // PATCH with If-Match on the entry's current ETag; 412 if someone else changed it.
    virtual core::RegistryEntry setEntryStatus(const std::string& entryId,
                                               const core::Code& status) = 0;
    // Returns false when the document was already linked to the item. With itemETag set,
    // sent as If-Match: PreconditionFailed (412) when the item has changed since that
    // version was read (another attachment came in between).
    virtual bool attachToAgendaItem(const std::string& agendaItemId, const std::string& documentId,
                                    const std::string& itemETag = {}) = 0;
};

// The client for the configured registry; reads the token (file or environment).
// `cancelled`, if given, is polled while a request or a retry waits (a Ctrl-C ends the
// wait); `runStarted`, if given, is when the run's deadline (run-deadline-seconds) began.
[[nodiscard]] std::unique_ptr<RegistryClient> makeRegistryClient(
    const config::RegistrySettings& settings, std::function<bool()> cancelled = {},
    std::optional<Clock::TimePoint> runStarted = std::nullopt);
// For tests and tools: explicit options and token, an injectable clock, and a
// jitter source returning values in [0, 1] (default: a random generator).
[[nodiscard]] std::unique_ptr<RegistryClient> makeRegistryClient(
    const ClientOptions& options, std::string token, std::shared_ptr<Clock> clock = systemClock(),
    std::function<double()> jitter = {});

// Lower-case hex SHA-256 of the bytes, as the registry's checksumma.
[[nodiscard]] std::string sha256Hex(const std::string& bytes);

}  // namespace committee_report::registry
