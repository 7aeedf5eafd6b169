// The HTTP service on a loopback port for a test, with a client token and a launch
// secret in owner-only files, and a small HTTP client speaking to it.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "http_service.h"
#include "scratch_directory.h"
#include "signed_link.h"

namespace committee_report::tests {

inline constexpr const char* kToken = "dms-test-token-0123456789abcdef";
inline constexpr const char* kSecret = "launch-secret-for-tests-0123456789abcdef";

struct HttpAnswer {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;
    [[nodiscard]] Poco::JSON::Object::Ptr json() const {
        Poco::JSON::Parser parser;
        return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    }
    [[nodiscard]] std::string errorCode() const {
        return json()->getObject("fel")->getValue<std::string>("kod");
    }
    [[nodiscard]] std::string errorMessage() const {
        return json()->getObject("fel")->getValue<std::string>("meddelande");
    }
};

// One request on `session` as a DMS sends it (bearer token, JSON body), the whole answer read.
inline HttpAnswer exchange(Poco::Net::HTTPClientSession& session, const std::string& method,
                           const std::string& path, const std::string& body,
                           std::map<std::string, std::string> headers, const std::string& token) {
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!token.empty()) request.set("Authorization", std::string("Bearer ") + token);
    if (!body.empty() && !headers.count("Content-Type")) headers["Content-Type"] = "application/json";
    for (const auto& [name, value] : headers) request.set(name, value);
    if (!body.empty() || method == "POST")
        request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    auto& in = session.receiveResponse(response);
    HttpAnswer answer;
    answer.status = response.getStatus();
    for (const auto& [name, value] : response) answer.headers[name] = value;
    Poco::StreamCopier::copyToString(in, answer.body);
    return answer;
}

inline void writeOwnerOnly(const std::filesystem::path& file, const std::string& text) {
    std::ofstream(file) << text;
    ::chmod(file.c_str(), 0600);
}

class ServiceFixture {
  public:
    explicit ServiceFixture(config::ServiceSettings settings = {},
                            const std::string& configurationFile = "fake.xml") {
        settings.listen = "127.0.0.1:0";
        writeOwnerOnly(scratch.path() / "tokens", std::string("# test clients\ndms ") + kToken +
                                                      "\nother other-client-token-987654321\n");
        writeOwnerOnly(scratch.path() / "secret", std::string(kSecret) + "\n");
        settings.clientTokenFile = scratch.path() / "tokens";
        settings.launchSecretFile = scratch.path() / "secret";
        plugin = std::make_shared<const c_api::Plugin>(configurationFile);
        service = std::make_unique<service::HttpService>(settings, plugin);
        service->start();
        const Poco::URI uri(service->baseUrl());
        host = uri.getHost();
        port = uri.getPort();
    }

    HttpAnswer request(const std::string& method, const std::string& path,
                       const std::string& body = "",
                       std::map<std::string, std::string> headers = {},
                       const std::string& token = kToken) {
        Poco::Net::HTTPClientSession session(host, port);
        session.setTimeout(Poco::Timespan(60, 0));
        return exchange(session, method, path, body, std::move(headers), token);
    }

    // Polls a run until it has ended; its last JSON.
    Poco::JSON::Object::Ptr waitForEnd(const std::string& location,
                                       const std::string& token = kToken) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        for (;;) {
            const auto answer = request("GET", location, "", {}, token);
            auto run = answer.json();
            const auto state = run->getValue<std::string>("state");
            if (state != "queued" && state != "running") return run;
            if (std::chrono::steady_clock::now() > deadline) return run;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    // A panel link as a DMS signs it; `expiresIn` seconds from now.
    static std::string signedLink(std::vector<std::pair<std::string, std::string>> parameters,
                                  std::int64_t expiresIn = 120,
                                  const std::string& secret = kSecret) {
        parameters.emplace_back("expires", std::to_string(std::time(nullptr) + expiresIn));
        const auto signature = service::signLaunchParameters(secret, parameters);
        std::string query;
        for (const auto& [name, value] : parameters)
            query += (query.empty() ? "" : "&") + name + "=" + service::percentEncode(value);
        return "/panel?" + query + "&signature=" + signature;
    }

    ScratchDirectory scratch;
    std::shared_ptr<const c_api::Plugin> plugin;
    std::unique_ptr<service::HttpService> service;
    std::string host;
    unsigned short port = 0;
};

}  // namespace committee_report::tests
