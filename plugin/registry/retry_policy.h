// When and how long the registry client waits before trying a request again:
// capped exponential back-off with jitter, Retry-After honoured, all within a
// total time budget. Pure computation; the client does the waiting.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace committee_report::registry {

struct RetryPolicy {
    using Duration = std::chrono::milliseconds;

    int maxAttempts = 5;  // the first attempt included
    Duration initialDelay{500};
    Duration maxDelay{8000};
    Duration totalBudget{120000};  // from the first attempt to the last answer

    // Statuses worth another attempt: 429, 502, 503, 504.
    [[nodiscard]] static bool isRetryableStatus(int status);

    // The wait before attempt `nextAttempt` (2 = the first retry). Without a
    // Retry-After: min(maxDelay, initialDelay * 2^(nextAttempt-2)), of which the
    // upper half is jittered by `jitter` in [0, 1] ("equal jitter"), so retrying
    // clients spread out but never retry sooner than half the back-off. With a
    // Retry-After from the server: exactly that (the server knows best).
    [[nodiscard]] Duration delayBefore(int nextAttempt, std::optional<Duration> retryAfter,
                                       double jitter) const;

    // Whether another attempt may start: attempts left, and the wait fits the
    // remaining budget (a wait that would end after the budget is not started).
    [[nodiscard]] bool mayRetry(int attemptsMade, Duration elapsed, Duration wait) const;
};

// Parses a Retry-After header: delta-seconds ("120"). HTTP dates are not used by
// the contract and give nullopt (the client then uses its own back-off).
[[nodiscard]] std::optional<RetryPolicy::Duration> parseRetryAfter(const std::string& value);

}  // namespace committee_report::registry
