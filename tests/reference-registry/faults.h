// Fault injection of the reference registry (only with --test-mode): rules set
// over POST /_control/faults decide, per request, to delay it, answer with an
// error status, drop the connection mid-body, send malformed JSON or a wrong
// list count. Deterministic: a rule applies to the next `times` matching
// requests after `skip` of them passed untouched. See README.md.
#pragma once

#include <Poco/JSON/Array.h>

#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace reference_registry {

struct FaultRule {
    std::string path;       // prefix of the request path (with query), "" = any
    std::string pathRegex;  // alternatively an ECMAScript regex searched in path+query
    std::optional<std::regex> regex;
    std::string method;  // "" = any
    std::string fault;   // latency | status | drop | malformed | wrongCount
    int status = 503;
    int retryAfter = -1;  // seconds; -1 = no Retry-After header
    int delayMs = 0;      // latency
    int countDelta = 1;   // wrongCount
    int times = 1;        // -1 = every matching request
    int skip = 0;         // matching requests let through before the rule applies
    int applied = 0;
};

class Faults {
  public:
    // Replaces the rules with those of a JSON array; throws std::invalid_argument.
    void set(const Poco::JSON::Array::Ptr& rules);
    void clear();
    // The rule for this request, if any (consumes one of its `times`).
    std::optional<FaultRule> take(const std::string& method, const std::string& pathAndQuery);
    [[nodiscard]] std::string describe();  // JSON of the rules and how often each applied

  private:
    std::mutex mutex_;
    std::vector<FaultRule> rules_;
};

}  // namespace reference_registry
