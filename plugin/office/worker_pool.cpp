#include "worker_pool.h"

#include <algorithm>
#include <thread>

#include "office_error.h"

namespace committee_report::office {

WorkerPool::WorkerPool(const OfficeEngineOptions& options, OfficeSupervisor& supervisor)
    : queueTimeout_(options.queueTimeout) {
    const int processes =
        options.processes > 0
            ? options.processes
            : static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
    for (int i = 0; i < processes; ++i)
        workers_.push_back(std::make_unique<OfficeWorker>(i, processes, options, supervisor));
    busy_.assign(workers_.size(), false);
}

bool WorkerPool::allFree() const {
    return std::none_of(busy_.begin(), busy_.end(), [](bool busy) { return busy; });
}

OfficeWorker& WorkerPool::acquire(const TemplateStamp* preferLoaded) {
    std::unique_lock lock(mutex_);
    OfficeWorker* chosen = nullptr;
    const bool got = freed_.wait_for(lock, queueTimeout_, [&] {
        if (stopping_) return true;
        for (auto& worker : workers_) {
            if (busy_[static_cast<size_t>(worker->index())]) continue;
            if (!chosen) chosen = worker.get();
            if (preferLoaded && worker->hasLoaded(*preferLoaded)) {
                chosen = worker.get();
                break;
            }
        }
        return chosen != nullptr;
    });
    if (stopping_)
        throw OfficeError(OfficeError::Kind::Busy, "Tjänsten håller på att avslutas.",
                          "engine shutting down");
    if (!got || !chosen)
        throw OfficeError(OfficeError::Kind::Busy,
                          "Alla kontorsprocesser var upptagna i " +
                              std::to_string(queueTimeout_.count()) +
                              " sekunder. Försök igen om en stund.",
                          "queue timeout");
    busy_[static_cast<size_t>(chosen->index())] = true;
    return *chosen;
}

OfficeWorker* WorkerPool::tryAcquire(const Chooser& choose) {
    std::lock_guard lock(mutex_);
    if (stopping_) return nullptr;
    std::vector<OfficeWorker*> free;
    for (auto& worker : workers_)
        if (!busy_[static_cast<size_t>(worker->index())]) free.push_back(worker.get());
    OfficeWorker* chosen = choose(free);
    if (chosen) busy_[static_cast<size_t>(chosen->index())] = true;
    return chosen;
}

void WorkerPool::release(OfficeWorker& worker, bool broken) {
    if (broken) worker.stop();
    std::lock_guard lock(mutex_);
    busy_[static_cast<size_t>(worker.index())] = false;
    freed_.notify_all();
}

void WorkerPool::waitUntilIdle() {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [&] { return allFree(); });
}

bool WorkerPool::stopping() const {
    std::lock_guard lock(mutex_);
    return stopping_;
}

std::vector<pid_t> WorkerPool::processIds() const {
    std::lock_guard lock(mutex_);
    std::vector<pid_t> ids;
    for (const auto& worker : workers_)
        if (const pid_t pid = worker->pid(); pid > 0) ids.push_back(pid);
    return ids;
}

void WorkerPool::beginStop() {
    std::unique_lock lock(mutex_);
    stopping_ = true;
    freed_.notify_all();
    // Running jobs and loads ahead may finish: wait briefly for them to hand back their worker.
    freed_.wait_for(lock, std::chrono::seconds(5), [&] { return allFree(); });
    // What still runs is hung or still starting its process: kill that process, as the
    // watchdog does, so the thread running it fails at once (a start in progress sees
    // stopping()) and hands its worker back. Only then are the processes released:
    // a thread that holds a worker may still be using its process object.
    for (auto& worker : workers_)
        if (busy_[static_cast<size_t>(worker->index())]) worker->kill();
    freed_.wait_for(lock, std::chrono::seconds(10), [&] { return allFree(); });
}

void WorkerPool::stopIdleWorkers() {
    for (auto& worker : workers_) {
        bool busy = false;
        {
            std::lock_guard lock(mutex_);
            busy = busy_[static_cast<size_t>(worker->index())];
        }
        // A worker still held (which beginStop makes next to impossible) keeps its process
        // object; the process itself dies with the supervisor thread.
        if (!busy) worker->stop();
    }
}

}  // namespace committee_report::office
