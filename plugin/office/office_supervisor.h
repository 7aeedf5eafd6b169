// The office engine's supervisor thread. Office processes are started on it, so
// they die with it (the engine, or the whole host, going away), and it is the
// watchdog: a job that runs past its deadline has its process killed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace committee_report::office {

class OfficeSupervisor {
  public:
    using Clock = std::chrono::steady_clock;

    OfficeSupervisor();
    ~OfficeSupervisor();  // stop()
    OfficeSupervisor(const OfficeSupervisor&) = delete;
    OfficeSupervisor& operator=(const OfficeSupervisor&) = delete;

    // Runs `function` on the supervisor thread and returns its result (or throws what it threw).
    template <typename F>
    auto call(F&& function) -> decltype(function()) {
        std::packaged_task<decltype(function())()> task(std::forward<F>(function));
        auto result = task.get_future();
        post([&task] { task(); });
        return result.get();
    }

    // Watches the job on `slot`: past `deadline`, `expire` runs on the supervisor thread
    // (it kills the job's process). Once disarm() has returned, `expire` does not run.
    void arm(int slot, Clock::time_point deadline, std::function<void()> expire);
    void disarm(int slot);
    // Whether the last job armed on `slot` ran past its deadline.
    [[nodiscard]] bool expired(int slot) const;

    // Ends the thread; idempotent.
    void stop();

  private:
    struct Watch {
        Clock::time_point deadline;
        std::function<void()> expire;
    };

    void post(std::function<void()> task);
    void run();

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> tasks_;
    std::map<int, Watch> watches_;
    std::set<int> expired_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace committee_report::office
