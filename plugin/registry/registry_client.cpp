#include "registry/registry_client.h"

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>
#include <Poco/SHA2Engine.h>
#include <Poco/URI.h>

#include <algorithm>
#include <random>
#include <unordered_set>

#include "registry/bearer_token.h"
#include "registry/http_connection.h"
#include "registry/json_mapping.h"
#include "registry/seen_ids.h"

namespace committee_report::registry {
namespace {

using Poco::JSON::Object;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

Poco::Logger& logger() { return Poco::Logger::get("committee_report.registry"); }

[[noreturn]] void badConfiguration(const std::string& swedish, const std::string& detail) {
    throw RegistryError(ErrorKind::Configuration, swedish, detail);
}

// "20,4": seconds with one decimal, Swedish style.
std::string decimalSeconds(milliseconds duration) {
    const auto tenths = (duration.count() + 50) / 100;
    return std::to_string(tenths / 10) + "," + std::to_string(tenths % 10);
}

// "1800" or "2,5": whole seconds without a decimal.
std::string seconds(milliseconds duration) {
    if (duration.count() % 1000 == 0) return std::to_string(duration.count() / 1000);
    return decimalSeconds(duration);
}

// OData string literal: single quotes doubled.
std::string quoted(const std::string& text) {
    std::string result = "'";
    for (char c : text) {
        result += c;
        if (c == '\'') result += '\'';
    }
    return result + "'";
}

// What a request is about, for messages: English for the log, Swedish for the official.
struct Subject {
    std::string resource;  // "arende", "handling list" …
    std::string id;        // the systemId or dnr concerned, if any
    std::string swedish;   // "ärendet 2024SOCN33", "listan över ärenden" …
};

class Client final : public RegistryClient {
  public:
    Client(const ClientOptions& options, std::string token, std::shared_ptr<Clock> clock,
           std::function<double()> jitter)
        : options_(options), clock_(std::move(clock)), jitter_(std::move(jitter)) {
        Poco::URI uri;
        try {
            uri = Poco::URI(options_.baseUrl);
        } catch (const Poco::Exception& error) {
            badConfiguration(
                "Diariets adress (" + options_.baseUrl + ") är ogiltig; rätta <base-url>.",
                "invalid base URL: " + error.displayText());
        }
        if ((uri.getScheme() != "http" && uri.getScheme() != "https") || uri.getHost().empty())
            badConfiguration("Diariets adress (" + options_.baseUrl +
                                 ") ska börja med http:// eller https:// och ange en server.",
                             "base URL must be http(s)://host…: " + options_.baseUrl);
        if (token.empty())
            badConfiguration("Ingen token för diariet är angiven.", "empty bearer token");
        base_ = uri;
        apiPath_ = uri.getPath();
        while (!apiPath_.empty() && apiPath_.back() == '/') apiPath_.pop_back();
        apiPath_ += "/api";
        ConnectionSettings connection{uri.getScheme(),
                                      uri.getHost(),
                                      uri.getPort(),
                                      options_.caFile,
                                      options_.verifyCertificate,
                                      options_.maxResponseBytes,
                                      options_.maxJsonResponseBytes,
                                      options_.requestDeadline,
                                      options_.cancelled};
        connection_ = std::make_unique<HttpConnection>(connection, std::move(token));
        if (!jitter_) {
            jitter_ = [engine = std::mt19937_64(std::random_device{}())]() mutable {
                return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
            };
        }
    }

    // ---- reads ----

    core::CaseRecord getCase(const std::string& caseId) override {
        return json::toCase(getObject(apiPath_ + "/arende/" + encoded(caseId),
                                      {"arende", caseId, "ärendet " + caseId}));
    }

