// Time as the registry client sees it: a monotonic "now" and a way to wait.
// Injected so that tests of retries and back-off do not really wait.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

namespace committee_report::registry {

class Clock {
  public:
    using Duration = std::chrono::steady_clock::duration;
    using TimePoint = std::chrono::steady_clock::time_point;
    virtual ~Clock() = default;
    [[nodiscard]] virtual TimePoint now() = 0;
    // Waits `duration`, or less if `cancelled` (when given) turns true meanwhile; returns
    // false when the wait was cut short by a cancel. A Retry-After may ask for minutes: a
    // Ctrl-C must not have to wait them out.
    virtual bool sleep(Duration duration, const std::function<bool()>& cancelled) = 0;
};

// The real steady clock; a wait polls `cancelled` every 50 ms.
[[nodiscard]] std::shared_ptr<Clock> systemClock();

}  // namespace committee_report::registry
