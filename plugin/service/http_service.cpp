#include "http_service.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/X509Certificate.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>
#include <dirent.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <atomic>
#include <ctime>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <sstream>

#include "action_catalog.h"
#include "api_error.h"
#include "catalog/markup_escape.h"
#include "credentials.h"
#include "run_registry.h"
#include "service/embedded_assets.h"
#include "signed_link.h"

namespace committee_report::service {

namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

Poco::Logger& logger() { return Poco::Logger::get("committee_report.service"); }

std::int64_t unixNow() { return static_cast<std::int64_t>(std::time(nullptr)); }

std::string randomToken() {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
    return toHex(bytes, sizeof bytes);
}

std::string errorJson(const std::string& code, const std::string& message) {
    Poco::JSON::Object inner;
    inner.set("kod", code);
    inner.set("meddelande", message);
    Poco::JSON::Object outer;
    outer.set("fel", inner);
    std::ostringstream out;
    outer.stringify(out);
    return out.str();
}

std::vector<std::string> splitPath(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 1;
    while (start <= path.size()) {
        const auto slash = path.find('/', start);
        const auto end = slash == std::string::npos ? path.size() : slash;
        parts.push_back(path.substr(start, end - start));
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    if (!parts.empty() && parts.back().empty()) parts.pop_back();
    return parts;
}

void securityHeaders(HTTPServerResponse& response) {
    response.set("Cache-Control", "no-store");
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "no-referrer");
}

void send(HTTPServerResponse& response, int status, const std::string& contentType,
          const std::string& body) {
    response.setStatus(static_cast<HTTPResponse::HTTPStatus>(status));
    response.setContentType(contentType);
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    securityHeaders(response);
    response.send() << body;
}

void sendJson(HTTPServerResponse& response, int status, const std::string& body) {
    send(response, status, "application/json; charset=utf-8", body);
}

void sendError(HTTPServerResponse& response, const ApiError& error) {
    if (error.retryAfter > 0) response.set("Retry-After", std::to_string(error.retryAfter));
    if (error.httpStatus() == 401) response.set("WWW-Authenticate", "Bearer");
    sendJson(response, error.httpStatus(), errorJson(error.code(), error.what()));
}

std::string refusalPage(const std::string& message) {
    return "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<title>Länken kan inte användas – Nämndrapport</title>"
           "<link rel=\"stylesheet\" href=\"/panel/assets/panel.css\"></head><body>"
           "<main class=\"panel\"><h1>Länken kan inte användas</h1>"
           "<p class=\"error\" role=\"alert\" id=\"refusal\">" +
           markupEscape(message) + "</p></main></body></html>\n";
}

void sendHtml(HTTPServerResponse& response, int status, const std::string& body) {
    response.set("Content-Security-Policy",
                 "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                 "img-src 'self'; form-action 'none'; base-uri 'none'");
    send(response, status, "text/html; charset=utf-8", body);
}

// Reads a request body: at most `limit` bytes, all of it before `deadline`.
std::string readBody(HTTPServerRequest& request, std::int64_t limit,
                     std::chrono::steady_clock::time_point deadline) {
    if (request.hasContentLength() && request.getContentLength64() > limit)
        throw ApiError(413, "for-stor-begaran",
                       "Begäran är större än " + std::to_string(limit) + " byte.");
    std::string body;
    char buffer[8192];
    auto& in = request.stream();
    while (in) {
        in.read(buffer, sizeof buffer);
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (static_cast<std::int64_t>(body.size()) > limit)
            throw ApiError(413, "for-stor-begaran",
                           "Begäran är större än " + std::to_string(limit) + " byte.");
        if (std::chrono::steady_clock::now() > deadline)
            throw ApiError(408, "for-langsam-begaran",
                           "Begäran kom för långsamt och avbröts. Försök igen.");
    }
    return body;
}

void requireJson(const HTTPServerRequest& request) {
    const auto type = request.getContentType();
    if (type.rfind("application/json", 0) != 0)
        throw ApiError(415, "fel-innehallstyp",
                       "Skicka begäran som JSON med Content-Type: application/json.");
}

int countOfficeProcesses() {
    // The office processes are the host's children (started by the office engine's
    // supervisor), so the count needs nothing from the plugin's interface.
    int count = 0;
    const auto self = std::to_string(getpid());
    DIR* proc = opendir("/proc");
    if (!proc) return 0;
    while (const dirent* entry = readdir(proc)) {
        const std::string name = entry->d_name;
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream stat("/proc/" + name + "/stat");
        std::string line;
        std::getline(stat, line);
        const auto open = line.find('(');
        const auto close = line.rfind(')');
        if (open == std::string::npos || close == std::string::npos) continue;
        const auto comm = line.substr(open + 1, close - open - 1);
        std::istringstream rest(line.substr(close + 2));
        std::string state, ppid;
        rest >> state >> ppid;
        if (ppid == self && comm.rfind("soffice", 0) == 0 && state != "Z") ++count;
    }
    closedir(proc);
    return count;
}

struct PanelSession {
    LaunchGrant grant;
    std::chrono::steady_clock::time_point expires;
    std::set<std::string> runs;
};

}  // namespace

struct HttpService::Impl {
    // What a reload replaces, swapped whole under a lock.
    struct Settings {
        config::ServiceSettings service;
        ClientTokens tokens;
        std::shared_ptr<SignedLinkVerifier> links;  // null: panel off
        std::shared_ptr<const ActionCatalog> catalog;
        std::string secret;
    };