    std::optional<core::CaseRecord> findCaseByDnr(const std::string& dnr) override {
        std::vector<core::CaseRecord> found;
        readList(listTarget("/arende", "diarienummer eq " + quoted(dnr), {}),
                 {"arende list", dnr, "ärendet " + dnr},
                 CaseMap(CaseQuery{}),
                 [&](auto&& record) { found.push_back(std::move(record)); });
        if (found.size() > 1)
            throw RegistryError(
                ErrorKind::BadResponse,
                "Diariet har flera ärenden med diarienummer " + dnr + "; kontakta administratören.",
                "arende list: " + std::to_string(found.size()) + " cases with diarienummer " + dnr);
        if (found.empty()) return std::nullopt;
        return std::move(found.front());
    }

    std::vector<core::CaseRecord> queryCases(const CaseQuery& query) override {
        std::vector<core::CaseRecord> cases;
        forEachCase(query, [&](core::CaseRecord&& record) { cases.push_back(std::move(record)); });
        return cases;
    }

    void forEachCase(const CaseQuery& query,
                     const std::function<void(core::CaseRecord&&)>& visit) override {
        readList(listTarget("/arende", caseFilter(query), {}, 0, 0, query.select),
                 caseListSubject(query), CaseMap(query), visit);
    }

    std::int64_t countCases(const CaseQuery& query) override {
        const auto subject = caseListSubject(query);
        auto response = execute(
            {"GET", listTarget("/arende", caseFilter(query), {}, 1, 0, {"arendetyp"}), {}, {}, {}},
            subject);
        expectStatus(response, {200}, subject);
        const auto document =
            json::parseOwnedObject(std::move(response.body), subject.resource, &parser_);
        return json::readPage(document, [](json::ondemand::value&, std::size_t) { return false; })
            .count;
    }

    void forEachCaseInRange(const CaseQuery& query, std::int64_t skip, std::int64_t end,
                            std::int64_t count,
                            const std::function<void(core::CaseRecord&&)>& visit) override {
        if (skip < 0 || end < skip || end > count)
            throw std::invalid_argument("forEachCaseInRange: not a range of the list");
        if (skip == end) return;
        readList(
            listTarget("/arende", caseFilter(query), {}, options_.pageSize, skip, query.select),
            caseListSubject(query), CaseMap(query), visit, ListRange{skip, end, count});
    }

    std::vector<core::RegistryEntry> listEntries(const std::string& caseId) override {
        std::vector<core::RegistryEntry> entries;
        readList(listTarget("/arende/" + encoded(caseId) + "/handling", {}, {}),
                 {"handling list", caseId, "ärendets handlingar"},
                 Map<core::RegistryEntry, json::toEntry>{"handling"},
                 [&](auto&& record) { entries.push_back(std::move(record)); });
        return entries;
    }

    core::RegistryEntry getEntry(const std::string& entryId) override {
        return json::toEntry(getObject(apiPath_ + "/handling/" + encoded(entryId),
                                       {"handling", entryId, "handlingen"}));
    }

    Versioned<core::RegistryEntry> getEntryVersion(const std::string& entryId) override {
        return getVersioned<core::RegistryEntry, json::toEntry>(
            apiPath_ + "/handling/" + encoded(entryId), {"handling", entryId, "handlingen"});
    }

    std::vector<core::DocumentRecord> listDocuments(const std::string& entryId) override {
        std::vector<core::DocumentRecord> documents;
        readList(listTarget("/handling/" + encoded(entryId) + "/dokument", {}, {}),
                 {"dokument list", entryId, "handlingens dokument"},
                 Map<core::DocumentRecord, json::toDocument>{"dokument"},
                 [&](auto&& record) { documents.push_back(std::move(record)); });
        return documents;
    }

    std::string downloadDocument(const core::DocumentRecord& document) override {
        const Subject subject{"dokument content", document.systemId,
                              "dokumentet " + document.fileName};
        auto response = execute({"GET",
                                 apiPath_ + "/dokument/" + encoded(document.systemId) + "/innehall",
                                 {},
                                 {},
                                 {},
                                 "*/*"},
                                subject);
        expectStatus(response, {200}, subject);
        if (static_cast<std::int64_t>(response.body.size()) != document.size ||
            sha256Hex(response.body) != toLower(document.checksum)) {
            throw RegistryError(ErrorKind::BadResponse,
                                "Filen " + document.fileName +
                                    " från diariet stämmer inte med sin kontrollsumma; försök igen "
                                    "eller kontakta administratören.",
                                "dokument " + document.systemId + ": content of " +
                                    std::to_string(response.body.size()) +
                                    " bytes does not match storlek/checksumma",
                                response.status);
        }
        return std::move(response.body);
    }

