#include "registry/retry_policy.h"

#include <algorithm>
#include <cctype>

namespace committee_report::registry {

bool RetryPolicy::isRetryableStatus(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
}

RetryPolicy::Duration RetryPolicy::delayBefore(int nextAttempt, std::optional<Duration> retryAfter,
                                               double jitter) const {
    if (retryAfter) return std::max(*retryAfter, Duration::zero());
    const int doublings = std::clamp(nextAttempt - 2, 0, 30);
    Duration backOff = initialDelay;
    for (int i = 0; i < doublings && backOff < maxDelay; ++i) backOff *= 2;
    backOff = std::min(backOff, maxDelay);
    jitter = std::clamp(jitter, 0.0, 1.0);
    const auto half = backOff / 2;
    return half + Duration(static_cast<Duration::rep>(
                      static_cast<double>((backOff - half).count()) * jitter));
}

bool RetryPolicy::mayRetry(int attemptsMade, Duration elapsed, Duration wait) const {
    return attemptsMade < maxAttempts && elapsed + wait < totalBudget;
}

std::optional<RetryPolicy::Duration> parseRetryAfter(const std::string& value) {
    auto first = value.find_first_not_of(" \t");
    auto last = value.find_last_not_of(" \t");
    if (first == std::string::npos) return std::nullopt;
    const auto text = value.substr(first, last - first + 1);
    if (text.empty() || text.size() > 9 ||
        !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
        return std::nullopt;
    return std::chrono::seconds(std::stol(text));
}

}  // namespace committee_report::registry
