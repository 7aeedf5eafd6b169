// The office engine's job queue: which workers are free, jobs waiting for one
// (up to the queue timeout), and shutting the pool down with jobs still running.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "office_worker.h"
#include "template_stamp.h"

namespace committee_report::office {

class WorkerPool {
  public:
    WorkerPool(const OfficeEngineOptions& options, OfficeSupervisor& supervisor);

    [[nodiscard]] size_t size() const { return workers_.size(); }

    // Waits for a free worker, preferring one that has `preferLoaded` loaded ahead.
    // Throws OfficeError(Busy) after the queue timeout or when the pool is stopping.
    [[nodiscard]] OfficeWorker& acquire(const TemplateStamp* preferLoaded = nullptr);
    // Takes the free worker `choose` picks among the free ones, without waiting;
    // nullptr when it picks none or the pool is stopping.
    using Chooser = std::function<OfficeWorker*(const std::vector<OfficeWorker*>& free)>;
    [[nodiscard]] OfficeWorker* tryAcquire(const Chooser& choose);
    // Hands a worker back; a broken one has its process stopped first.
    void release(OfficeWorker& worker, bool broken);

    // Waits until no worker is busy.
    void waitUntilIdle();
    [[nodiscard]] bool stopping() const;
    [[nodiscard]] std::vector<pid_t> processIds() const;

    // Refuses new jobs; gives running ones a moment to finish, then kills the processes of
    // what still runs (hung, or still starting) so their threads fail and hand them back.
    void beginStop();
    // Stops the processes of the free workers (after beginStop and the load-ahead's end).
    void stopIdleWorkers();

  private:
    [[nodiscard]] bool allFree() const;  // with mutex_ held

    mutable std::mutex mutex_;
    std::condition_variable freed_;
    std::chrono::seconds queueTimeout_;
    std::vector<std::unique_ptr<OfficeWorker>> workers_;
    std::vector<bool> busy_;  // by worker index
    bool stopping_ = false;
};

}  // namespace committee_report::office