    std::vector<core::Meeting> listMeetings(const MeetingQuery& query) override {
        std::vector<std::string> parts;
        if (query.organ) parts.push_back("organ eq " + quoted(*query.organ));
        if (query.from) parts.push_back("sammantradesdatum ge " + query.from->iso());
        if (query.to) parts.push_back("sammantradesdatum le " + query.to->iso());
        std::string filter;
        for (const auto& part : parts) filter += (filter.empty() ? "" : " and ") + part;
        std::vector<core::Meeting> meetings;
        readList(listTarget("/sammantrade", filter, "sammantradesdatum"),
                 {"sammantrade list", query.organ.value_or(""), "listan över sammanträden"},
                 Map<core::Meeting, json::toMeeting>{"sammantrade"},
                 [&](auto&& record) { meetings.push_back(std::move(record)); });
        return meetings;
    }

    std::vector<core::AgendaItem> listAgendaItems(const std::string& meetingId) override {
        std::vector<core::AgendaItem> items;
        readList(listTarget("/sammantrade/" + encoded(meetingId) + "/arendepunkt", {}, {}),
                 {"arendepunkt list", meetingId, "sammanträdets dagordning"},
                 Map<core::AgendaItem, json::toAgendaItem>{"arendepunkt"},
                 [&](auto&& record) { items.push_back(std::move(record)); });
        return items;
    }

    Versioned<core::AgendaItem> getAgendaItemVersion(const std::string& agendaItemId) override {
        return getVersioned<core::AgendaItem, json::toAgendaItem>(
            apiPath_ + "/arendepunkt/" + encoded(agendaItemId),
            {"arendepunkt", agendaItemId, "ärendepunkten"});
    }

    // ---- writes ----

    WriteResult<core::RegistryEntry> createEntry(const std::string& caseId,
                                                 const NewEntry& entry) override {
        if (entry.externalReference.empty())
            throw std::invalid_argument("createEntry needs an externalReference (idempotency)");
        Object::Ptr body = new Object;
        body->set("rubrik", entry.title);
        body->set("riktning", json::fromCode(entry.direction));
        body->set("handlingstyp", json::fromCode(entry.documentType));
        body->set("status", json::fromCode(entry.status));
        body->set("upprattad", entry.drawnUp.iso());
        body->set("externReferens", entry.externalReference);
        Poco::JSON::Array::Ptr recipients = new Poco::JSON::Array;
        for (const auto& party : entry.recipients) {
            Object::Ptr object = new Object;
            object->set("namn", party.name);
            recipients->add(object);
        }
        body->set("mottagare", recipients);
        const Subject subject{"handling create", caseId, "den nya handlingen på ärendet"};
        auto response = execute({"POST",
                                 apiPath_ + "/arende/" + encoded(caseId) + "/ny-handling",
                                 "application/json; charset=utf-8",
                                 json::stringify(body),
                                 {}},
                                subject);
        expectStatus(response, {200, 201}, subject);
        return {json::toEntry(json::parseObject(response.body, "handling")),
                response.status == 201};
    }

    WriteResult<core::DocumentRecord> registerDocument(const std::string& entryId,
                                                       const NewDocument& document,
                                                       const std::string& content,
                                                       const std::string& entryETag) override {
        Object::Ptr body = new Object;
        body->set("titel", document.title);
        body->set("filnamn", document.fileName);
        body->set("mimetyp", document.mimeType);
        body->set("storlek", static_cast<Poco::Int64>(content.size()));
        body->set("checksumma", sha256Hex(content));
        body->set("checksummaMetod", std::string("SHA-256"));
        body->set("variant", json::fromCode(document.variant));
        const Subject subject{"dokument create", entryId, "dokumentet " + document.fileName};
        auto response =
            execute({"POST", apiPath_ + "/handling/" + encoded(entryId) + "/ny-dokument",
                     "application/json; charset=utf-8", json::stringify(body), entryETag},
                    subject);
        expectStatus(response, {200, 201}, subject);
        return {json::toDocument(json::parseObject(response.body, "dokument")),
                response.status == 201};
    }

