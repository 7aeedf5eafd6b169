#include "registry/http_connection.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Net/AcceptCertificateHandler.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "registry/registry_error.h"

namespace committee_report::registry {
namespace {

Poco::Logger& logger() { return Poco::Logger::get("committee_report.registry"); }

// OpenSSL and Poco's SSLManager are process-wide; certificate failures must be
// rejected (not asked about on a console), whatever context a session uses.
void initializeTls() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Net::initializeSSL();
        Poco::Net::Context::Ptr context = new Poco::Net::Context(
            Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_STRICT, 9, true);
        Poco::Net::SSLManager::instance().initializeClient(
            nullptr, new Poco::Net::RejectCertificateHandler(false), context);
    });
}

std::string seconds(std::chrono::milliseconds duration) {
    const auto ms = duration.count();
    if (ms % 1000 == 0) return std::to_string(ms / 1000);
    std::string text = std::to_string(ms / 1000) + "," + std::to_string((ms % 1000) / 100);
    return text;
}

// Aborts the session's socket when the request's deadline passes or the run is
// cancelled, so that a registry sending one byte a second, or a Ctrl-C, ends the
// wait: the blocked read then fails and send() reports why.
class Watchdog {
  public:
    Watchdog(Poco::Net::HTTPClientSession& session, std::chrono::milliseconds deadline,
             const std::function<bool()>& cancelled)
        : thread_([this, &session, deadline, cancelled] {
              const auto end = std::chrono::steady_clock::now() + deadline;
              std::unique_lock lock(mutex_);
              while (!done_) {
                  if (cancelled && cancelled()) {
                      fired_ = ErrorKind::Cancelled;
                  } else if (std::chrono::steady_clock::now() >= end) {
                      fired_ = ErrorKind::Timeout;
                  } else {
                      wake_.wait_until(lock, std::min(end, std::chrono::steady_clock::now() +
                                                               std::chrono::milliseconds(100)));
                      continue;
                  }
                  // A socket not (or no longer) open cannot be aborted, and abort() throws
                  // for it; uncaught here it ended the whole process. An abort that lands
                  // before the session connects is undone by the session connecting on its
                  // own, so the watchdog keeps aborting until the request is over.
                  try {
                      session.abort();
                  } catch (const Poco::Exception&) {
                  }
                  wake_.wait_for(lock, std::chrono::milliseconds(20));
              }
          }) {}
    ~Watchdog() { stop(); }
    // Stops watching; returns what made it abort the request, if anything.
    std::optional<ErrorKind> stop() {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        wake_.notify_all();
        if (thread_.joinable()) thread_.join();
        return fired_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable wake_;
    bool done_ = false;
    std::optional<ErrorKind> fired_;
    std::thread thread_;  // last: started once the members above exist
};

}  // namespace

HttpConnection::HttpConnection(ConnectionSettings settings, std::string token)
    : settings_(std::move(settings)), authorization_("Bearer " + std::move(token)) {}

HttpConnection::~HttpConnection() = default;

void HttpConnection::open() {
    if (settings_.scheme == "https") {
        initializeTls();
        using Poco::Net::Context;
        if (!settings_.verifyCertificate) {
            logger().warning(
                "TLS certificate verification of the registry is switched off by configuration "
                "(verify-certificate=false); use this for testing only");
        }
        // STRICT, not RELAXED: Poco skips the host-name check for loopback addresses
        // under RELAXED; the name is checked everywhere unless verify-certificate=false.
        const auto mode =
            settings_.verifyCertificate ? Context::VERIFY_STRICT : Context::VERIFY_NONE;
        const std::string ca = settings_.caFile ? settings_.caFile->string() : std::string();
        Context::Ptr context = new Context(Context::TLS_CLIENT_USE, ca, mode, 9, ca.empty());
        session_ = std::make_unique<Poco::Net::HTTPSClientSession>(settings_.host, settings_.port,
                                                                   context);
    } else {
        session_ = std::make_unique<Poco::Net::HTTPClientSession>(settings_.host, settings_.port);
    }
    session_->setKeepAlive(true);
    used_ = false;
}