    std::optional<std::string> listenOverride;
    mutable std::shared_mutex settingsMutex;
    std::shared_ptr<const Settings> settings;
    std::unique_ptr<RunRegistry> runs;
    // The connections' threads: the server's own pool of max-connections threads (Poco's
    // default pool has 16, fewer than the connections the server admits; an event stream
    // holds its thread for a whole run). Declared before the server, which uses it.
    std::unique_ptr<Poco::ThreadPool> threads;
    std::unique_ptr<Poco::Net::HTTPServer> server;
    std::string baseUrl;
    bool tls = false;

    std::mutex sessionsMutex;
    std::map<std::string, PanelSession> sessions;

    std::mutex readyMutex;
    std::chrono::steady_clock::time_point readyCheckedAt;
    std::optional<std::pair<bool, std::string>> readyCache;

    std::atomic<std::uint64_t> unauthorized{0};
    std::atomic<std::uint64_t> linksRefused{0};
    std::atomic<std::uint64_t> reloads{0};
    std::atomic<bool> stopping{false};

    static std::shared_ptr<const Settings> makeSettings(const config::ServiceSettings& service,
                                                        const c_api::Plugin& plugin,
                                                        const Settings* previous) {
        auto settings = std::make_shared<Settings>();
        settings->service = service;
        if (service.clientTokenFile)
            settings->tokens = ClientTokens::load(*service.clientTokenFile);
        if (service.launchSecretFile) {
            auto secret = readSecretFile(*service.launchSecretFile);
            while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r'))
                secret.pop_back();
            if (secret.size() < 32)
                throw std::runtime_error("the launch secret in " +
                                         service.launchSecretFile->string() +
                                         " is shorter than 32 characters");
            settings->secret = secret;
            // Links already used stay used while the secret is the same.
            settings->links = previous && previous->links && previous->secret == secret
                                  ? previous->links
                                  : std::make_shared<SignedLinkVerifier>(secret);
        }
        settings->catalog = std::make_shared<ActionCatalog>(plugin.actionsJson());
        return settings;
    }

    [[nodiscard]] std::shared_ptr<const Settings> current() const {
        std::shared_lock lock(settingsMutex);
        return settings;
    }
    [[nodiscard]] std::optional<std::string> entryLink() const {
        return current()->service.entryLink;
    }

    static RunRegistry::Limits limitsOf(const config::ServiceSettings& service) {
        RunRegistry::Limits limits;
        // 0: settings made in code, not read by Configuration::load (which resolves it).
        limits.workers = service.workers > 0 ? service.workers : 2;
        limits.maxQueued = service.maxQueuedRuns;
        limits.maxPerClient = service.maxRunsPerClient;
        limits.retention = service.runRetention;
        return limits;
    }