    void uploadContent(const core::DocumentRecord& document, const std::string& content) override {
        const Subject subject{"dokument content upload", document.systemId,
                              "filen " + document.fileName};
        auto response = execute({"PUT",
                                 apiPath_ + "/dokument/" + encoded(document.systemId) + "/innehall",
                                 document.mimeType,
                                 content,
                                 {}},
                                subject);
        expectStatus(response, {200, 201, 204}, subject);
    }

    core::RegistryEntry setEntryStatus(const std::string& entryId,
                                       const core::Code& status) override {
        const Subject subject{"handling", entryId, "handlingen"};
        const std::string target = apiPath_ + "/handling/" + encoded(entryId);
        for (int round = 0; round < 2; ++round) {
            auto current = execute({"GET", target, {}, {}, {}}, subject);
            expectStatus(current, {200}, subject);
            auto entry = json::toEntry(json::parseObject(current.body, "handling"));
            if (entry.status.code == status.code) return entry;  // already done (e.g. by our retry)
            if (current.etag.empty())
                throw RegistryError(ErrorKind::BadResponse,
                                    "Diariet skickade handlingen utan versionsmärkning (ETag); "
                                    "kontakta administratören.",
                                    "handling " + entryId + ": GET without ETag");
            Object::Ptr body = new Object;
            body->set("status", json::fromCode(status));
            auto response = execute({"PATCH", target, "application/merge-patch+json; charset=utf-8",
                                     json::stringify(body), current.etag},
                                    subject);
            if (response.status == 412 && round == 0) {
                // Either someone else changed it, or an earlier attempt of ours
                // succeeded and its answer was lost: read again and decide.
                continue;
            }
            expectStatus(response, {200, 204}, subject);
            if (response.status == 204) return getEntry(entryId);
            return json::toEntry(json::parseObject(response.body, "handling"));
        }
        throw RegistryError(
            ErrorKind::PreconditionFailed,
            "Handlingen ändrades av någon annan samtidigt; försök igen.",
            "handling " + entryId + ": 412 twice while setting status " + status.code, 412);
    }

    bool attachToAgendaItem(const std::string& agendaItemId, const std::string& documentId,
                            const std::string& itemETag) override {
        Object::Ptr body = new Object;
        body->set("dokumentId", documentId);
        const Subject subject{"bilaga create", agendaItemId, "bilagan till ärendepunkten"};
        auto response =
            execute({"POST", apiPath_ + "/arendepunkt/" + encoded(agendaItemId) + "/ny-bilaga",
                     "application/json; charset=utf-8", json::stringify(body), itemETag},
                    subject);
        expectStatus(response, {200, 201}, subject);
        return response.status == 201;
    }

  private:
    static std::string encoded(const std::string& segment) {
        std::string result;
        Poco::URI::encode(segment, "/?#%&+;=", result);
        return result;
    }
    static std::string toLower(std::string text) {
        for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return text;
    }

    std::string listTarget(const std::string& path, const std::string& filter,
                           const std::string& orderBy, int top = 0, std::int64_t skip = 0,
                           const std::vector<std::string>& select = {}) const {
        Poco::URI uri;
        uri.setPath(apiPath_ + path);
        if (!filter.empty()) uri.addQueryParameter("$filter", filter);
        if (!orderBy.empty()) uri.addQueryParameter("$orderby", orderBy);
        uri.addQueryParameter("$top", std::to_string(top > 0 ? top : options_.pageSize));
        if (skip > 0) uri.addQueryParameter("$skip", std::to_string(skip));
        if (!select.empty()) {
            std::string fields = "systemId";
            for (const auto& field : select) fields += "," + field;
            uri.addQueryParameter("$select", fields);
        }
        return uri.getPathEtc();
    }

