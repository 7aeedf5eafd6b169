// The runs the service holds: a bounded queue, a few workers that run actions
// through the plugin's C interface, per-client limits, Idempotency-Key, cancel,
// each run's events (for server-sent events) and the figures /metrics reports.
// Runs live only in memory and only while they are retained (state is the registry's).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "action_catalog.h"
#include "committee_report/committee_report.hpp"

namespace committee_report::service {

// queued|running|ok|invalid|not-allowed|refused|unavailable|failed|cancelled
[[nodiscard]] bool isFinalState(const std::string& state);

// The DMS's page for a registry entry: linkTemplate with each "{id}" replaced by the
// percent-encoded id.
[[nodiscard]] std::string entryUrl(const std::string& linkTemplate, const std::string& id);

struct RunEvent {
    std::string name;  // "state", "progress" or "end"
    std::string data;  // JSON
};

class Run {
  public:
    Run(std::string id, RunRequest request, std::string fingerprint);

    [[nodiscard]] const std::string& id() const { return id_; }
    [[nodiscard]] const RunRequest& request() const { return request_; }
    [[nodiscard]] const std::string& fingerprint() const { return fingerprint_; }
    [[nodiscard]] std::string state() const;
    // {"id","action","case","meeting","state","progress","result"}; file URLs under urlBase
    // (e.g. "/api/v1/runs/ID"); the result's entry gets a "url" from entryLink, the DMS's
    // page for an entry with "{id}" where its systemId goes (<service><entry-link>).
    [[nodiscard]] std::string toJson(const std::string& urlBase,
                                     const std::optional<std::string>& entryLink) const;
    // Whether the run is writing to the registry now (its stage says so).
    [[nodiscard]] bool writingBack() const;
    // Absolute path of a result file by its name, if the run wrote one by that name.
    [[nodiscard]] std::optional<std::string> resultFile(const std::string& name) const;

    // Waits until there are events after `seen` (or the timeout passes, or the run
    // ends); returns them and whether the run has ended.
    std::vector<RunEvent> eventsAfter(std::size_t seen, std::chrono::milliseconds timeout,
                                      bool& ended) const;

  private:
    friend class RunRegistry;
    void setState(const std::string& state);
    void progress(const std::string& stage, double fraction, const std::string& message);
    void finish(int code, const std::string& resultJson);
    void addEvent(std::string name, std::string data);  // mutex_ held
    [[nodiscard]] std::string progressJson() const;     // mutex_ held

    const std::string id_;
    const RunRequest request_;
    const std::string fingerprint_;
    const std::chrono::steady_clock::time_point created_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point started_;
    std::chrono::steady_clock::time_point finished_;
    std::atomic<bool> cancelRequested_{false};

    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    std::string state_ = "queued";
    std::string stage_ = "i-ko";
    double fraction_ = 0;
    std::string progressMessage_ = "Väntar på sin tur";
    std::string resultMessage_;
    std::vector<std::string> files_;
    std::vector<std::string> createdIds_;
    std::string entry_;  // the registry entry's systemId, if the run drew one up or finalised it
    std::vector<std::string> warnings_;
    std::string checksJson_ = "[]";
    std::vector<RunEvent> events_;
};

class RunRegistry {
  public:
    struct Limits {
        int workers = 2;
        int maxQueued = 32;
        int maxPerClient = 8;
        std::chrono::seconds retention{3600};
        std::size_t maxRetained = 10000;
    };

    RunRegistry(Limits limits, std::shared_ptr<const c_api::Plugin> plugin);
    ~RunRegistry();
    RunRegistry(const RunRegistry&) = delete;
    RunRegistry& operator=(const RunRegistry&) = delete;

    // New runs use this plugin; runs in flight keep the one they started with, which
    // is closed when the last of them ends (a configuration reload).
    void setPlugin(std::shared_ptr<const c_api::Plugin> plugin);
    [[nodiscard]] std::shared_ptr<const c_api::Plugin> plugin() const;
    void setLimits(Limits limits);

    // Queues a checked request. With an idempotency key already used by this client
    // for the same request, returns that run (created = false). Throws ApiError: 429
    // (queue full, client over its limit), 409 (key reused for another request),
    // 503 (shutting down).
    std::shared_ptr<Run> submit(RunRequest request, const std::string& idempotencyKey,
                                bool& created);
    [[nodiscard]] std::shared_ptr<Run> find(const std::string& id) const;
    // Asks a run to stop: a queued run is cancelled at once, a running one at its next
    // step. Returns false when it had already ended.
    bool cancel(const std::string& id);

    // Stops taking runs; waits up to `grace` for runs in flight, then cancels those not
    // writing to the registry (they stop at their next step, before they write anything).
    // A run writing back (stage registrerar, status or bifogar) is given up to
    // `writeBackGrace` more to finish, so that SIGTERM does not leave an entry without its
    // documents; only then is it cancelled too (a re-run completes what it left).
    void shutdown(std::chrono::seconds grace,
                  std::chrono::seconds writeBackGrace = std::chrono::seconds(20));

    struct Metrics {
        std::map<std::pair<std::string, std::string>, std::uint64_t> runsByActionState;
        std::vector<double> durationBuckets;                               // upper bounds, seconds
        std::map<std::string, std::vector<std::uint64_t>> durationCounts;  // per action
        std::map<std::string, double> durationSums;
        std::map<std::string, std::uint64_t> durationTotals;
        std::size_t queued = 0;
        std::size_t running = 0;
        std::uint64_t rejectedQueueFull = 0;
    };
    [[nodiscard]] Metrics metrics() const;

  private:
    void work();
    void execute(const std::shared_ptr<Run>& run);
    void purge();  // mutex_ held

    Limits limits_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::shared_ptr<const c_api::Plugin> plugin_;
    std::deque<std::shared_ptr<Run>> queue_;
    std::map<std::string, std::shared_ptr<Run>> runs_;
    std::map<std::string, std::string> idempotency_;  // client + '\n' + key → run id
    std::map<std::string, int> activeByClient_;
    std::size_t running_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> workers_;
    std::uint64_t rejectedQueueFull_ = 0;
    std::map<std::pair<std::string, std::string>, std::uint64_t> finishedByActionState_;
    std::map<std::string, std::vector<std::uint64_t>> durationCounts_;
    std::map<std::string, double> durationSums_;
    std::map<std::string, std::uint64_t> durationTotals_;
};

}  // namespace committee_report::service