void HttpConnection::close() {
    session_.reset();
    used_ = false;
}

HttpResponse HttpConnection::send(const HttpRequest& request,
                                  std::chrono::milliseconds connectTimeout,
                                  std::chrono::milliseconds readTimeout) {
    const std::string what = request.method + " " + request.target;
    for (int round = 0; round < 2; ++round) {
        // A run already cancelled does not start a request (the watchdog could only abort a
        // socket once it is open).
        if (settings_.cancelled && settings_.cancelled())
            throw RegistryError(ErrorKind::Cancelled, "Åtgärden avbröts.",
                                what + ": cancelled before the request was sent");
        if (!session_) open();
        const bool reused = used_;
        session_->setTimeout(Poco::Timespan(connectTimeout.count() * 1000),
                             Poco::Timespan(readTimeout.count() * 1000),
                             Poco::Timespan(readTimeout.count() * 1000));
        Watchdog watchdog(*session_, settings_.requestDeadline, settings_.cancelled);
        // What the watchdog did explains any failure of the attempt.
        auto aborted = [&]() -> std::optional<RegistryError> {
            const auto fired = watchdog.stop();
            if (!fired) return std::nullopt;
            close();
            if (*fired == ErrorKind::Cancelled)
                return RegistryError(ErrorKind::Cancelled, "Åtgärden avbröts.",
                                     what + ": cancelled while waiting on the registry");
            return RegistryError(
                ErrorKind::Timeout,
                "Diariet skickade inte hela svaret inom " + seconds(settings_.requestDeadline) +
                    " sekunder; försök igen senare eller kontakta "
                    "administratören.",
                what + ": request deadline of " + seconds(settings_.requestDeadline) + " s passed");
        };
        try {
            auto response = attempt(request, reused);
            if (auto error = aborted()) throw *error;
            return response;
        } catch (const RegistryError&) {
            if (auto reason = aborted()) throw *reason;
            close();
            throw;
        } catch (...) {
            if (auto reason = aborted()) throw *reason;
            try {
                throw;
            } catch (const Stale&) {
                close();
                logger().debug(
                    "keep-alive connection was closed by the registry; reconnecting for " + what);
                continue;
            } catch (const Poco::TimeoutException& error) {
                close();
                throw RegistryError(
                    ErrorKind::Timeout,
                    "Diariet svarade inte inom " + seconds(readTimeout) +
                        " sekunder; försök igen senare eller kontakta administratören.",
                    what + ": timeout: " + error.displayText());
            } catch (const Poco::Net::SSLException& error) {
                close();
                throw RegistryError(
                    ErrorKind::Certificate,
                    "Den säkra förbindelsen med diariet (" + settings_.host +
                        ") kunde inte upprättas; certifikatet kunde inte verifieras. "
                        "Kontakta administratören.",
                    what + ": TLS failure: " + error.displayText());
            } catch (const Poco::Exception& error) {
                close();
                throw RegistryError(
                    ErrorKind::Unreachable,
                    "Diariet (" + settings_.host +
                        ") kunde inte nås. Försök igen senare; kvarstår felet, kontakta "
                        "administratören.",
                    what + ": connection failed: " + error.displayText());
            } catch (const std::ios_base::failure& error) {
                close();
                throw RegistryError(
                    ErrorKind::Unreachable,
                    "Förbindelsen med diariet (" + settings_.host + ") bröts. Försök igen senare.",
                    what + ": I/O failure: " + error.what());
            }
        }
    }
    throw RegistryError(ErrorKind::Unreachable,
                        "Diariet (" + settings_.host +
                            ") stänger förbindelsen direkt. Försök igen "
                            "senare; kvarstår felet, kontakta administratören.",
                        what + ": connection closed twice before an answer");
}

