#include "server.h"

#include <Poco/Data/LOB.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/LocalDateTime.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/SHA2Engine.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>
#include <Poco/UUIDGenerator.h>

#include <csignal>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

#include "faults.h"
#include "odata_filter.h"
#include "store.h"

namespace reference_registry {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using namespace Poco::Data::Keywords;

constexpr int kMaxPage = 100;

struct HttpError {
    int status;
    std::string code;
    std::string message;
};

struct Reply {
    int status = 200;
    std::string contentType = "application/json; charset=utf-8";
    std::string body;
    std::map<std::string, std::string> headers;
};

std::string stringify(const Object::Ptr& object) {
    std::ostringstream out;
    object->stringify(out);
    return out.str();
}

std::string errorBody(const std::string& code, const std::string& message) {
    Object::Ptr fel = new Object;
    fel->set("kod", code);
    fel->set("meddelande", message);
    Object::Ptr body = new Object;
    body->set("fel", fel);
    return stringify(body);
}

Object::Ptr code(const std::string& kode, const std::string& kodenavn) {
    Object::Ptr object = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    object->set("kode", kode);
    object->set("kodenavn", kodenavn);
    return object;
}

Object::Ptr link(const std::string& href) {
    Object::Ptr object = new Object;
    object->set("href", href);
    return object;
}

std::string sha256(const std::string& bytes) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(bytes.data(), static_cast<unsigned>(bytes.size()));
    return Poco::DigestEngine::digestToHex(engine.digest());
}