    static std::string caseFilter(const CaseQuery& query) {
        std::string filter = "arendetyp eq " + quoted(query.caseType);
        if (query.registeredFrom)
            filter += " and registreringsdatum ge " + query.registeredFrom->iso();
        if (query.registeredTo) filter += " and registreringsdatum le " + query.registeredTo->iso();
        if (query.organ) filter += " and organ eq " + quoted(*query.organ);
        return filter;
    }
    static Subject caseListSubject(const CaseQuery& query) {
        return {"arende list", query.caseType, "listan över ärenden av typ " + query.caseType};
    }

    json::Document getObject(const std::string& target, const Subject& subject) {
        auto response = execute({"GET", target, {}, {}, {}}, subject);
        expectStatus(response, {200}, subject);
        return json::parseOwnedObject(std::move(response.body), subject.resource, &parser_);
    }

    // One resource with its version (ETag), which a later write names in If-Match; a
    // registry that sends no ETag cannot be written to safely, so that is refused here.
    template <typename Record, Record (*to)(const json::Document&)>
    Versioned<Record> getVersioned(const std::string& target, const Subject& subject) {
        auto response = execute({"GET", target, {}, {}, {}}, subject);
        expectStatus(response, {200}, subject);
        if (response.etag.empty())
            throw RegistryError(ErrorKind::BadResponse,
                                "Diariet skickade " + subject.swedish +
                                    " utan versionsmärkning (ETag); kontakta administratören.",
                                subject.resource + " " + subject.id + ": GET without ETag");
        auto etag = std::move(response.etag);
        return {to(json::parseOwnedObject(std::move(response.body), subject.resource, &parser_)),
                std::move(etag)};
    }

    // Maps a list element with `to` (json::toCase …), naming `resource` in errors.
    template <typename Record, Record (*to)(json::ondemand::object&, std::string_view)>
    struct Map {
        std::string_view resource;
        Record operator()(json::ondemand::object& object) const { return to(object, resource); }
    };

    // Maps a case of a list to the fields its query selects.
    struct CaseMap {
        explicit CaseMap(const CaseQuery& query) : selection(query.select) {}
        json::CaseSelection selection;
        core::CaseRecord operator()(json::ondemand::object& object) const {
            return json::toCase(object, "arende", selection);
        }
    };

    // Positions [skip, end) of a list of `count` records; the first target asks for $skip.
    struct ListRange {
        std::int64_t skip, end, count;
    };

    // Follows `next` until there is none (or, for a range, until its end);
    // every record exactly once, or an error. `map` turns a list element into a
    // record (its systemId checked for repeats), `visit` takes the record.
    template <typename MapElement, typename Visit>
    void readList(std::string target, const Subject& subject, const MapElement& map,
                  const Visit& visit, std::optional<ListRange> range = std::nullopt) {
        std::optional<std::int64_t> count;
        if (range) count = range->count;  // every page must agree with it
        const std::int64_t wanted = range ? range->end - range->skip : -1;
        std::int64_t received = 0;
        SeenIds seen;
        std::unordered_set<std::string> visited{target};
        auto broken = [&](const std::string& swedish, const std::string& detail) {
            return RegistryError(
                ErrorKind::BadResponse,
                "Diariet skickade " + subject.swedish + " ofullständig: " + swedish +
                    ". Inget har använts; försök igen eller kontakta administratören.",
                subject.resource + ": " + detail);
        };
        for (;;) {
            auto response = execute({"GET", target, {}, {}, {}}, subject);
            expectStatus(response, {200}, subject);
            const auto document =
                json::parseOwnedObject(std::move(response.body), subject.resource, &parser_);
            // One pass over the page: its records are mapped as they are read. The count
            // is checked once the page is read (an error discards the whole list anyway).
            const auto page =
                json::readPage(document, [&](json::ondemand::value& element, std::size_t i) {
                    if (received == wanted) return false;
                    auto object = json::asObject(element, subject.resource);
                    if (!object)
                        throw broken("en post är inget objekt",
                                     "results[" + std::to_string(i) + "] is not an object");
                    auto record = map(*object);
                    if (!seen.insert(record.systemId))
                        throw broken("samma post kom två gånger",
                                     "record " + record.systemId + " received twice while paging");
                    visit(std::move(record));
                    return ++received != wanted;
                });
            if (count && *count != page.count)
                throw broken("antalet träffar ändrades under hämtningen",
                             "count changed from " + std::to_string(*count) + " to " +
                                 std::to_string(page.count) + " between pages");
            count = page.count;
            if (received > page.count)
                throw broken("fler poster än antalet träffar",
                             "received " + std::to_string(received) + " records, count says " +
                                 std::to_string(page.count));
            if (!page.next || received == wanted) break;
            if (page.size == 0)
                throw broken("en tom sida med länk till nästa",
                             "empty page with a next link after " + std::to_string(received));
            target = sameOriginTarget(*page.next, subject);
            if (!visited.insert(target).second)
                throw broken("länken till nästa sida pekar bakåt", "next link loops: " + target);
        }
        const std::int64_t expected = range ? wanted : count.value_or(0);
        if (received != expected)
            throw broken("antalet poster (" + std::to_string(received) +
                             ") stämmer inte med antalet träffar (" + std::to_string(*count) + ")",
                         "received " + std::to_string(received) +
                             (range ? " of the " + std::to_string(wanted) +
                                          " records from position " + std::to_string(range->skip)
                                    : std::string(" records")) +
                             ", count says " + std::to_string(*count));
    }