    // The calling DMS client's name; throws ApiError(401) otherwise.
    std::string authenticate(HTTPServerRequest& request, const Settings& settings) {
        if (tls && request.secure()) {
            try {
                auto& impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl&>(request);
                Poco::Net::SecureStreamSocket socket(impl.socket());
                if (socket.havePeerCertificate()) {
                    const auto name = socket.peerCertificate().commonName();
                    if (!name.empty()) return "cert:" + name;
                }
            } catch (const Poco::Exception&) {
                // no certificate: fall through to the token
            }
        }
        const auto header = request.get("Authorization", "");
        const std::string scheme = "Bearer ";
        std::string why = "no credential";
        if (header.size() > scheme.size() && header.compare(0, scheme.size(), scheme) == 0) {
            if (auto client = settings.tokens.match(header.substr(scheme.size()))) return *client;
            why = "unknown token";
        } else if (!header.empty()) {
            why = "not a bearer token";
        }
        ++unauthorized;
        logger().warning("401 for %s %s from %s: %s", request.getMethod(), request.getURI(),
                         request.clientAddress().host().toString(), why);
        throw ApiError(401, "ej-behorig",
                       "Anropet saknar giltig behörighet. Skicka klientens token som "
                       "Authorization: Bearer <token> eller använd ett klientcertifikat.");
    }

    void handle(HTTPServerRequest& request, HTTPServerResponse& response);
    void handleApi(HTTPServerRequest& request, HTTPServerResponse& response,
                   const std::vector<std::string>& parts, const Settings& settings);
    void handleRuns(HTTPServerRequest& request, HTTPServerResponse& response,
                    const std::vector<std::string>& parts, std::size_t first,
                    const std::string& urlBase, const std::set<std::string>* allowedRuns);
    void handlePanel(HTTPServerRequest& request, HTTPServerResponse& response,
                     const std::vector<std::string>& parts, const Settings& settings);
    void handleReady(HTTPServerResponse& response);
    void handleMetrics(HTTPServerResponse& response);
    void streamEvents(HTTPServerRequest& request, HTTPServerResponse& response, const Run& run,
                      const std::string& urlBase);
    void sendFile(HTTPServerResponse& response, const Run& run, const std::string& name);
    std::shared_ptr<Run> submit(HTTPServerRequest& request, RunRequest runRequest,
                                const Settings& settings, bool& created);
};

namespace {

class Handler : public Poco::Net::HTTPRequestHandler {
  public:
    explicit Handler(HttpService::Impl& service) : service_(service) {}
    void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
        service_.handle(request, response);
    }

  private:
    HttpService::Impl& service_;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
  public:
    explicit HandlerFactory(HttpService::Impl& service) : service_(service) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
        return new Handler(service_);
    }

  private:
    HttpService::Impl& service_;
};

}  // namespace

void HttpService::Impl::handle(HTTPServerRequest& request, HTTPServerResponse& response) {
    try {
        // Responses and event-stream chunks go out as they are written: with Nagle's
        // algorithm a small chunk waits for the client's (delayed) ACK of the one before.
        dynamic_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket().setNoDelay(true);
    } catch (const std::exception&) {
        // not a TCP socket: nothing to tune
    }
    try {
        const Poco::URI uri(request.getURI());
        const auto parts = splitPath(uri.getPath());
        const auto settings = current();
        const auto& method = request.getMethod();
        if (parts.size() == 1 && parts[0] == "healthz" && method == "GET")
            return sendJson(response, 200, R"({"status":"ok"})");
        if (parts.size() == 1 && parts[0] == "readyz" && method == "GET")
            return handleReady(response);
        if (parts.size() == 1 && parts[0] == "metrics" && method == "GET") {
            (void)authenticate(request, *settings);
            return handleMetrics(response);
        }
        if (parts.size() >= 2 && parts[0] == "api" && parts[1] == "v1")
            return handleApi(request, response, parts, *settings);
        if (!parts.empty() && parts[0] == "panel")
            return handlePanel(request, response, parts, *settings);
        throw ApiError(404, "hittades-inte", "Adressen finns inte i tjänsten.");
    } catch (const ApiError& error) {
        if (!response.sent()) sendError(response, error);
    } catch (const Poco::Net::NetException& error) {
        // The client went away or was too slow; nothing to answer.
        logger().information("connection from %s ended: %s",
                             request.clientAddress().host().toString(), error.displayText());
    } catch (const Poco::TimeoutException&) {
        if (!response.sent())
            sendError(response, ApiError(408, "for-langsam-begaran",
                                         "Begäran kom för långsamt och avbröts. Försök igen."));
    } catch (const std::exception& error) {
        logger().error("%s %s: %s", request.getMethod(), request.getURI(),
                       std::string(error.what()));
        if (!response.sent())
            sendError(response, ApiError(500, "internt-fel",
                                         "Ett internt fel uppstod. Administratören hittar "
                                         "detaljerna i tjänstens logg."));
    }
}