bool isDate(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (i != 4 && i != 7 && !std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    return true;
}

// Validation of request bodies: a 400 VALIDERING naming the field.
struct Body {
    Object::Ptr object;
    std::string string(const std::string& key, bool required = true) const {
        if (!object->has(key) || object->isNull(key)) {
            if (required) throw HttpError{400, "VALIDERING", "field '" + key + "' is required"};
            return {};
        }
        auto value = object->get(key);
        if (!value.isString())
            throw HttpError{400, "VALIDERING", "field '" + key + "' must be a string"};
        return value.extract<std::string>();
    }
    std::pair<std::string, std::string> codeObject(const std::string& key) const {
        auto child = object->getObject(key);
        if (!child || !child->has("kode") || !child->get("kode").isString())
            throw HttpError{400, "VALIDERING", "field '" + key + ".kode' is required"};
        return {child->getValue<std::string>("kode"), child->optValue<std::string>("kodenavn", "")};
    }
};

Body parseBody(const std::string& text) {
    try {
        Poco::JSON::Parser parser;
        auto value = parser.parse(text);
        if (value.type() == typeid(Object::Ptr)) return Body{value.extract<Object::Ptr>()};
    } catch (const Poco::Exception& error) {
        throw HttpError{400, "OGILTIG_JSON", "request body is not valid JSON: " + error.message()};
    }
    throw HttpError{400, "OGILTIG_JSON", "request body must be a JSON object"};
}

struct Context {
    ServerOptions options;
    // The last ORDER BY key of every list: insertion order (seq), or with
    // shuffleLists a fixed permutation of it (seq times a multiplier, plus an offset,
    // modulo a prime above 2^32; both from the salt), the same on every request; with reverseLists
    // descending insertion order (-seq).
    std::string tieOrder = "seq";
    // Lists without $orderby go by tieOrder alone (else by their natural key first).
    [[nodiscard]] bool scrambled() const { return options.shuffleLists || options.reverseLists; }
    std::string base;  // http://127.0.0.1:port
    Store* store = nullptr;
    Faults faults;
    std::mutex logMutex;
    std::vector<std::string> requestLog;
    // Each case filter's matches, rendered with their links, in list order
    // (see Handler::cachedCases); valid while the file's data_version stays.
    struct CaseList {
        std::mutex building;  // one thread renders a list; others asking for it wait
        std::shared_ptr<const std::vector<std::string>> items;
    };
    std::mutex caseCacheMutex;
    long long caseCacheVersion = -1;
    std::size_t caseCacheItems = 0;
    std::map<std::string, std::shared_ptr<CaseList>> caseLists;
};

class Handler final : public Poco::Net::HTTPRequestHandler {
  public:
    explicit Handler(Context& context) : ctx_(context) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        const std::string method = request.getMethod();
        const std::string target = request.getURI();
        if (ctx_.options.testMode) {
            std::lock_guard lock(ctx_.logMutex);
            if (ctx_.requestLog.size() < 100000) ctx_.requestLog.push_back(method + " " + target);
        }
        Reply reply;
        std::optional<FaultRule> fault;
        try {
            // The whole body first, whatever the answer: an unread body would
            // be taken for the next request on this keep-alive connection.
            try {
                body_ = readBody(request);
            } catch (const HttpError&) {
                response.setKeepAlive(false);
                throw;
            }
            Poco::URI uri(target);
            const std::string path = uri.getPath();
            if (path.rfind("/_control/", 0) == 0) {
                if (!ctx_.options.testMode) throw HttpError{404, "NOT_FOUND", "no such resource"};
                reply = control(method, path, body_);
                send(response, reply);
                return;
            }
            if (ctx_.options.testMode) fault = ctx_.faults.take(method, target);
            if (fault && fault->fault == "latency")
                std::this_thread::sleep_for(std::chrono::milliseconds(fault->delayMs));
            if (fault && fault->fault == "status") {
                reply.status = fault->status;
                if (fault->retryAfter >= 0)
                    reply.headers["Retry-After"] = std::to_string(fault->retryAfter);
                reply.body = errorBody(fault->status == 429 ? "FOR_MANGA_ANROP" : "TILLFALLIGT_FEL",
                                       "injected fault");
                send(response, reply);
                return;
            }
            if (fault && fault->fault == "malformed") {
                reply.body = R"({"count": 3, "results": [{"systemId": "x", "diarienummer": )";
                send(response, reply);
                return;
            }
            const std::string role = authorize(request);
            const bool write = method != "GET" && method != "HEAD";
            if (write && role != "write")
                throw HttpError{403, "BEHORIGHET_SAKNAS", "the token may read but not write"};
            reply = route(method, uri, request);
        } catch (const HttpError& error) {
            reply = Reply{};
            reply.status = error.status;
            reply.body = errorBody(error.code, error.message);
            if (error.status == 401)
                reply.headers["WWW-Authenticate"] = "Bearer realm=\"registry\"";
        } catch (const BadRequest& error) {
            reply = Reply{};
            reply.status = 400;
            reply.body = errorBody(error.code, error.what());
        } catch (const std::exception& error) {
            reply = Reply{};
            reply.status = 500;
            reply.body = errorBody("INTERNT_FEL", error.what());
            std::cerr << "reference-registry: " << method << " " << target << ": " << error.what()
                      << "\n";
        }
        if (fault && fault->fault == "wrongCount" && reply.body.rfind("{\"count\":", 0) == 0) {
            const auto end = reply.body.find_first_of(",}", 9);
            const long count = std::stol(reply.body.substr(9, end - 9));
            reply.body =
                "{\"count\":" + std::to_string(count + fault->countDelta) + reply.body.substr(end);
        }
        if (fault && fault->fault == "drop") {
            // Announce the whole body, send half of it, close the connection.
            response.setStatusAndReason(
                static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
            response.setContentType(reply.contentType);
            response.setContentLength64(static_cast<Poco::Int64>(reply.body.size()));
            response.setKeepAlive(false);
            auto& out = response.send();
            out.write(reply.body.data(), static_cast<std::streamsize>(reply.body.size() / 2));
            out.flush();
            return;
        }
        send(response, reply);
    }

  private:
    static void send(Poco::Net::HTTPServerResponse& response, const Reply& reply) {
        response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
        for (const auto& [name, value] : reply.headers) response.set(name, value);
        if (reply.status == 204) {
            response.setContentLength(0);
            response.send();
            return;
        }
        response.setContentType(reply.contentType);
        response.setContentLength64(static_cast<Poco::Int64>(reply.body.size()));
        response.send().write(reply.body.data(), static_cast<std::streamsize>(reply.body.size()));
    }

    std::string readBody(Poco::Net::HTTPServerRequest& request) {
        const auto length = request.getContentLength64();
        if (length > ctx_.options.maxBodyBytes)
            throw HttpError{
                413, "FOR_STOR",
                "request body over " + std::to_string(ctx_.options.maxBodyBytes) + " bytes"};
        std::string body;
        if (length > 0) body.reserve(static_cast<std::size_t>(length));
        char buffer[65536];
        auto& in = request.stream();
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
            body.append(buffer, static_cast<std::size_t>(in.gcount()));
            if (static_cast<std::int64_t>(body.size()) > ctx_.options.maxBodyBytes)
                throw HttpError{413, "FOR_STOR", "request body over limit"};
        }
        return body;
    }

    std::string authorize(const Poco::Net::HTTPServerRequest& request) const {
        const auto header = request.get("Authorization", "");
        if (header.rfind("Bearer ", 0) != 0)
            throw HttpError{401, "EJ_INLOGGAD", "a bearer token is required"};
        const auto token = ctx_.options.tokens.find(header.substr(7));
        if (token == ctx_.options.tokens.end())
            throw HttpError{401, "EJ_INLOGGAD", "unknown bearer token"};
        return token->second;
    }

    Reply control(const std::string& method, const std::string& path, const std::string& body) {
        Reply reply;
        if (path == "/_control/faults") {
            if (method == "POST") {
                try {
                    Poco::JSON::Parser parser;
                    auto value = parser.parse(body);
                    ctx_.faults.set(value.type() == typeid(Array::Ptr) ? value.extract<Array::Ptr>()
                                                                       : nullptr);
                } catch (const Poco::Exception& error) {
                    throw HttpError{400, "OGILTIG_JSON", error.displayText()};
                } catch (const std::invalid_argument& error) {
                    throw HttpError{400, "VALIDERING", error.what()};
                }
            } else if (method == "DELETE") {
                ctx_.faults.clear();
            } else if (method != "GET") {
                throw HttpError{405, "METOD", "GET, POST or DELETE"};
            }
            reply.body = ctx_.faults.describe();
            return reply;
        }
        if (path == "/_control/requests") {
            std::lock_guard lock(ctx_.logMutex);
            if (method == "DELETE") ctx_.requestLog.clear();
            Array array;
            for (const auto& line : ctx_.requestLog) array.add(line);
            Object object;
            object.set("count", static_cast<int>(ctx_.requestLog.size()));
            object.set("requests", array);
            std::ostringstream out;
            object.stringify(out);
            reply.body = out.str();
            return reply;
        }
        throw HttpError{404, "NOT_FOUND", "no such control resource"};
    }

    static std::vector<std::string> segments(const std::string& path) {
        std::vector<std::string> parts;
        std::string part;
        std::istringstream in(path);
        while (std::getline(in, part, '/'))
            if (!part.empty()) parts.push_back(part);
        return parts;
    }

    Reply route(const std::string& method, const Poco::URI& uri,
                Poco::Net::HTTPServerRequest& request) {
        const auto parts = segments(uri.getPath());
        if (parts.empty() || parts[0] != "api")
            throw HttpError{404, "NOT_FOUND", "no such resource"};
        const auto params = uri.getQueryParameters();
        auto param = [&](const std::string& name) {
            for (const auto& [key, value] : params)
                if (key == name) return value;
            return std::string();
        };
        auto expect = [&](const std::string& allowed) {
            if (method != allowed)
                throw HttpError{405, "METOD", "method not allowed here; use " + allowed};
        };
        const auto n = parts.size();
        if (n == 1) {
            expect("GET");
            Object::Ptr links = new Object;
            links->set("self", link(ctx_.base + "/api"));
            links->set("arende", link(ctx_.base + "/api/arende"));
            links->set("sammantrade", link(ctx_.base + "/api/sammantrade"));
            Object::Ptr body = new Object;
            body->set("_links", links);
            return Reply{200, "application/json; charset=utf-8", stringify(body), {}};
        }
        const auto& kind = parts[1];
        if (kind == "arende") {
            if (n == 2)
                return expect("GET"), listCases(param("$filter"), param("$orderby"), param("$top"),
                                                param("$skip"));
            if (n == 3) return expect("GET"), getCase(parts[2]);
            if (n == 4 && parts[3] == "handling")
                return expect("GET"), listEntries(parts[2], param("$top"), param("$skip"));
            if (n == 4 && parts[3] == "ny-handling")
                return expect("POST"), createEntry(parts[2], jsonBody(request));
        } else if (kind == "handling") {
            if (n == 3 && method == "PATCH") return patchEntry(parts[2], request);
            if (n == 3) return expect("GET"), getEntry(parts[2]);
            if (n == 4 && parts[3] == "dokument")
                return expect("GET"),
                       listDocuments(parts[2], param("$orderby"), param("$top"), param("$skip"));
            if (n == 4 && parts[3] == "ny-dokument")
                return expect("POST"),
                       createDocument(parts[2], jsonBody(request), request.get("If-Match", ""));
        } else if (kind == "dokument") {
            if (n == 3) return expect("GET"), getDocument(parts[2]);
            if (n == 4 && parts[3] == "innehall" && method == "PUT")
                return putContent(parts[2], request);
            if (n == 4 && parts[3] == "innehall") return expect("GET"), getContent(parts[2]);
        } else if (kind == "sammantrade") {
            if (n == 2)
                return expect("GET"), listMeetings(param("$filter"), param("$orderby"),
                                                   param("$top"), param("$skip"));
            if (n == 3) return expect("GET"), getMeeting(parts[2]);
            if (n == 4 && parts[3] == "arendepunkt")
                return expect("GET"), listAgendaItems(parts[2], param("$top"), param("$skip"));
        } else if (kind == "arendepunkt") {
            if (n == 3) return expect("GET"), getAgendaItem(parts[2]);
            if (n == 4 && parts[3] == "ny-bilaga")
                return expect("POST"),
                       createAttachment(parts[2], jsonBody(request), request.get("If-Match", ""));
        }
        throw HttpError{404, "NOT_FOUND", "no such resource: " + uri.getPath()};
    }

    Body jsonBody(Poco::Net::HTTPServerRequest& request) {
        const auto type = request.getContentType();
        if (type.find("application/json") == std::string::npos &&
            type.find("application/merge-patch+json") == std::string::npos)
            throw HttpError{415, "MEDIETYP", "expected application/json"};
        return parseBody(body_);
    }

    // ---- paging ----

    struct Paging {
        int top = kMaxPage;
        long skip = 0;
    };
    static Paging paging(const std::string& top, const std::string& skip) {
        Paging paging;
        try {
            if (!top.empty()) paging.top = std::stoi(top);
            if (!skip.empty()) paging.skip = std::stol(skip);
        } catch (const std::exception&) {
            throw HttpError{400, "FILTER_SYNTAX", "$top and $skip must be integers"};
        }
        if (paging.top < 0 || paging.skip < 0)
            throw HttpError{400, "FILTER_SYNTAX", "$top and $skip must not be negative"};
        paging.top = std::min(paging.top, kMaxPage);
        return paging;
    }

    // {"count", "results", "_links"}; `count` first so that faults can find it.
    std::string listBody(long count, const std::vector<std::string>& items, const std::string& path,
                         const std::string& filter, const std::string& orderBy,
                         const Paging& page) const {
        return listBody(count, items.data(), items.size(), path, filter, orderBy, page);
    }
    std::string listBody(long count, const std::string* items, std::size_t size,
                         const std::string& path, const std::string& filter,
                         const std::string& orderBy, const Paging& page) const {
        auto url = [&](long skip) {
            Poco::URI uri(ctx_.base + path);
            if (!filter.empty()) uri.addQueryParameter("$filter", filter);
            if (!orderBy.empty()) uri.addQueryParameter("$orderby", orderBy);
            uri.addQueryParameter("$top", std::to_string(page.top));
            if (skip > 0) uri.addQueryParameter("$skip", std::to_string(skip));
            return uri.toString();
        };
        std::size_t bytes = 512;
        for (std::size_t i = 0; i < size; ++i) bytes += items[i].size() + 1;
        std::string body;
        body.reserve(bytes);
        body += "{\"count\":" + std::to_string(count);
        if (count > 0) {
            body += ",\"results\":[";
            for (std::size_t i = 0; i < size; ++i) {
                if (i) body += ',';
                body += items[i];
            }
            body += ']';
        }
        body += ",\"_links\":{\"self\":{\"href\":" + quote(url(page.skip)) + "}";
        const long after = page.skip + static_cast<long>(size);
        if (after < count && size > 0) body += ",\"next\":{\"href\":" + quote(url(after)) + "}";
        body += "}}";
        return body;
    }

    static std::string quote(const std::string& text) {
        std::ostringstream out;
        Poco::JSON::Stringifier::formatString(text, out);
        return out.str();
    }

    // ---- cases ----

    static const std::map<std::string, std::string>& caseColumns() {
        static const std::map<std::string, std::string> columns{
            {"diarienummer", "diarienummer"},
            {"arendetyp", "arendetyp"},
            {"klassificering", "klassificering"},
            {"status", "status"},
            {"registreringsdatum", "registreringsdatum"},
            {"avslutad", "avslutad"},
            {"organ", "organ"},
            {"enhet", "enhet"}};
        return columns;
    }

    std::string caseWithLinks(const std::string& id, const std::string& json) const {
        const std::string self = ctx_.base + "/api/arende/" + id;
        return json.substr(0, json.size() - 1) + ",\"_links\":{\"self\":{\"href\":\"" + self +
               "\"},\"handling\":{\"href\":\"" + self +
               "/handling\"},\"ny-handling\":{\"href\":\"" + self + "/ny-handling\"}}}";
    }

    // Every match of a case filter, rendered with its links, in list order.
    // A page is then a slice of this list: no OFFSET walk over the index and no
    // rendering per request, which kept a client paging through 48 500 cases
    // waiting on the server. Cases are never changed through the API, but tests
    // change the file directly (sqlite3), so the cache holds only while the
    // file's data_version stays the same; any commit empties it.
    std::shared_ptr<const std::vector<std::string>> cachedCases(const SqlCondition& condition,
                                                                const std::string& where,
                                                                const std::string& orderClause) {
        std::string key = where + orderClause;
        for (const auto& p : condition.parameters) key += '\x1f' + p;
        const long long version = ctx_.store->dataVersion();
        std::shared_ptr<Context::CaseList> list;
        {
            std::lock_guard lock(ctx_.caseCacheMutex);
            if (version != ctx_.caseCacheVersion) {
                ctx_.caseLists.clear();
                ctx_.caseCacheItems = 0;
                ctx_.caseCacheVersion = version;
            }
            auto& slot = ctx_.caseLists[key];
            if (!slot) slot = std::make_shared<Context::CaseList>();
            list = slot;
        }
        std::lock_guard building(list->building);
        if (list->items) return list->items;

        std::vector<std::string> ids, jsons;
        {
            auto session = ctx_.store->session();
            Poco::Data::Statement statement(session);
            statement << "SELECT id, json FROM arende" + where + orderClause;
            for (const auto& p : condition.parameters) statement, bind(p);
            statement, into(ids), into(jsons);
            statement.execute();
        }
        auto items = std::make_shared<std::vector<std::string>>();
        items->reserve(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i)
            items->push_back(caseWithLinks(ids[i], jsons[i]));
        std::lock_guard lock(ctx_.caseCacheMutex);
        // Kept only if the file did not change meanwhile (else the cache was emptied
        // and this list belongs to no one); bounded, as many date filters would
        // otherwise each keep a copy.
        if (ctx_.caseCacheVersion == version) {
            if (ctx_.caseCacheItems + items->size() > 1000000) {
                ctx_.caseLists.clear();
                ctx_.caseCacheItems = 0;
            }
            ctx_.caseCacheItems += items->size();
            list->items = items;
        }
        return items;
    }

    // The list a filter and an ordering select, from the cache.
    std::shared_ptr<const std::vector<std::string>> caseList(const std::string& filter,
                                                             const std::string& orderBy) {
        const auto condition = parseFilter(filter, caseColumns());
        auto order = parseOrderBy(orderBy, caseColumns());
        if (order.empty() && ctx_.scrambled()) order = ctx_.tieOrder + " ASC";
        if (order.empty()) order = "registreringsdatum ASC";
        const auto direction = order.substr(order.rfind(' ') + 1);
        // Ties broken by insertion order (seq is the rowid), or its shuffled permutation.
        const auto orderClause = " ORDER BY " + order + ", " + ctx_.tieOrder + " " + direction;
        const std::string where = condition.where.empty() ? "" : " WHERE " + condition.where;
        return cachedCases(condition, where, orderClause);
    }

  public:
    // Renders the list of each case type as clients ask for it (one type, the
    // default order), so that not even the first client waits for that.
    void warmCaseLists() {
        std::vector<std::string> types;
        {
            auto session = ctx_.store->session();
            session << "SELECT DISTINCT arendetyp FROM arende", into(types), now;
        }
        for (const auto& type : types) {
            std::string literal = "'";
            for (char c : type) literal += c == '\'' ? std::string("''") : std::string(1, c);
            (void)caseList("arendetyp eq " + literal + "'", "");
        }
    }

  private:
    Reply listCases(const std::string& filter, const std::string& orderBy, const std::string& top,
                    const std::string& skip) {
        const auto cases = caseList(filter, orderBy);
        const auto page = paging(top, skip);
        const auto count = static_cast<long>(cases->size());
        const std::size_t first =
            std::min<std::size_t>(static_cast<std::size_t>(page.skip), cases->size());
        const std::size_t size =
            std::min<std::size_t>(static_cast<std::size_t>(page.top), cases->size() - first);
        return Reply{
            200,
            "application/json; charset=utf-8",
            listBody(count, cases->data() + first, size, "/api/arende", filter, orderBy, page),
            {}};
    }

    Reply getCase(const std::string& id) {
        auto session = ctx_.store->session();
        std::vector<std::string> jsons;
        session << "SELECT json FROM arende WHERE id = ?", bind(id), into(jsons), now;
        if (jsons.empty()) throw HttpError{404, "NOT_FOUND", "no arende " + id};
        Reply reply{200, "application/json; charset=utf-8", caseWithLinks(id, jsons[0]), {}};
        reply.headers["ETag"] = "\"a-" + sha256(jsons[0]).substr(0, 16) + "\"";
        return reply;
    }

    // ---- registry entries ----

    Object::Ptr entryObject(const Poco::Data::RecordSet& rows, std::size_t row) const {
        const auto id = text(rows, "id", row);
        Object::Ptr object = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        object->set("systemId", id);
        object->set("lopnummer", static_cast<int>(integer(rows, "lopnummer", row)));
        object->set("rubrik", text(rows, "rubrik", row));
        object->set("riktning",
                    code(text(rows, "riktning_kode", row), text(rows, "riktning_namn", row)));
        object->set("handlingstyp", code(text(rows, "handlingstyp_kode", row),
                                         text(rows, "handlingstyp_namn", row)));
        object->set("status", code(text(rows, "status_kode", row), text(rows, "status_namn", row)));
        auto nullable = [&](const std::string& key, const std::string& value) {
            if (value.empty())
                object->set(key, Poco::Dynamic::Var());
            else
                object->set(key, value);
        };
        nullable("upprattad", text(rows, "upprattad", row));
        nullable("ankomstdatum", text(rows, "ankomstdatum", row));
        Poco::JSON::Parser parser;
        object->set("avsandare", parser.parse(text(rows, "avsandare", row)));
        parser.reset();
        object->set("mottagare", parser.parse(text(rows, "mottagare", row)));
        const auto secrecy = text(rows, "sekretess", row);
        if (secrecy.empty()) {
            object->set("sekretess", Poco::Dynamic::Var());
        } else {
            Object::Ptr lagrum = new Object;
            lagrum->set("lagrum", secrecy);
            object->set("sekretess", lagrum);
        }
        nullable("externReferens", text(rows, "extern_referens", row));
        const std::string self = ctx_.base + "/api/handling/" + id;
        Object::Ptr links = new Object;
        links->set("self", link(self));
        links->set("dokument", link(self + "/dokument"));
        links->set("ny-dokument", link(self + "/ny-dokument"));
        object->set("_links", links);
        return object;
    }

    static std::string entryEtag(const Poco::Data::RecordSet& rows) {
        return "\"h-" + std::to_string(integer(rows, "version")) + "\"";
    }

    Reply entryReply(Poco::Data::Session& session, const std::string& id, int status) {
        auto rows = query(session, "SELECT * FROM handling WHERE id = ?", {id});
        if (rows.rowCount() == 0) throw HttpError{404, "NOT_FOUND", "no handling " + id};
        Reply reply{status, "application/json; charset=utf-8", stringify(entryObject(rows, 0)), {}};
        reply.headers["ETag"] = entryEtag(rows);
        if (status == 201) reply.headers["Location"] = ctx_.base + "/api/handling/" + id;
        return reply;
    }

    void requireCase(Poco::Data::Session& session, const std::string& caseId) {
        Poco::Int64 found = 0;
        session << "SELECT COUNT(*) FROM arende WHERE id = ?", bind(caseId), into(found), now;
        if (found == 0) throw HttpError{404, "NOT_FOUND", "no arende " + caseId};
    }

    Reply listEntries(const std::string& caseId, const std::string& top, const std::string& skip) {
        auto session = ctx_.store->session();
        requireCase(session, caseId);
        return listRendered(session, "handling", "arende_id", caseId,
                            ctx_.scrambled() ? ctx_.tieOrder : "lopnummer, seq",
                            "/api/arende/" + caseId + "/handling", top, skip,
                            [&](const Poco::Data::RecordSet& rows, std::size_t row) {
                                return stringify(entryObject(rows, row));
                            });
    }

    template <typename Render>
    Reply listRendered(Poco::Data::Session& session, const std::string& table,
                       const std::string& parentColumn, const std::string& parentId,
                       const std::string& order, const std::string& path, const std::string& top,
                       const std::string& skip, Render render) {
        const auto page = paging(top, skip);
        Poco::Int64 count = 0;
        session << "SELECT COUNT(*) FROM " + table + " WHERE " + parentColumn + " = ?",
            bind(parentId), into(count), now;
        std::vector<std::string> items;
        if (page.top > 0 && count > page.skip) {
            auto rows = query(session,
                              "SELECT * FROM " + table + " WHERE " + parentColumn +
                                  " = ? ORDER BY " + order + " LIMIT " + std::to_string(page.top) +
                                  " OFFSET " + std::to_string(page.skip),
                              {parentId});
            for (std::size_t row = 0; row < rows.rowCount(); ++row)
                items.push_back(render(rows, row));
        }
        return Reply{200,
                     "application/json; charset=utf-8",
                     listBody(static_cast<long>(count), items, path, "", "", page),
                     {}};
    }

    Reply getEntry(const std::string& id) {
        auto session = ctx_.store->session();
        return entryReply(session, id, 200);
    }

    Reply createEntry(const std::string& caseId, const Body& body) {
        const auto title = body.string("rubrik");
        const auto direction = body.codeObject("riktning");
        const auto type = body.codeObject("handlingstyp");
        const auto status = body.codeObject("status");
        const auto drawnUp = body.string("upprattad", false);
        const auto received = body.string("ankomstdatum", false);
        if ((!drawnUp.empty() && !isDate(drawnUp)) || (!received.empty() && !isDate(received)))
            throw HttpError{400, "VALIDERING", "upprattad and ankomstdatum must be YYYY-MM-DD"};
        const auto reference = body.string("externReferens", false);
        std::string recipients = "[]", senders = "[]";
        for (auto [key, target] :
             {std::pair{"mottagare", &recipients}, std::pair{"avsandare", &senders}}) {
            if (auto array = body.object->getArray(key)) {
                std::ostringstream out;
                array->stringify(out);
                *target = out.str();
            }
        }
        std::lock_guard lock(ctx_.store->writeMutex());
        auto session = ctx_.store->session();
        requireCase(session, caseId);
        if (!reference.empty()) {
            std::vector<std::string> existing;
            session << "SELECT id FROM handling WHERE arende_id = ? AND extern_referens = ?",
                bind(caseId), bind(reference), into(existing), now;
            if (!existing.empty()) return entryReply(session, existing[0], 200);
        }
        Poco::Int64 number = 0;
        session << "SELECT COALESCE(MAX(lopnummer), 0) + 1 FROM handling WHERE arende_id = ?",
            bind(caseId), into(number), now;
        const std::string id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
        session << "INSERT INTO handling(id, arende_id, lopnummer, rubrik, riktning_kode, "
                   "riktning_namn, "
                   "handlingstyp_kode, handlingstyp_namn, status_kode, status_namn, upprattad, "
                   "ankomstdatum, avsandare, mottagare, sekretess, extern_referens) "
                   "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,'',?)",
            bind(id), bind(caseId), bind(number), bind(title), bind(direction.first),
            bind(direction.second), bind(type.first), bind(type.second), bind(status.first),
            bind(status.second), bind(drawnUp), bind(received), bind(senders), bind(recipients),
            bind(reference), now;
        return entryReply(session, id, 201);
    }

    Reply patchEntry(const std::string& id, Poco::Net::HTTPServerRequest& request) {
        const auto type = request.getContentType();
        if (type.find("application/merge-patch+json") == std::string::npos &&
            type.find("application/json") == std::string::npos)
            throw HttpError{415, "MEDIETYP", "expected application/merge-patch+json"};
        const auto body = parseBody(body_);
        std::lock_guard lock(ctx_.store->writeMutex());
        auto session = ctx_.store->session();
        auto rows = query(session, "SELECT * FROM handling WHERE id = ?", {id});
        if (rows.rowCount() == 0) throw HttpError{404, "NOT_FOUND", "no handling " + id};
        const auto ifMatch = request.get("If-Match", "");
        if (!ifMatch.empty() && ifMatch != "*" && ifMatch != entryEtag(rows))
            throw HttpError{
                412, "ANDRAD",
                "the handling has changed since it was read (ETag " + entryEtag(rows) + ")"};
        std::string title = text(rows, "rubrik"), statusCode = text(rows, "status_kode"),
                    statusName = text(rows, "status_namn");
        for (const auto& key : body.object->getNames()) {
            if (key == "status") {
                std::tie(statusCode, statusName) = body.codeObject("status");
            } else if (key == "rubrik") {
                title = body.string("rubrik");
            } else {
                throw HttpError{400, "VALIDERING", "field '" + key + "' cannot be changed"};
            }
        }
        session << "UPDATE handling SET rubrik = ?, status_kode = ?, status_namn = ?, version = "
                   "version + 1 "
                   "WHERE id = ?",
            bind(title), bind(statusCode), bind(statusName), bind(id), now;
        return entryReply(session, id, 200);
    }

    // ---- documents ----

    Object::Ptr documentObject(const Poco::Data::RecordSet& rows, std::size_t row) const {
        const auto id = text(rows, "id", row);
        Object::Ptr object = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        object->set("systemId", id);
        object->set("dokumentnummer",
                    static_cast<Poco::Int64>(integer(rows, "dokumentnummer", row)));
        object->set("skapad", text(rows, "skapad", row));
        object->set("titel", text(rows, "titel", row));
        object->set("filnamn", text(rows, "filnamn", row));
        object->set("mimetyp", text(rows, "mimetyp", row));
        object->set("storlek", static_cast<Poco::Int64>(integer(rows, "storlek", row)));
        object->set("checksumma", text(rows, "checksumma", row));
        object->set("checksummaMetod", text(rows, "metod", row));
        object->set("variant",
                    code(text(rows, "variant_kode", row), text(rows, "variant_namn", row)));
        Object::Ptr links = new Object;
        links->set("self", link(ctx_.base + "/api/dokument/" + id));
        links->set("innehall", link(ctx_.base + "/api/dokument/" + id + "/innehall"));
        object->set("_links", links);
        return object;
    }

    static constexpr const char* kDocumentColumns =
        "id, handling_id, titel, filnamn, mimetyp, storlek, checksumma, metod, variant_kode, "
        "variant_namn, dokumentnummer, skapad";

    Reply documentReply(Poco::Data::Session& session, const std::string& id, int status) {
        auto rows =
            query(session,
                  std::string("SELECT ") + kDocumentColumns + " FROM dokument WHERE id = ?", {id});
        if (rows.rowCount() == 0) throw HttpError{404, "NOT_FOUND", "no dokument " + id};
        Reply reply{
            status, "application/json; charset=utf-8", stringify(documentObject(rows, 0)), {}};
        reply.headers["ETag"] = "\"d-" + text(rows, "checksumma").substr(0, 16) + "\"";
        if (status == 201) reply.headers["Location"] = ctx_.base + "/api/dokument/" + id;
        return reply;
    }

    Reply listDocuments(const std::string& entryId, const std::string& orderBy,
                        const std::string& top, const std::string& skip) {
        static const std::map<std::string, std::string> columns{
            {"dokumentnummer", "dokumentnummer"}, {"skapad", "skapad"}};
        const auto order = parseOrderBy(orderBy, columns);
        auto session = ctx_.store->session();
        Poco::Int64 found = 0;
        session << "SELECT COUNT(*) FROM handling WHERE id = ?", bind(entryId), into(found), now;
        if (found == 0) throw HttpError{404, "NOT_FOUND", "no handling " + entryId};
        const auto page = paging(top, skip);
        Poco::Int64 count = 0;
        session << "SELECT COUNT(*) FROM dokument WHERE handling_id = ?", bind(entryId),
            into(count), now;
        std::vector<std::string> items;
        if (page.top > 0 && count > page.skip) {
            auto rows = query(session,
                              std::string("SELECT ") + kDocumentColumns +
                                  " FROM dokument WHERE handling_id = ? ORDER BY " +
                                  (order.empty() ? "" : order + ", ") + ctx_.tieOrder + " LIMIT " +
                                  std::to_string(page.top) + " OFFSET " + std::to_string(page.skip),
                              {entryId});
            for (std::size_t row = 0; row < rows.rowCount(); ++row)
                items.push_back(stringify(documentObject(rows, row)));
        }
        return Reply{200,
                     "application/json; charset=utf-8",
                     listBody(static_cast<long>(count), items,
                              "/api/handling/" + entryId + "/dokument", "", orderBy, page),
                     {}};
    }

    Reply getDocument(const std::string& id) {
        auto session = ctx_.store->session();
        return documentReply(session, id, 200);
    }

    Reply createDocument(const std::string& entryId, const Body& body, const std::string& ifMatch) {
        const auto title = body.string("titel", false);
        const auto fileName = body.string("filnamn");
        const auto mimeType = body.string("mimetyp");
        if (!body.object->has("storlek") || !body.object->get("storlek").isInteger())
            throw HttpError{400, "VALIDERING", "field 'storlek' must be an integer"};
        const Poco::Int64 size = body.object->getValue<Poco::Int64>("storlek");
        auto checksum = body.string("checksumma");
        for (auto& c : checksum) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto method = body.string("checksummaMetod", false);
        const auto variant = body.codeObject("variant");
        if (size < 0 || checksum.size() != 64 ||
            checksum.find_first_not_of("0123456789abcdef") != std::string::npos)
            throw HttpError{400, "VALIDERING", "storlek must be >= 0 and checksumma 64 hex digits"};
        if (!method.empty() && method != "SHA-256")
            throw HttpError{400, "VALIDERING", "checksummaMetod must be SHA-256"};
        if (size > ctx_.options.maxBodyBytes)
            throw HttpError{413, "FOR_STOR",
                            "documents over " + std::to_string(ctx_.options.maxBodyBytes) +
                                " bytes are not accepted"};
        std::lock_guard lock(ctx_.store->writeMutex());
        auto session = ctx_.store->session();
        auto entry = query(session, "SELECT version FROM handling WHERE id = ?", {entryId});
        if (entry.rowCount() == 0) throw HttpError{404, "NOT_FOUND", "no handling " + entryId};
        std::vector<std::string> existing;
        session
            << "SELECT id FROM dokument WHERE handling_id = ? AND filnamn = ? AND checksumma = ?",
            bind(entryId), bind(fileName), bind(checksum), into(existing), now;
        if (!existing.empty()) return documentReply(session, existing[0], 200);
        // Adding a document changes the handling's ETag; a writer that read an older one loses.
        if (!ifMatch.empty() && ifMatch != "*" && ifMatch != entryEtag(entry))
            throw HttpError{
                412, "ANDRAD",
                "the handling has changed since it was read (ETag " + entryEtag(entry) + ")"};
        const std::string id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
        Poco::Int64 number = 0;
        session
            << "SELECT COALESCE(MAX(dokumentnummer), 0) + 1 FROM dokument WHERE handling_id = ?",
            bind(entryId), into(number), now;
        const std::string created =
            Poco::DateTimeFormatter::format(Poco::LocalDateTime(), "%Y-%m-%dT%H:%M:%S%z");
        session << "INSERT INTO dokument(id, handling_id, titel, filnamn, mimetyp, storlek, "
                   "checksumma, metod, variant_kode, variant_namn, innehall, dokumentnummer, "
                   "skapad) VALUES(?,?,?,?,?,?,?,'SHA-256',?,?,NULL,?,?)",
            bind(id), bind(entryId), bind(title), bind(fileName), bind(mimeType), bind(size),
            bind(checksum), bind(variant.first), bind(variant.second), bind(number), bind(created),
            now;
        session << "UPDATE handling SET version = version + 1 WHERE id = ?", bind(entryId), now;
        return documentReply(session, id, 201);
    }

    Reply putContent(const std::string& id, Poco::Net::HTTPServerRequest& request) {
        std::string mime, checksum;
        Poco::Int64 size = -1;
        {
            auto session = ctx_.store->session();
            std::vector<std::string> checksums, mimes;
            std::vector<Poco::Int64> sizes;
            session << "SELECT checksumma, mimetyp, storlek FROM dokument WHERE id = ?", bind(id),
                into(checksums), into(mimes), into(sizes), now;
            if (checksums.empty()) throw HttpError{404, "NOT_FOUND", "no dokument " + id};
            checksum = checksums[0];
            mime = mimes[0];
            size = sizes[0];
        }
        const auto& content = body_;
        if (static_cast<Poco::Int64>(content.size()) != size || sha256(content) != checksum)
            throw HttpError{400, "CHECKSUMMA",
                            "content of " + std::to_string(content.size()) +
                                " bytes does not match storlek " + std::to_string(size) +
                                " and checksumma"};
        std::lock_guard lock(ctx_.store->writeMutex());
        auto session = ctx_.store->session();
        Poco::Data::BLOB blob(reinterpret_cast<const unsigned char*>(content.data()),
                              content.size());
        session << "UPDATE dokument SET innehall = ? WHERE id = ?", useRef(blob), bind(id), now;
        return Reply{204, "", "", {}};
    }

    Reply getContent(const std::string& id) {
        auto session = ctx_.store->session();
        std::vector<std::string> mimes;
        std::vector<int> present;
        session << "SELECT mimetyp, innehall IS NOT NULL FROM dokument WHERE id = ?", bind(id),
            into(mimes), into(present), now;
        if (mimes.empty()) throw HttpError{404, "NOT_FOUND", "no dokument " + id};
        if (!present[0]) throw HttpError{404, "INNEHALL_SAKNAS", "the dokument has no content yet"};
        Poco::Data::BLOB blob;
        session << "SELECT innehall FROM dokument WHERE id = ?", bind(id), into(blob), now;
        return Reply{200,
                     mimes[0],
                     std::string(reinterpret_cast<const char*>(blob.rawContent()), blob.size()),
                     {}};
    }

    // ---- meetings and agenda items ----

    static const std::map<std::string, std::string>& meetingColumns() {
        static const std::map<std::string, std::string> columns{
            {"organ", "organ"},
            {"sammantradesdatum", "sammantradesdatum"},
            {"status", "status_kode"}};
        return columns;
    }

    Object::Ptr meetingObject(const Poco::Data::RecordSet& rows, std::size_t row) const {
        const auto id = text(rows, "id", row);
        Object::Ptr object = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        object->set("systemId", id);
        object->set("organ", text(rows, "organ", row));
        object->set("sammantradesdatum", text(rows, "sammantradesdatum", row));
        object->set("plats", text(rows, "plats", row));
        object->set("status", code(text(rows, "status_kode", row), text(rows, "status_namn", row)));
        Object::Ptr links = new Object;
        links->set("self", link(ctx_.base + "/api/sammantrade/" + id));
        links->set("arendepunkt", link(ctx_.base + "/api/sammantrade/" + id + "/arendepunkt"));
        object->set("_links", links);
        return object;
    }

    Reply listMeetings(const std::string& filter, const std::string& orderBy,
                       const std::string& top, const std::string& skip) {
        const auto condition = parseFilter(filter, meetingColumns());
        const auto order = parseOrderBy(orderBy, meetingColumns());
        const auto page = paging(top, skip);
        const std::string where = condition.where.empty() ? "" : " WHERE " + condition.where;
        auto session = ctx_.store->session();
        Poco::Int64 count = 0;
        {
            Poco::Data::Statement statement(session);
            statement << "SELECT COUNT(*) FROM sammantrade" + where;
            for (const auto& p : condition.parameters) statement, bind(p);
            statement, into(count);
            statement.execute();
        }
        std::vector<std::string> items;
        if (page.top > 0 && count > page.skip) {
            auto rows = query(session,
                              "SELECT * FROM sammantrade" + where + " ORDER BY " +
                                  (order.empty() ? "" : order + ", ") + ctx_.tieOrder + " LIMIT " +
                                  std::to_string(page.top) + " OFFSET " + std::to_string(page.skip),
                              condition.parameters);
            for (std::size_t row = 0; row < rows.rowCount(); ++row)
                items.push_back(stringify(meetingObject(rows, row)));
        }
        return Reply{
            200,
            "application/json; charset=utf-8",
            listBody(static_cast<long>(count), items, "/api/sammantrade", filter, orderBy, page),
            {}};
    }

    Reply getMeeting(const std::string& id) {
        auto session = ctx_.store->session();
        auto rows = query(session, "SELECT * FROM sammantrade WHERE id = ?", {id});
        if (rows.rowCount() == 0) throw HttpError{404, "NOT_FOUND", "no sammantrade " + id};
        Reply reply{200, "application/json; charset=utf-8", stringify(meetingObject(rows, 0)), {}};
        reply.headers["ETag"] = "\"s-" + text(rows, "status_kode") + "\"";
        return reply;
    }

    Object::Ptr agendaItemObject(Poco::Data::Session& session, const Poco::Data::RecordSet& rows,
                                 std::size_t row) const {
        const auto id = text(rows, "id", row);
        Object::Ptr object = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        object->set("systemId", id);
        object->set("punkt", static_cast<int>(integer(rows, "punkt", row)));
        const auto paragraph = integer(rows, "paragraf", row);
        if (paragraph > 0)
            object->set("paragraf", static_cast<int>(paragraph));
        else
            object->set("paragraf", Poco::Dynamic::Var());
        object->set("rubrik", text(rows, "rubrik", row));
        for (auto [key, column] :
             {std::pair{"diarienummer", "diarienummer"}, std::pair{"arendeId", "arende_id"}}) {
            const auto value = text(rows, column, row);
            if (value.empty())
                object->set(key, Poco::Dynamic::Var());
            else
                object->set(key, value);
        }
        std::vector<std::string> documents, titles;
        session << "SELECT dokument_id, titel FROM bilaga WHERE arendepunkt_id = ? ORDER BY " +
                       ctx_.tieOrder,
            bind(id), into(documents), into(titles), now;
        Array::Ptr attachments = new Array;
        for (std::size_t i = 0; i < documents.size(); ++i) {
            Object::Ptr attachment = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            attachment->set("dokumentId", documents[i]);
            attachment->set("titel", titles[i]);
            attachments->add(attachment);
        }
        object->set("bilagor", attachments);
        Object::Ptr links = new Object;
        links->set("self", link(ctx_.base + "/api/arendepunkt/" + id));
        links->set("ny-bilaga", link(ctx_.base + "/api/arendepunkt/" + id + "/ny-bilaga"));
        object->set("_links", links);
        return object;
    }

    Reply listAgendaItems(const std::string& meetingId, const std::string& top,
                          const std::string& skip) {
        auto session = ctx_.store->session();
        Poco::Int64 found = 0;
        session << "SELECT COUNT(*) FROM sammantrade WHERE id = ?", bind(meetingId), into(found),
            now;
        if (found == 0) throw HttpError{404, "NOT_FOUND", "no sammantrade " + meetingId};
        return listRendered(session, "arendepunkt", "sammantrade_id", meetingId,
                            ctx_.scrambled() ? ctx_.tieOrder : "punkt, seq",
                            "/api/sammantrade/" + meetingId + "/arendepunkt", top, skip,
                            [&](const Poco::Data::RecordSet& rows, std::size_t row) {
                                return stringify(agendaItemObject(session, rows, row));
                            });
    }

    // An agenda item's version: its JSON (attachments included) and its meeting's status.
    static std::string agendaItemEtag(const std::string& json, const std::string& meetingStatus) {
        return "\"p-" + sha256(json + "|" + meetingStatus).substr(0, 16) + "\"";
    }

    std::string meetingStatusOf(Poco::Data::Session& session, const std::string& itemId) {
        std::vector<std::string> statuses;
        session << "SELECT s.status_kode FROM arendepunkt p JOIN sammantrade s ON s.id = "
                   "p.sammantrade_id WHERE p.id = ?",
            bind(itemId), into(statuses), now;
        if (statuses.empty()) throw HttpError{404, "NOT_FOUND", "no arendepunkt " + itemId};
        return statuses[0];
    }

    Reply agendaItemReply(Poco::Data::Session& session, const std::string& id, int status) {
        auto rows = query(session, "SELECT * FROM arendepunkt WHERE id = ?", {id});
        if (rows.rowCount() == 0) throw HttpError{404, "NOT_FOUND", "no arendepunkt " + id};
        Reply reply{status,
                    "application/json; charset=utf-8",
                    stringify(agendaItemObject(session, rows, 0)),
                    {}};
        reply.headers["ETag"] = agendaItemEtag(reply.body, meetingStatusOf(session, id));
        return reply;
    }

    Reply getAgendaItem(const std::string& id) {
        auto session = ctx_.store->session();
        return agendaItemReply(session, id, 200);
    }

    Reply createAttachment(const std::string& itemId, const Body& body,
                           const std::string& ifMatch) {
        const auto documentId = body.string("dokumentId");
        std::lock_guard lock(ctx_.store->writeMutex());
        auto session = ctx_.store->session();
        const auto meetingStatus = meetingStatusOf(session, itemId);
        if (meetingStatus == "PUBLICERAT" || meetingStatus == "GENOMFORT")
            throw HttpError{409, "DAGORDNING_LAST",
                            "the meeting's agenda is " + meetingStatus + " and locked"};
        std::vector<std::string> titles;
        session << "SELECT titel FROM dokument WHERE id = ?", bind(documentId), into(titles), now;
        if (titles.empty()) throw HttpError{400, "DOKUMENT_SAKNAS", "no dokument " + documentId};
        Poco::Int64 linked = 0;
        session << "SELECT COUNT(*) FROM bilaga WHERE arendepunkt_id = ? AND dokument_id = ?",
            bind(itemId), bind(documentId), into(linked), now;
        if (linked > 0) return agendaItemReply(session, itemId, 200);
        // Linking changes the item's ETag; a writer that read an older one loses.
        if (!ifMatch.empty() && ifMatch != "*") {
            const auto current = agendaItemReply(session, itemId, 200).headers.at("ETag");
            if (ifMatch != current)
                throw HttpError{412, "ANDRAD",
                                "the arendepunkt has changed since it was read (ETag " + current +
                                    ")"};
        }
        session << "INSERT INTO bilaga(arendepunkt_id, dokument_id, titel) VALUES(?,?,?)",
            bind(itemId), bind(documentId), bind(titles[0]), now;
        return agendaItemReply(session, itemId, 201);
    }

    Context& ctx_;
    std::string body_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
  public:
    explicit Factory(Context& context) : ctx_(context) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
        return new Handler(ctx_);
    }

  private:
    Context& ctx_;
};

}  // namespace