    // A next link must point to the same registry: the token goes nowhere else.
    std::string sameOriginTarget(const std::string& href, const Subject& subject) const {
        Poco::URI uri;
        try {
            uri = Poco::URI(base_, href);
        } catch (const Poco::Exception& error) {
            throw RegistryError(ErrorKind::BadResponse,
                                "Diariet skickade en ogiltig länk till nästa sida; kontakta "
                                "administratören.",
                                subject.resource + ": invalid next link: " + error.displayText());
        }
        if (uri.getScheme() != base_.getScheme() || uri.getHost() != base_.getHost() ||
            uri.getPort() != base_.getPort())
            throw RegistryError(ErrorKind::BadResponse,
                                "Diariet skickade en länk till nästa sida på en annan server; den "
                                "följs inte. Kontakta administratören.",
                                subject.resource + ": next link leaves the registry's origin (" +
                                    uri.getScheme() + "://" + uri.getHost() + ")");
        return uri.getPathEtc();
    }

    // One request with retries; returns the final answer, whatever its status,
    // unless it was a transport failure or a retryable status to the end.
    // The run's deadline has passed (or a wait would end after it): the run stops here.
    RegistryError runDeadlinePassed(const HttpRequest& request, const std::string& when) const {
        return RegistryError(
            ErrorKind::Timeout,
            "Körningen har väntat på diariet längre än tillåtna " + seconds(options_.runDeadline) +
                " sekunder och avbröts. Försök igen senare; kvarstår felet, kontakta "
                "administratören (gränsen är run-deadline-seconds i konfigurationen).",
            request.method + " " + request.target + ": run deadline of " +
                std::to_string(options_.runDeadline.count()) + " ms " + when);
    }

