// One place in the office engine's pool: its office process from start to
// stop (recycled after so many jobs or so much memory, restarted after it
// creates its profile), the profile folder it holds locked, the UNO connection,
// and a template loaded ahead for the next report.
//
// Used by one thread at a time, the one that has the worker busy (see
// WorkerPool); pid() and kill() may be called from any thread.
#pragma once

#include <com/sun/star/frame/XComponentLoader.hpp>
#include <com/sun/star/lang/XComponent.hpp>

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "office_engine.h"
#include "office_process.h"
#include "template_stamp.h"

namespace committee_report::office {

namespace css = ::com::sun::star;

class OfficeSupervisor;

class OfficeWorker {
  public:
    // `index`: this worker's place in a pool of `poolSize`; it names its profile folder.
    OfficeWorker(int index, int poolSize, const OfficeEngineOptions& options,
                 OfficeSupervisor& supervisor);
    ~OfficeWorker();  // releases the profile lock; stop() first
    OfficeWorker(const OfficeWorker&) = delete;
    OfficeWorker& operator=(const OfficeWorker&) = delete;

    [[nodiscard]] int index() const { return index_; }

    // Makes the worker ready for a job: recycles a process due for it, replaces a dead one,
    // starts and connects one if there is none. `stopping` is asked while waiting for a start.
    // Throws OfficeError(StartFailed).
    void ensureReady(const std::function<bool()>& stopping);
    // Whether it can take a job as it is: running, connected and not due for recycling by its
    // job count.
    [[nodiscard]] bool usable() const;
    // Stops the process (and forgets what was loaded in it).
    void stop();
    // Counts a finished job towards recycling.
    void jobDone() { ++jobs_; }

    [[nodiscard]] const css::uno::Reference<css::frame::XComponentLoader>& loader() const {
        return loader_;
    }
    // After a UNO error: whether the process is gone; `waitForExit` first gives a process
    // that closed its pipe the moment it needs to be reaped.
    [[nodiscard]] bool processGone(bool waitForExit);
    // How the process ended ("exit code 81", "signal 9"), or "gone".
    [[nodiscard]] std::string exitDescription() const;

    // Any thread: the running process's id (-1 for none), and kill it at once (watchdog,
    // shutdown); the thread using it then fails and hands the worker back.
    [[nodiscard]] pid_t pid() const;
    void kill() const;

    // The template loaded ahead: whether it is of this version; keep one; take it for a job
    // (a copy of another version is closed and nothing is returned).
    [[nodiscard]] bool hasLoaded(const TemplateStamp& stamp) const;
    void keepLoaded(const TemplateStamp& stamp,
                    css::uno::Reference<css::lang::XComponent> document);
    [[nodiscard]] css::uno::Reference<css::lang::XComponent> takeLoaded(
        const std::optional<TemplateStamp>& stamp);

  private:
    struct Loaded {
        TemplateStamp stamp;
        css::uno::Reference<css::lang::XComponent> document;
    };

    void startProcess();
    void claimProfile();
    void connect(std::chrono::steady_clock::time_point deadline,
                 const std::function<bool()>& stopping);
    void replaceProcess(std::unique_ptr<OfficeProcess> process);

    const int index_;
    const int poolSize_;
    const OfficeEngineOptions& options_;
    OfficeSupervisor& supervisor_;

    mutable std::mutex processMutex_;  // guards the pointer for pid() and kill()
    std::unique_ptr<OfficeProcess> process_;
    css::uno::Reference<css::frame::XComponentLoader> loader_;
    std::optional<Loaded> loaded_;  // lives in process_
    int jobs_ = 0;
    int lockFd_ = -1;  // flock on the profile, so two hosts never share one
    std::filesystem::path profile_;
};

}  // namespace committee_report::office
