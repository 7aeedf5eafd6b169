// Loading templates ahead (OfficeEngineOptions::keepTemplateLoaded): a background
// thread that, after a report, has an idle running process load the template for
// the next one (never starting a process for it), and on prepare() may also start
// a process, or replace one due for recycling, first. It never waits for a busy
// process; a job that needs the worker meanwhile queues behind the load like
// behind any job.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "template_stamp.h"

namespace committee_report::office {

class OfficeSupervisor;
class OfficeWorker;
class WorkerPool;

class TemplateLoadAhead {
  public:
    // `arm`/`disarm` put the load under the job watchdog like any job.
    TemplateLoadAhead(WorkerPool& pool, std::function<void(OfficeWorker&)> arm,
                      std::function<void(OfficeWorker&)> disarm);
    ~TemplateLoadAhead();  // stop(), then waits for the thread (and a load in progress)

    // Asks for `stamp` to be loaded; `mayStart`: start (or replace) a process for it if
    // none is idle and running. A newer wish replaces an older one. Returns at once.
    void request(const TemplateStamp& stamp, bool mayStart);
    // Waits until no wish is waiting and no load runs.
    void waitUntilIdle();
    // Drops what is waiting; the thread ends once a load in progress is done. Returns at once.
    void stop();

  private:
    struct Wish {
        TemplateStamp stamp;
        bool mayStart = false;
    };

    void run();
    [[nodiscard]] OfficeWorker* choose(const Wish& wish, const std::vector<OfficeWorker*>& free);
    void load(OfficeWorker& worker, const Wish& wish);
    void done();

    WorkerPool& pool_;
    std::function<void(OfficeWorker&)> arm_;
    std::function<void(OfficeWorker&)> disarm_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::optional<Wish> wanted_;
    bool working_ = false;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace committee_report::office