    HttpResponse execute(const HttpRequest& request, const Subject& subject) {
        const auto start = clock_->now();
        const auto runEnd = runStarted_ + options_.runDeadline;
        if (start >= runEnd) throw runDeadlinePassed(request, "passed");
        const auto& policy = options_.retry;
        for (int attempt = 1;; ++attempt) {
            const auto elapsed = duration_cast<milliseconds>(clock_->now() - start);
            const auto remaining =
                std::max(std::min(policy.totalBudget - elapsed,
                                  duration_cast<milliseconds>(runEnd - clock_->now())),
                         milliseconds(1));
            std::optional<RegistryError> failure;
            std::optional<milliseconds> retryAfter;
            try {
                auto response =
                    connection_->send(request, std::min(options_.connectTimeout, remaining),
                                      std::min(options_.readTimeout, remaining));
                logger().debug(request.method + " " + request.target + " -> " +
                               std::to_string(response.status));
                if (!RetryPolicy::isRetryableStatus(response.status)) return response;
                retryAfter = parseRetryAfter(response.retryAfter);
                failure = statusError(response, subject);
            } catch (const RegistryError& error) {
                // Retried: transport failures that may pass; not a certificate that fails to
                // verify.
                if (error.kind() != ErrorKind::Unreachable && error.kind() != ErrorKind::Timeout)
                    throw;
                failure = error;
            }
            const auto now = duration_cast<milliseconds>(clock_->now() - start);
            const auto wait = policy.delayBefore(attempt + 1, retryAfter, jitter_());
            if (!policy.mayRetry(attempt, now, wait)) {
                // One attempt's timeout ("inom 2,1 sekunder") would understate the wait when
                // there were several: the message gives the whole wait, as the user saw it.
                const std::string message =
                    failure->kind() == ErrorKind::Timeout && attempt > 1
                        ? "Diariet svarade inte på " + std::to_string(attempt) +
                              " försök under sammanlagt " + decimalSeconds(now) +
                              " sekunder; försök igen senare eller kontakta administratören."
                        : std::string(failure->what());
                throw RegistryError(failure->kind(), message,
                                    failure->detail() + " (gave up after " +
                                        std::to_string(attempt) + " attempt(s) in " +
                                        std::to_string(now.count()) + " ms)",
                                    failure->httpStatus(), failure->registryCode());
            }
            // A wait that would end after the run's deadline is not started.
            if (clock_->now() + wait >= runEnd)
                throw runDeadlinePassed(request, "would pass during a retry wait of " +
                                                     std::to_string(wait.count()) + " ms after " +
                                                     failure->detail());
            logger().warning(request.method + " " + request.target + ": " + failure->detail() +
                             "; retrying in " + std::to_string(wait.count()) + " ms (attempt " +
                             std::to_string(attempt + 1) + " of " +
                             std::to_string(policy.maxAttempts) + ")");
            if (!clock_->sleep(wait, options_.cancelled))
                throw RegistryError(ErrorKind::Cancelled, "Åtgärden avbröts.",
                                    request.method + " " + request.target +
                                        ": cancelled while waiting to retry after " +
                                        failure->detail());
        }
    }

    void expectStatus(const HttpResponse& response, std::initializer_list<int> accepted,
                      const Subject& subject) const {
        for (int status : accepted)
            if (response.status == status) return;
        throw statusError(response, subject);
    }

