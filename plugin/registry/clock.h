// Time as the registry client sees it: a monotonic "now" and a way to wait.
// Injected so that tests of retries and back-off do not really wait.
#pragma once

#include <chrono>
#include <memory>

namespace committee_report::registry {

class Clock {
  public:
    using Duration = std::chrono::steady_clock::duration;
    using TimePoint = std::chrono::steady_clock::time_point;
    virtual ~Clock() = default;
    [[nodiscard]] virtual TimePoint now() = 0;
    virtual void sleep(Duration duration) = 0;
};

// The real steady clock and std::this_thread::sleep_for.
[[nodiscard]] std::shared_ptr<Clock> systemClock();

}  // namespace committee_report::registry