std::shared_ptr<Run> HttpService::Impl::submit(HTTPServerRequest& request, RunRequest runRequest,
                                               const Settings& settings, bool& created) {
    settings.catalog->check(runRequest);
    const auto key = request.get("Idempotency-Key", "");
    if (key.size() > 200)
        throw ApiError(400, "ogiltig-idempotensnyckel",
                       "Idempotency-Key är för lång (högst 200 tecken).");
    return runs->submit(std::move(runRequest), key, created);
}

void HttpService::Impl::handleApi(HTTPServerRequest& request, HTTPServerResponse& response,
                                  const std::vector<std::string>& parts, const Settings& settings) {
    const auto& method = request.getMethod();
    if (parts.size() == 3 && parts[2] == "openapi.json" && method == "GET")
        return sendJson(response, 200, std::string(*serviceAsset("openapi.json")));
    const auto client = authenticate(request, settings);
    if (parts.size() == 3 && parts[2] == "actions") {
        if (method != "GET") throw ApiError(405, "fel-metod", "Använd GET för /api/v1/actions.");
        return sendJson(response, 200, settings.catalog->json());
    }
    if (parts.size() == 3 && parts[2] == "runs") {
        if (method != "POST")
            throw ApiError(405, "fel-metod", "Använd POST för att starta en körning.");
        requireJson(request);
        const auto body = readBody(request, settings.service.maxBodyBytes,
                                   std::chrono::steady_clock::now() + settings.service.readTimeout);
        auto runRequest = parseRunRequest(body);
        runRequest.client = client;
        runRequest.limitKey = client;
        bool created = false;
        const auto run = submit(request, std::move(runRequest), settings, created);
        const auto location = "/api/v1/runs/" + run->id();
        response.set("Location", location);
        return sendJson(response, created ? 202 : 200, run->toJson(location, settings.service.entryLink));
    }
    if (parts.size() >= 4 && parts[2] == "runs") {
        const auto run = runs->find(parts[3]);
        if (!run)
            throw ApiError(404, "okand-korning",
                           "Körningen finns inte (eller är borttagen efter sin lagringstid).");
        if (run->request().limitKey != client)
            throw ApiError(404, "okand-korning",
                           "Körningen finns inte (eller är borttagen efter sin lagringstid).");
        return handleRuns(request, response, parts, 3, "/api/v1/runs/" + run->id(), nullptr);
    }
    throw ApiError(404, "hittades-inte", "Adressen finns inte i API:t (se /api/v1/openapi.json).");
}

// parts[first] is the run id; what follows: nothing, "events" or "files/NAME".
void HttpService::Impl::handleRuns(HTTPServerRequest& request, HTTPServerResponse& response,
                                   const std::vector<std::string>& parts, std::size_t first,
                                   const std::string& urlBase,
                                   const std::set<std::string>* allowedRuns) {
    const auto run = runs->find(parts[first]);
    if (!run || (allowedRuns && !allowedRuns->count(run->id())))
        throw ApiError(404, "okand-korning",
                       "Körningen finns inte (eller är borttagen efter sin lagringstid).");
    const auto& method = request.getMethod();
    const auto rest = parts.size() - first - 1;
    if (rest == 0) {
        if (method == "GET") return sendJson(response, 200, run->toJson(urlBase, entryLink()));
        if (method == "DELETE") {
            if (!runs->cancel(run->id()))
                throw ApiError(409, "korning-avslutad",
                               "Körningen är redan avslutad och kan inte avbrytas.");
            return sendJson(response, 202, run->toJson(urlBase, entryLink()));
        }
        throw ApiError(405, "fel-metod", "Använd GET eller DELETE för en körning.");
    }
    if (method != "GET") throw ApiError(405, "fel-metod", "Använd GET.");
    if (rest == 1 && parts[first + 1] == "events")
        return streamEvents(request, response, *run, urlBase);
    if (rest == 2 && parts[first + 1] == "files") return sendFile(response, *run, parts[first + 2]);
    throw ApiError(404, "hittades-inte", "Adressen finns inte i API:t (se /api/v1/openapi.json).");
}