    RegistryError statusError(const HttpResponse& response, const Subject& subject) const {
        const auto fel = json::toErrorBody(response.body);
        const std::string code = fel ? fel->code : std::string();
        std::string detail = subject.resource + (subject.id.empty() ? "" : " " + subject.id) +
                             ": HTTP " + std::to_string(response.status);
        if (fel) detail += " fel.kod=" + fel->code + " (" + fel->message + ")";
        const int status = response.status;
        auto error = [&](ErrorKind kind, const std::string& swedish) {
            return RegistryError(kind, swedish, detail, status, code);
        };
        switch (status) {
            case 400:
                if (code == "CHECKSUMMA")
                    return error(
                        ErrorKind::Rejected,
                        "Diariet tog inte emot " + subject.swedish +
                            " eftersom storlek eller kontrollsumma inte stämde. Försök igen; "
                            "kvarstår felet, kontakta administratören.");
                return error(ErrorKind::Rejected, "Diariet avvisade begäran om " + subject.swedish +
                                                      " som felaktig. Kontakta administratören.");
            case 401:
                return error(ErrorKind::Unauthorized,
                             "Diariet godtog inte pluginets inloggning (token saknas, är fel eller "
                             "har gått ut). Kontakta administratören.");
            case 403:
                return error(ErrorKind::Forbidden,
                             "Pluginets konto i diariet saknar behörighet för " + subject.swedish +
                                 ". Kontakta administratören.");
            case 404:
                return error(ErrorKind::NotFound,
                             "Diariet hittar inte " + subject.swedish +
                                 (subject.id.empty() ? "" : " (" + subject.id + ")") +
                                 "; den kan ha tagits bort eller flyttats.");
            case 409:
                if (code == "DAGORDNING_LAST")
                    return error(
                        ErrorKind::AgendaLocked,
                        "Sammanträdets dagordning är redan publicerad och låst; bilagan kan "
                        "inte läggas till. Kontakta nämndsekreteraren.");
                return error(ErrorKind::Conflict,
                             "Diariet kunde inte spara " + subject.swedish +
                                 " eftersom den krockar med befintliga uppgifter.");
            case 412:
                return error(
                    ErrorKind::PreconditionFailed,
                    "Handlingen har ändrats av någon annan sedan den lästes; försök igen.");
            case 413:
                return error(ErrorKind::TooLarge, "Filen är för stor för diariet (" +
                                                      subject.swedish +
                                                      "). Kontakta administratören.");
            case 415:
                return error(ErrorKind::Rejected, "Diariet godtar inte formatet på " +
                                                      subject.swedish +
                                                      ". Kontakta administratören.");
            case 429:
                return error(
                    ErrorKind::Throttled,
                    "Diariet är hårt belastat och ber om färre anrop. Försök igen om en stund.");
            case 502:
            case 503:
            case 504:
                return error(ErrorKind::Unavailable,
                             "Diariet är tillfälligt otillgängligt (status " +
                                 std::to_string(status) +
                                 "). Försök igen senare eller kontakta administratören.");
            default:
                if (status >= 500)
                    return error(ErrorKind::ServerError,
                                 "Diariet rapporterade ett internt fel (status " +
                                     std::to_string(status) +
                                     "). Försök igen senare eller kontakta administratören.");
                return error(ErrorKind::BadResponse,
                             "Diariet svarade oväntat (status " + std::to_string(status) + ") om " +
                                 subject.swedish + ". Kontakta administratören.");
        }
    }

    ClientOptions options_;
    std::shared_ptr<Clock> clock_;
    Clock::TimePoint runStarted_ = options_.runStarted.value_or(clock_->now());
    std::function<double()> jitter_;
    Poco::URI base_;
    std::string apiPath_;
    std::unique_ptr<HttpConnection> connection_;
    // Reads every answer of this client, one at a time; its buffers are reused.
    json::ondemand::parser parser_;
};

}  // namespace

ClientOptions ClientOptions::from(const config::RegistrySettings& settings) {
    ClientOptions options;
    options.baseUrl = settings.baseUrl;
    options.caFile = settings.caFile;
    options.verifyCertificate = settings.verifyCertificate;
    options.connectTimeout = settings.connectTimeout;
    options.readTimeout = settings.readTimeout;
    options.retry.maxAttempts = settings.maxAttempts;
    options.retry.totalBudget = settings.totalTimeout;
    options.maxResponseBytes = settings.maxResponseBytes;
    options.maxJsonResponseBytes = settings.maxJsonResponseBytes;
    options.requestDeadline = settings.requestDeadline;
    options.runDeadline = settings.runDeadline;
    return options;
}

std::unique_ptr<RegistryClient> makeRegistryClient(const config::RegistrySettings& settings,
                                                   std::function<bool()> cancelled,
                                                   std::optional<Clock::TimePoint> runStarted) {
    auto options = ClientOptions::from(settings);
    options.cancelled = std::move(cancelled);
    options.runStarted = runStarted;
    return makeRegistryClient(options, loadBearerToken(settings));
}

std::unique_ptr<RegistryClient> makeRegistryClient(const ClientOptions& options, std::string token,
                                                   std::shared_ptr<Clock> clock,
                                                   std::function<double()> jitter) {
    return std::make_unique<Client>(options, std::move(token),
                                    clock ? std::move(clock) : systemClock(), std::move(jitter));
}

std::string sha256Hex(const std::string& bytes) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(bytes.data(), static_cast<unsigned>(bytes.size()));
    return Poco::DigestEngine::digestToHex(engine.digest());
}

}  // namespace committee_report::registry
