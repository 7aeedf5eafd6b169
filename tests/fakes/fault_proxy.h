// A loopback HTTP proxy between a host under test and the reference registry that, at one
// chosen request, does what bad luck would: the host is killed (or the connection cut)
// before the request reaches the registry, after the registry has done it but before the
// answer is back, or half-way through the request's body. Every other request passes
// through unchanged, except that the registry's own address in its JSON answers and
// Location headers is replaced by the proxy's, so that links lead back through it.
//
// For the write-back's crash tests (tests/integration/workflow/write_back_crash_test.cpp):
// a real process, a real SIGKILL, a real connection cut, the real registry behind.
#pragma once

#include <Poco/Net/HTTPServer.h>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace committee_report::tests {

class FaultProxy {
  public:
    enum class When {
        BeforeRequest,  // the action runs, nothing reaches the registry
        DuringBody,     // head and part of the body reach the registry, then the action runs
        AfterResponse,  // the registry answers in full, then the action runs; the answer is lost
        BeforeForward,  // the action runs, then the request goes through as usual
    };

    struct Rule {
        Rule() = default;
        Rule(std::string method, std::string pathRegex, int occurrence, When when)
            : method(std::move(method)),
              pathRegex(std::move(pathRegex)),
              occurrence(occurrence),
              when(when) {}

        std::string method;     // e.g. "POST"
        std::string pathRegex;  // ECMAScript, searched in the request target (path and query)
        int occurrence = 1;     // the n-th request matching method and regex (from arm())
        When when = When::AfterResponse;
        double bodyShare = 0.5;  // DuringBody: the share of the body the registry gets
        int times = 1;           // how many matching requests, from the n-th on, it applies to
        // What happens at that moment, e.g. SIGKILL to the host; then, except for
        // BeforeForward, the host's connection is cut. Runs on the proxy's thread.
        std::function<void()> action;
    };

    // upstream: the registry's base URL, "http://127.0.0.1:<port>" (http only).
    explicit FaultProxy(std::string upstream);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    // "http://127.0.0.1:<port>", to configure as the host's <base-url>.
    [[nodiscard]] const std::string& baseUrl() const { return baseUrl_; }

    void arm(Rule rule);  // replaces any rule; counting of occurrences starts again
    void disarm();
    // "METHOD target" of each request the rule applied to, since arm().
    [[nodiscard]] std::vector<std::string> applied() const;
    // "METHOD target" of every request received, in order of arrival.
    [[nodiscard]] std::vector<std::string> requests() const;

    class Handler;  // one request; internal

  private:
    friend class Handler;
    // The rule's action if this request is the one it applies to (counted here).
    std::function<void()> match(const std::string& method, const std::string& target, Rule& rule);

    std::string upstream_;
    std::string baseUrl_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    mutable std::mutex mutex_;
    std::optional<Rule> rule_;
    int matches_ = 0;
    std::vector<std::string> applied_;
    std::vector<std::string> requests_;
};

}  // namespace committee_report::tests
