#include "registry/clock.h"

#include <thread>

namespace committee_report::registry {
namespace {

class SystemClock final : public Clock {
  public:
    TimePoint now() override { return std::chrono::steady_clock::now(); }
    void sleep(Duration duration) override { std::this_thread::sleep_for(duration); }
};

}  // namespace

std::shared_ptr<Clock> systemClock() {
    static auto clock = std::make_shared<SystemClock>();
    return clock;
}

}  // namespace committee_report::registry
