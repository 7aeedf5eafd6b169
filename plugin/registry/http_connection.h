// One keep-alive HTTP(S) connection to the registry: sends a request with the
// bearer token, reads the whole answer within a size limit, and turns transport
// failures into RegistryError (Unreachable, Timeout, TooLarge). No retries here.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace Poco::Net {
class HTTPClientSession;
}

namespace committee_report::registry {

struct HttpRequest {
    std::string method;  // GET, POST, PUT, PATCH
    std::string target;  // path and query, e.g. /api/arende?%24top=100
    std::string contentType;
    std::string body;
    std::string ifMatch;
    std::string accept = "application/json";  // "*/*" for document bytes
};

struct HttpResponse {
    int status = 0;
    std::string body;
    std::string etag;
    std::string retryAfter;
    std::string contentType;
};

struct ConnectionSettings {
    std::string scheme;  // http or https
    std::string host;
    std::uint16_t port = 0;
    std::optional<std::filesystem::path> caFile;
    bool verifyCertificate = true;
    // A larger answer is refused (ErrorKind::TooLarge) as soon as that is known: at its
    // Content-Length, or while it is read; never read whole. Document bytes (any Accept but
    // JSON) fall under the first, JSON answers, which take about five times their size to
    // read, under the second.
    std::int64_t maxResponseBytes = 64 * 1024 * 1024;
    std::int64_t maxJsonResponseBytes = 8 * 1024 * 1024;
    // One attempt, from connect to the last byte, however slowly the bytes come.
    std::chrono::milliseconds requestDeadline{60000};
    // Polled while a request waits; true aborts it (ErrorKind::Cancelled).
    std::function<bool()> cancelled;
};

class HttpConnection {
  public:
    HttpConnection(ConnectionSettings settings, std::string token);
    ~HttpConnection();
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    // Throws RegistryError(Unreachable | Timeout | TooLarge). A failure on a
    // reused keep-alive connection before any answer arrived (the server had
    // closed it) is retried once on a fresh connection.
    [[nodiscard]] HttpResponse send(const HttpRequest& request,
                                    std::chrono::milliseconds connectTimeout,
                                    std::chrono::milliseconds readTimeout);

  private:
    struct Stale {};
    HttpResponse attempt(const HttpRequest& request, bool reused);
    void open();
    void close();

    ConnectionSettings settings_;
    std::string authorization_;
    std::unique_ptr<Poco::Net::HTTPClientSession> session_;
    bool used_ = false;
};

}  // namespace committee_report::registry
