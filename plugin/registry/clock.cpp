#include "registry/clock.h"

#include <algorithm>
#include <thread>

namespace committee_report::registry {
namespace {

// How often a wait looks at the cancel flag: a Ctrl-C ends it within this.
constexpr std::chrono::milliseconds kCancelPoll{50};

class SystemClock final : public Clock {
  public:
    TimePoint now() override { return std::chrono::steady_clock::now(); }
    bool sleep(Duration duration, const std::function<bool()>& cancelled) override {
        const auto end = now() + duration;
        for (;;) {
            if (cancelled && cancelled()) return false;
            const auto current = now();
            if (current >= end) return true;
            std::this_thread::sleep_for(std::min<Duration>(end - current, kCancelPoll));
        }
    }
};

}  // namespace

std::shared_ptr<Clock> systemClock() {
    static auto clock = std::make_shared<SystemClock>();
    return clock;
}

}  // namespace committee_report::registry