void HttpService::Impl::streamEvents(HTTPServerRequest& request, HTTPServerResponse& response,
                                     const Run& run, const std::string& urlBase) {
    std::size_t seen = 0;
    if (const auto last = request.get("Last-Event-ID", ""); !last.empty()) {
        try {
            seen = std::stoul(last) + 1;
        } catch (const std::exception&) {
            seen = 0;
        }
    }
    response.setStatus(HTTPResponse::HTTP_OK);
    response.setContentType("text/event-stream; charset=utf-8");
    response.setChunkedTransferEncoding(true);
    securityHeaders(response);
    auto& out = response.send();
    out << "retry: 2000\n\n";
    out.flush();
    for (;;) {
        bool ended = false;
        const auto events = run.eventsAfter(seen, std::chrono::seconds(stopping ? 1 : 15), ended);
        if (events.empty() && ended) {
            // A reader past the end (Last-Event-ID of the end event, as an EventSource sends
            // when it reconnects) gets the end again instead of keepalives for ever.
            out << "id: " << seen << "\nevent: end\ndata: " << run.toJson(urlBase, entryLink())
                << "\n\n";
            out.flush();
            return;
        }
        if (events.empty()) {
            out << ": keepalive\n\n";  // also finds a client that has gone
            out.flush();
            if (!out) return;
            continue;
        }
        for (const auto& event : events) {
            out << "id: " << seen << "\nevent: " << event.name
                << "\ndata: " << (event.name == "end" ? run.toJson(urlBase, entryLink()) : event.data) << "\n\n";
            ++seen;
            if (event.name == "end") {
                out.flush();
                return;
            }
        }
        out.flush();
        if (!out) return;
    }
}

void HttpService::Impl::sendFile(HTTPServerResponse& response, const Run& run,
                                 const std::string& name) {
    const auto path = run.resultFile(name);
    if (!path || name.find('/') != std::string::npos)
        throw ApiError(404, "okand-fil", "Körningen har ingen fil med namnet " + name + ".");
    std::ifstream in(*path, std::ios::binary);
    if (!in)
        throw ApiError(410, "filen-borta",
                       "Filen finns inte längre på servern; hämta den ur diariet.");
    std::string type = "application/octet-stream";
    if (name.ends_with(".pdf")) type = "application/pdf";
    if (name.ends_with(".odt")) type = "application/vnd.oasis.opendocument.text";
    if (name.ends_with(".json")) type = "application/json";
    response.set("Content-Disposition", "attachment; filename=\"" + name + "\"");
    std::ostringstream body;
    body << in.rdbuf();
    send(response, 200, type, body.str());
}

void HttpService::Impl::handleReady(HTTPServerResponse& response) {
    std::lock_guard lock(readyMutex);  // one check at a time; the others wait for its answer
    const auto now = std::chrono::steady_clock::now();
    if (!readyCache || now - readyCheckedAt > std::chrono::seconds(30)) {
        RunRequest check;
        check.action = "kontrollera-installation";
        check.user = "committee-report-service";
        check.roles = {"administrator"};
        check.client = "readyz";
        const auto plugin = runs->plugin();
        const auto outcome = plugin->run(check.toPluginJson());
        Poco::JSON::Object body;
        body.set("ready", outcome.code == CR_OK);
        Poco::JSON::Array checks;
        try {
            Poco::JSON::Parser parser;
            const auto result = parser.parse(outcome.resultJson).extract<Poco::JSON::Object::Ptr>();
            body.set("message", result->optValue<std::string>("message", ""));
            if (const auto list = result->getArray("checks"))
                for (std::size_t i = 0; i < list->size(); ++i) {
                    const auto item = list->getObject(static_cast<unsigned>(i));
                    Poco::JSON::Object entry;
                    entry.set("name", item->optValue<std::string>("name", ""));
                    entry.set("ok", item->optValue<bool>("ok", false));
                    checks.add(entry);
                }
        } catch (const Poco::Exception&) {
            body.set("message", "Kontrollen gav inget läsbart svar.");
        }
        body.set("checks", checks);
        std::ostringstream out;
        body.stringify(out);
        readyCache = std::make_pair(outcome.code == CR_OK, out.str());
        readyCheckedAt = now;
    }
    sendJson(response, readyCache->first ? 200 : 503, readyCache->second);
}