int serve(const ServerOptions& options) {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // inherited by every thread; waited for below

    Store store(options.database, options.threads + 2);
    Context context;
    if (options.reverseLists) {
        context.tieOrder = "(-seq)";
    } else if (options.shuffleLists) {
        std::uint64_t salt = options.shuffleSalt;
        if (salt == 0) salt = std::random_device{}();
        // The salt picks the multiplier as well as the offset, both mixed (splitmix64's
        // finaliser): with a plain offset, every salt gave a rotation of one cyclic order, and
        // a short list (an entry's three documents) came in only three of its six orders. Any
        // multiplier that is not a multiple of the prime gives a permutation; seq * multiplier
        // fits in 64 bits.
        constexpr std::uint64_t kPrime = 4294967311ULL;
        const auto mix = [](std::uint64_t x) {
            x += 0x9E3779B97F4A7C15ULL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
            return x ^ (x >> 31);
        };
        const std::uint64_t mixed = mix(salt);
        const std::uint64_t multiplier = 1 + mixed % (kPrime - 1);
        const std::uint64_t offset = mix(mixed) % kPrime;
        context.tieOrder = "((seq * " + std::to_string(multiplier) + " + " +
                           std::to_string(offset) + ") % " + std::to_string(kPrime) + ")";
    }
    context.options = options;
    if (context.options.tokens.empty()) {
        context.options.tokens[kDemoReadToken] = "read";
        context.options.tokens[kDemoWriteToken] = "write";
    }
    context.store = &store;

    const Poco::Net::SocketAddress address("127.0.0.1", static_cast<Poco::UInt16>(options.port));
    const bool tls = !options.tlsCertificate.empty() && !options.tlsKey.empty();
    Poco::Net::ServerSocket socket;
    if (tls) {
        Poco::Net::initializeSSL();
        Poco::Net::Context::Ptr tlsContext =
            new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, options.tlsKey,
                                   options.tlsCertificate, "", Poco::Net::Context::VERIFY_NONE);
        socket = Poco::Net::SecureServerSocket(address, 64, tlsContext);
    } else {
        socket = Poco::Net::ServerSocket(address);
    }
    const auto port = socket.address().port();
    context.base = std::string(tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port);

    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(options.threads);
    params->setMaxQueued(256);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(0);
    params->setKeepAliveTimeout(Poco::Timespan(30, 0));
    Poco::ThreadPool pool(2, options.threads + 1);
    Poco::Net::HTTPServer server(new Factory(context), pool, socket, params);
    // Cases never change through the API: render the lists clients ask for
    // before answering anyone (a benchmark's first fetch is then no different
    // from its second; at scale 1 this takes milliseconds).
    try {
        Handler(context).warmCaseLists();
    } catch (const std::exception& error) {
        std::cerr << "reference-registry: warming the case lists: " << error.what() << "\n";
    }
    server.start();
    std::cout << context.base << std::endl;
    if (options.reverseLists)
        std::cerr << "reference-registry: lists in reverse insertion order\n";
    else if (options.shuffleLists)
        std::cerr << "reference-registry: lists in shuffled order (" << context.tieOrder << ")\n";
    std::cerr << "reference-registry: serving " << options.database << " on " << context.base
              << (options.testMode ? " (test mode: /_control/faults enabled)" : "") << std::endl;

    int received = 0;
    sigwait(&signals, &received);
    std::cerr << "reference-registry: stopping" << std::endl;
    server.stopAll(true);
    pool.joinAll();
    return 0;
}

}  // namespace reference_registry
