#include "fakes/fault_proxy.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketStream.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <regex>
#include <sstream>

namespace committee_report::tests {

namespace {

bool hopByHop(const std::string& name) {
    for (const char* header : {"Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length",
                               "Host", "Expect", "TE", "Trailer", "Upgrade"})
        if (Poco::icompare(name, header) == 0) return true;
    return false;
}

// Ends the host's connection without an answer: it reads the end of the stream.
void cut(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    response.setKeepAlive(false);
    try {
        static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket().shutdown();
    } catch (const Poco::Exception&) {
        // already gone with the host
    }
}

}  // namespace

class FaultProxy::Handler final : public Poco::Net::HTTPRequestHandler {
  public:
    explicit Handler(FaultProxy& proxy) : proxy_(proxy) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        const std::string method = request.getMethod();
        const std::string target = request.getURI();
        Rule rule;
        const auto action = proxy_.match(method, target, rule);
        if (action && rule.when == When::BeforeRequest) {
            action();
            return cut(request, response);
        }
        if (action && rule.when == When::BeforeForward) action();

        const Poco::URI upstream(proxy_.upstream_);
        Poco::Net::HTTPRequest out(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& [name, value] : request)
            if (!hopByHop(name)) out.add(name, value);
        out.setHost(upstream.getHost(), upstream.getPort());

        if (action && rule.when == When::DuringBody) {
            std::string body;
            Poco::StreamCopier::copyToString(request.stream(), body);
            const auto part =
                static_cast<std::size_t>(static_cast<double>(body.size()) * rule.bodyShare);
            out.setContentLength64(static_cast<Poco::Int64>(body.size()));
            std::ostringstream head;
            out.write(head);
            Poco::Net::StreamSocket socket(
                Poco::Net::SocketAddress(upstream.getHost(), upstream.getPort()));
            Poco::Net::SocketStream stream(socket);
            stream << head.str();
            stream.write(body.data(), static_cast<std::streamsize>(part));
            stream.flush();
            action();
            socket.close();  // the registry reads the end of the stream inside the body
            return cut(request, response);
        }

        std::string body;
        Poco::StreamCopier::copyToString(request.stream(), body);
        if (!body.empty() || request.hasContentLength())
            out.setContentLength64(static_cast<Poco::Int64>(body.size()));
        Poco::Net::HTTPClientSession session(upstream.getHost(), upstream.getPort());
        session.setTimeout(Poco::Timespan(120, 0));
        session.sendRequest(out) << body;
        Poco::Net::HTTPResponse in;
        std::istream& answerStream = session.receiveResponse(in);
        std::string answer;
        Poco::StreamCopier::copyToString(answerStream, answer);
        if (action && rule.when == When::AfterResponse) {
            action();
            return cut(request, response);
        }

        response.setStatusAndReason(in.getStatus(), in.getReason());
        for (const auto& [name, value] : in)
            if (!hopByHop(name)) response.add(name, rewrite(value));
        if (in.getContentType().find("json") != std::string::npos) answer = rewrite(answer);
        response.setContentLength64(static_cast<Poco::Int64>(answer.size()));
        response.send() << answer;
    }

  private:
    // The registry's address becomes the proxy's, so that links lead back through it.
    std::string rewrite(std::string text) const {
        const auto& from = proxy_.upstream_;
        const auto& to = proxy_.baseUrl_;
        for (auto at = text.find(from); at != std::string::npos;
             at = text.find(from, at + to.size()))
            text.replace(at, from.size(), to);
        return text;
    }

    FaultProxy& proxy_;
};

namespace {

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
  public:
    explicit Factory(FaultProxy& proxy) : proxy_(proxy) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
        return new FaultProxy::Handler(proxy_);
    }

  private:
    FaultProxy& proxy_;
};

}  // namespace

FaultProxy::FaultProxy(std::string upstream) : upstream_(std::move(upstream)) {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    baseUrl_ = "http://127.0.0.1:" + std::to_string(socket.address().port());
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(16);
    params->setKeepAlive(true);
    params->setTimeout(Poco::Timespan(120, 0));
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket, params);
    server_->start();
}

FaultProxy::~FaultProxy() { server_->stopAll(true); }

void FaultProxy::arm(Rule rule) {
    std::lock_guard lock(mutex_);
    rule_ = std::move(rule);
    matches_ = 0;
    applied_.clear();
}

void FaultProxy::disarm() {
    std::lock_guard lock(mutex_);
    rule_.reset();
}

std::vector<std::string> FaultProxy::applied() const {
    std::lock_guard lock(mutex_);
    return applied_;
}

std::vector<std::string> FaultProxy::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

std::function<void()> FaultProxy::match(const std::string& method, const std::string& target,
                                        Rule& rule) {
    std::lock_guard lock(mutex_);
    requests_.push_back(method + " " + target);
    if (!rule_ || method != rule_->method ||
        !std::regex_search(target, std::regex(rule_->pathRegex)))
        return {};
    ++matches_;
    if (matches_ < rule_->occurrence || matches_ >= rule_->occurrence + rule_->times) return {};
    applied_.push_back(method + " " + target);
    rule = *rule_;
    return rule.action ? rule.action : [] {};
}

}  // namespace committee_report::tests