void HttpService::Impl::handleMetrics(HTTPServerResponse& response) {
    const auto m = runs->metrics();
    std::ostringstream out;
    auto label = [](const std::string& value) {
        std::string escaped;
        for (char c : value) {
            if (c == '\\' || c == '"') escaped.push_back('\\');
            if (c == '\n') {
                escaped += "\\n";
                continue;
            }
            escaped.push_back(c);
        }
        return escaped;
    };
    out << "# HELP committee_report_runs Runs by action and state (queued and running now; "
           "finished ones since start).\n# TYPE committee_report_runs gauge\n";
    for (const auto& [key, count] : m.runsByActionState)
        out << "committee_report_runs{action=\"" << label(key.first) << "\",state=\""
            << label(key.second) << "\"} " << count << "\n";
    out << "# HELP committee_report_run_duration_seconds Time from a run's start to its end.\n"
           "# TYPE committee_report_run_duration_seconds histogram\n";
    for (const auto& [action, counts] : m.durationCounts) {
        for (std::size_t i = 0; i < m.durationBuckets.size(); ++i)
            out << "committee_report_run_duration_seconds_bucket{action=\"" << label(action)
                << "\",le=\"" << m.durationBuckets[i] << "\"} " << counts[i] << "\n";
        out << "committee_report_run_duration_seconds_bucket{action=\"" << label(action)
            << "\",le=\"+Inf\"} " << m.durationTotals.at(action) << "\n";
        out << "committee_report_run_duration_seconds_sum{action=\"" << label(action) << "\"} "
            << m.durationSums.at(action) << "\n";
        out << "committee_report_run_duration_seconds_count{action=\"" << label(action) << "\"} "
            << m.durationTotals.at(action) << "\n";
    }
    out << "# HELP committee_report_queue_length Runs waiting for a worker.\n"
           "# TYPE committee_report_queue_length gauge\ncommittee_report_queue_length "
        << m.queued << "\n";
    out << "# HELP committee_report_runs_running Runs being executed.\n"
           "# TYPE committee_report_runs_running gauge\ncommittee_report_runs_running "
        << m.running << "\n";
    out << "# HELP committee_report_runs_rejected_total Runs refused with 429 (queue full).\n"
           "# TYPE committee_report_runs_rejected_total counter\n"
           "committee_report_runs_rejected_total "
        << m.rejectedQueueFull << "\n";
    out << "# HELP committee_report_office_processes_alive Office processes running now.\n"
           "# TYPE committee_report_office_processes_alive gauge\n"
           "committee_report_office_processes_alive "
        << countOfficeProcesses() << "\n";
    out << "# HELP committee_report_unauthorized_total Requests refused with 401.\n"
           "# TYPE committee_report_unauthorized_total counter\n"
           "committee_report_unauthorized_total "
        << unauthorized.load() << "\n";
    out << "# HELP committee_report_panel_links_refused_total Panel links refused.\n"
           "# TYPE committee_report_panel_links_refused_total counter\n"
           "committee_report_panel_links_refused_total "
        << linksRefused.load() << "\n";
    out << "# HELP committee_report_reloads_total Configuration reloads (SIGHUP).\n"
           "# TYPE committee_report_reloads_total counter\ncommittee_report_reloads_total "
        << reloads.load() << "\n";
    send(response, 200, "text/plain; version=0.0.4; charset=utf-8", out.str());
}

