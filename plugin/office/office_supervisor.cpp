#include "office_supervisor.h"

namespace committee_report::office {

OfficeSupervisor::OfficeSupervisor() : thread_([this] { run(); }) {}

OfficeSupervisor::~OfficeSupervisor() { stop(); }

void OfficeSupervisor::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void OfficeSupervisor::post(std::function<void()> task) {
    {
        std::lock_guard lock(mutex_);
        tasks_.push_back(std::move(task));
    }
    wake_.notify_all();
}

void OfficeSupervisor::arm(int slot, Clock::time_point deadline, std::function<void()> expire) {
    {
        std::lock_guard lock(mutex_);
        expired_.erase(slot);
        watches_[slot] = Watch{deadline, std::move(expire)};
    }
    wake_.notify_all();
}

void OfficeSupervisor::disarm(int slot) {
    std::lock_guard lock(mutex_);
    watches_.erase(slot);
}

bool OfficeSupervisor::expired(int slot) const {
    std::lock_guard lock(mutex_);
    return expired_.count(slot) > 0;
}

void OfficeSupervisor::run() {
    std::unique_lock lock(mutex_);
    while (!stop_) {
        while (!tasks_.empty()) {
            auto task = std::move(tasks_.front());
            tasks_.pop_front();
            lock.unlock();
            task();
            lock.lock();
        }
        const auto now = Clock::now();
        auto next = now + std::chrono::seconds(1);
        for (auto it = watches_.begin(); it != watches_.end();) {
            if (it->second.deadline <= now) {
                // Under the lock, so that a job that disarms in time is never killed.
                expired_.insert(it->first);
                it->second.expire();
                it = watches_.erase(it);
            } else {
                next = std::min(next, it->second.deadline);
                ++it;
            }
        }
        wake_.wait_until(lock, next, [&] { return stop_ || !tasks_.empty(); });
    }
}

}  // namespace committee_report::office