HttpResponse HttpConnection::attempt(const HttpRequest& request, bool reused) {
    using Poco::Net::HTTPMessage;
    Poco::Net::HTTPRequest httpRequest(request.method, request.target, HTTPMessage::HTTP_1_1);
    httpRequest.setKeepAlive(true);
    httpRequest.set("Authorization", authorization_);
    httpRequest.set("Accept", request.accept);
    if (!request.ifMatch.empty()) httpRequest.set("If-Match", request.ifMatch);
    const bool hasBody =
        request.method == "POST" || request.method == "PUT" || request.method == "PATCH";
    if (hasBody) {
        httpRequest.setContentType(request.contentType);
        httpRequest.setContentLength(static_cast<std::streamsize>(request.body.size()));
    }
    used_ = true;
    Poco::Net::HTTPResponse response;
    std::istream* in = nullptr;
    try {
        std::ostream& out = session_->sendRequest(httpRequest);
        if (hasBody) {
            out.exceptions(std::ios::badbit);
            out.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));
            out.flush();
        }
        in = &session_->receiveResponse(response);
    } catch (const Poco::Net::NoMessageException&) {
        if (reused) throw Stale{};
        throw;
    } catch (const Poco::Net::ConnectionResetException&) {
        if (reused) throw Stale{};
        throw;
    } catch (const Poco::Net::ConnectionAbortedException&) {
        if (reused) throw Stale{};
        throw;
    }

    HttpResponse result;
    result.status = static_cast<int>(response.getStatus());
    result.etag = response.get("ETag", "");
    result.retryAfter = response.get("Retry-After", "");
    result.contentType = response.getContentType();

    const auto expected = response.getContentLength64();
    const std::string what = request.method + " " + request.target;
    // Document bytes fall under max-response-bytes, any other (JSON) answer under
    // max-json-response-bytes: the message names the setting an administrator would raise.
    const bool document = request.accept != "application/json";
    const auto limit = document ? settings_.maxResponseBytes : settings_.maxJsonResponseBytes;
    const std::string setting = document ? "max-response-bytes" : "max-json-response-bytes";
    auto tooLarge = [&](std::int64_t size) {
        return RegistryError(ErrorKind::TooLarge,
                             std::string(document ? "Filen" : "Svaret") +
                                 " från diariet är större än tillåtna " + std::to_string(limit) +
                                 " byte och togs inte emot. Kontakta administratören " +
                                 "(gränsen är " + setting + " i konfigurationen).",
                             what + ": response body of " + std::to_string(size) +
                                 " bytes or more exceeds " + setting + " " + std::to_string(limit),
                             result.status);
    };
    if (expected != HTTPMessage::UNKNOWN_CONTENT_LENGTH && expected > limit)
        throw tooLarge(expected);
    if (expected > 0) result.body.reserve(static_cast<std::size_t>(expected));
    in->exceptions(std::ios::badbit);
    char buffer[64 * 1024];
    while (in->read(buffer, sizeof buffer) || in->gcount() > 0) {
        result.body.append(buffer, static_cast<std::size_t>(in->gcount()));
        if (static_cast<std::int64_t>(result.body.size()) > limit)
            throw tooLarge(static_cast<std::int64_t>(result.body.size()));
    }
    if (expected != HTTPMessage::UNKNOWN_CONTENT_LENGTH &&
        static_cast<std::int64_t>(result.body.size()) != expected) {
        throw RegistryError(ErrorKind::Unreachable,
                            "Förbindelsen med diariet bröts mitt i ett svar. Försök igen senare.",
                            what + ": connection dropped after " +
                                std::to_string(result.body.size()) + " of " +
                                std::to_string(expected) + " bytes",
                            result.status);
    }
    if (!response.getKeepAlive()) close();
    return result;
}

}  // namespace committee_report::registry