void HttpService::Impl::handlePanel(HTTPServerRequest& request, HTTPServerResponse& response,
                                    const std::vector<std::string>& parts,
                                    const Settings& settings) {
    const auto& method = request.getMethod();
    if (parts.size() == 3 && parts[1] == "assets" && method == "GET") {
        const auto asset = serviceAsset("panel/" + parts[2]);
        if (!asset) throw ApiError(404, "hittades-inte", "Filen finns inte.");
        const auto type = parts[2].ends_with(".css")  ? "text/css; charset=utf-8"
                          : parts[2].ends_with(".js") ? "text/javascript; charset=utf-8"
                                                      : "application/octet-stream";
        response.setStatus(HTTPResponse::HTTP_OK);
        response.setContentType(type);
        response.setContentLength(static_cast<std::streamsize>(asset->size()));
        response.set("X-Content-Type-Options", "nosniff");
        response.set("Cache-Control", "max-age=300");
        response.send().write(asset->data(), static_cast<std::streamsize>(asset->size()));
        return;
    }
    if (parts.size() == 1) {
        // The signed link: checked, used up, and exchanged for a short-lived session whose
        // address the browser is sent on to (so reloading the page does not reuse the link).
        if (method != "GET") throw ApiError(405, "fel-metod", "Använd GET.");
        if (!settings.links)
            return sendHtml(response, 404,
                            refusalPage("Panelen är inte påslagen på den här servern "
                                        "(launch-secret-file saknas i konfigurationen)."));
        LaunchGrant grant;
        try {
            const Poco::URI uri(request.getURI());
            grant = settings.links->verify(uri.getQueryParameters(), unixNow());
            const auto* action = settings.catalog->find(grant.action);
            if (!action)
                throw ApiError(403, "okand-atgard", "Länken gäller en åtgärd som inte finns.");
            if (action->menu == "case" && grant.caseDnr.empty())
                throw ApiError(403, "saknat-arende", "Länken saknar ärende (case).");
        } catch (const ApiError& error) {
            ++linksRefused;
            logger().warning("panel link refused (%s) from %s", error.code(),
                             request.clientAddress().host().toString());
            return sendHtml(response, error.httpStatus(), refusalPage(error.what()));
        } catch (const Poco::SyntaxException&) {
            ++linksRefused;
            return sendHtml(response, 403, refusalPage("Länken är felaktigt kodad."));
        }
        const auto id = randomToken();
        {
            std::lock_guard lock(sessionsMutex);
            const auto now = std::chrono::steady_clock::now();
            std::erase_if(sessions, [&](const auto& entry) { return entry.second.expires < now; });
            sessions[id] = PanelSession{grant, now + settings.service.panelSession, {}};
        }
        logger().information("panel opened: %s for user %s", grant.action, grant.user);
        response.set("Location", "/panel/s/" + id + "/");
        return send(response, 303, "text/plain; charset=utf-8", "Panelen öppnas.\n");
    }
    if (parts.size() < 3 || parts[1] != "s")
        throw ApiError(404, "hittades-inte", "Adressen finns inte.");
    PanelSession session;
    {
        std::lock_guard lock(sessionsMutex);
        const auto it = sessions.find(parts[2]);
        if (it == sessions.end() || it->second.expires < std::chrono::steady_clock::now()) {
            if (parts.size() == 3)
                return sendHtml(response, 403,
                                refusalPage("Panelen har stängts (den gäller en kort stund). "
                                            "Öppna den på nytt från ärendet i "
                                            "dokumenthanteringssystemet."));
            throw ApiError(403, "panelen-stangd",
                           "Panelen har stängts. Öppna den på nytt från ärendet.");
        }
        session = it->second;
    }
    const auto base = "/panel/s/" + parts[2];
    if (parts.size() == 3) {
        if (method != "GET") throw ApiError(405, "fel-metod", "Använd GET.");
        return sendHtml(response, 200, std::string(*serviceAsset("panel/index.html")));
    }
    if (parts.size() == 4 && parts[3] == "info" && method == "GET") {
        const auto* action = settings.catalog->find(session.grant.action);
        if (!action) throw ApiError(404, "okand-atgard", "Åtgärden finns inte längre.");
        Poco::JSON::Object info;
        Poco::JSON::Parser parser;
        info.set("action", parser.parse(action->json));
        info.set("case", session.grant.caseDnr);
        info.set("meeting", session.grant.meeting);
        std::ostringstream out;
        info.stringify(out);
        return sendJson(response, 200, out.str());
    }
    if (parts.size() == 4 && parts[3] == "runs") {
        if (method != "POST") throw ApiError(405, "fel-metod", "Använd POST.");
        requireJson(request);
        const auto body = readBody(request, settings.service.maxBodyBytes,
                                   std::chrono::steady_clock::now() + settings.service.readTimeout);
        RunRequest runRequest;
        runRequest.action = session.grant.action;
        runRequest.caseDnr = session.grant.caseDnr;
        runRequest.meeting = session.grant.meeting;
        runRequest.user = session.grant.user;
        runRequest.roles = session.grant.roles;
        runRequest.parameters = parsePanelParameters(body);
        runRequest.client = "panel";
        runRequest.limitKey = "panel:" + session.grant.user;
        bool created = false;
        const auto run = submit(request, std::move(runRequest), settings, created);
        {
            std::lock_guard lock(sessionsMutex);
            if (const auto it = sessions.find(parts[2]); it != sessions.end())
                it->second.runs.insert(run->id());
        }
        const auto location = base + "/runs/" + run->id();
        response.set("Location", location);
        return sendJson(response, 202, run->toJson(location, settings.service.entryLink));
    }
    if (parts.size() >= 5 && parts[3] == "runs")
        return handleRuns(request, response, parts, 4, base + "/runs/" + parts[4], &session.runs);
    throw ApiError(404, "hittades-inte", "Adressen finns inte.");
}

HttpService::HttpService(const config::ServiceSettings& settings,
                         std::shared_ptr<const c_api::Plugin> plugin,
                         const std::optional<std::string>& listen)
    : impl_(std::make_unique<Impl>()) {
    impl_->listenOverride = listen;
    impl_->settings = Impl::makeSettings(settings, *plugin, nullptr);
    impl_->runs = std::make_unique<RunRegistry>(Impl::limitsOf(settings), std::move(plugin));
}

HttpService::~HttpService() {
    if (impl_->server) stop(std::chrono::seconds(0));
}

void HttpService::start() {
    const auto& service = impl_->settings->service;
    const Poco::Net::SocketAddress address(impl_->listenOverride.value_or(service.listen));
    auto params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(service.maxConnections);
    params->setMaxQueued(service.maxConnections);
    params->setTimeout(Poco::Timespan(service.readTimeout.count(), 0));
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(service.readTimeout.count(), 0));
    params->setMaxKeepAliveRequests(1000);
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    if (service.tls) {
        Poco::Net::initializeSSL();
        const bool mutual = service.tls->clientCaFile.has_value();
        Poco::Net::Context::Ptr context = new Poco::Net::Context(
            Poco::Net::Context::TLS_SERVER_USE, service.tls->keyFile.string(),
            service.tls->certificateFile.string(),
            mutual ? service.tls->clientCaFile->string() : std::string(),
            mutual ? Poco::Net::Context::VERIFY_RELAXED : Poco::Net::Context::VERIFY_NONE, 9, false,
            "HIGH:!aNULL:!MD5:!RC4");
        context->disableProtocols(
            Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
            Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
        socket = std::make_unique<Poco::Net::SecureServerSocket>(address, 64, context);
        impl_->tls = true;
    } else {
        socket = std::make_unique<Poco::Net::ServerSocket>(address, 64);
    }
    const auto bound = socket->address();
    impl_->threads = std::make_unique<Poco::ThreadPool>("http", 2, service.maxConnections);
    impl_->server = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(*impl_),
                                                            *impl_->threads, *socket, params);
    impl_->server->start();
    const auto host = bound.family() == Poco::Net::AddressFamily::IPv6
                          ? "[" + bound.host().toString() + "]"
                          : bound.host().toString();
    impl_->baseUrl = std::string(impl_->tls ? "https" : "http") + "://" + host + ":" +
                     std::to_string(bound.port());
    logger().information("listening on %s", impl_->baseUrl);
}

std::string HttpService::baseUrl() const { return impl_->baseUrl; }

void HttpService::reload(const config::ServiceSettings& settings,
                         std::shared_ptr<const c_api::Plugin> plugin) {
    auto fresh = Impl::makeSettings(settings, *plugin, impl_->current().get());
    if (settings.listen != impl_->settings->service.listen ||
        settings.tls.has_value() != impl_->tls)
        logger().warning("reload: the listen address and TLS change only on restart");
    impl_->runs->setLimits(Impl::limitsOf(settings));
    impl_->runs->setPlugin(std::move(plugin));
    {
        std::unique_lock lock(impl_->settingsMutex);
        impl_->settings = std::move(fresh);
    }
    ++impl_->reloads;
    logger().information("configuration reloaded");
}

void HttpService::stop(std::chrono::seconds grace) {
    impl_->stopping = true;
    if (impl_->server) impl_->server->stop();  // no new connections
    impl_->runs->shutdown(grace);
    if (impl_->server) {
        impl_->server->stopAll(true);  // event streams have seen their runs end by now
        impl_->server.reset();
    }
}

RunRegistry& HttpService::runs() { return *impl_->runs; }

}  // namespace committee_report::service
