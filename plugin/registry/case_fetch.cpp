#include "registry/case_fetch.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "registry/seen_ids.h"

namespace committee_report::registry {
namespace {

// Thrown inside a worker's visit callback to leave the list once another part
// has failed or the caller gave up; never escapes fetchCases.
struct Stopped {};

// One connection's share: a whole query, or positions [skip, end) of its list.
struct Task {
    std::size_t query = 0;
    bool whole = true;
    std::int64_t skip = 0, end = 0, count = 0;
};

// The ids of one list read in ranges on several connections, to catch a case in two
// of them as it arrives (each connection checks its own range itself).
struct SharedIds {
    std::mutex mutex;
    SeenIds seen;
};

struct Shared {
    std::mutex mutex;
    std::condition_variable changed;
    std::atomic<bool> stop{false};
    std::vector<std::exception_ptr> errors;
    std::vector<bool> finished;
    explicit Shared(std::size_t n) : errors(n), finished(n, false) {}
};

// Joins every started thread, whatever way fetchCases is left.
struct Workers {
    Shared& shared;
    std::vector<std::thread> threads;
    ~Workers() {
        shared.stop = true;
        for (auto& thread : threads)
            if (thread.joinable()) thread.join();
    }
};

[[noreturn]] void receivedTwice(const CaseQuery& query, const std::string& systemId) {
    throw RegistryError(ErrorKind::BadResponse,
                        "Diariet skickade listan över ärenden av typ " + query.caseType +
                            " ofullständig: samma post kom två gånger. Inget har "
                            "använts; försök igen eller kontakta administratören.",
                        "arende list: record " + systemId + " received twice while paging");
}

void runTask(Shared& shared, std::size_t index, const ClientFactory& makeClient,
             const CaseQuery& query, const Task& task, const CaseSink& sink, SharedIds* ids) {
    try {
        auto client = makeClient();
        const auto pass = [&](core::CaseRecord&& record) {
            if (shared.stop.load(std::memory_order_relaxed)) throw Stopped{};
            if (ids) {
                std::lock_guard lock(ids->mutex);
                if (!ids->seen.insert(record.systemId)) receivedTwice(query, record.systemId);
            }
            sink(std::move(record));
        };
        if (task.whole)
            client->forEachCase(query, pass);
        else
            client->forEachCaseInRange(query, task.skip, task.end, task.count, pass);
    } catch (const Stopped&) {
    } catch (...) {
        shared.errors[index] = std::current_exception();
        shared.stop = true;
    }
    {
        std::lock_guard lock(shared.mutex);
        shared.finished[index] = true;
    }
    shared.changed.notify_all();
}

// Counts every query on one connection, then cuts lists longer than an even
// share into ranges: the longest list alone used to set the wall time (the
// other connections idle once their shorter lists were done).
std::vector<Task> plan(const ClientFactory& makeClient, const std::vector<CaseQuery>& queries,
                       const FetchOptions& options) {
    std::vector<Task> tasks;
    if (options.connections <= static_cast<int>(queries.size())) {
        for (std::size_t i = 0; i < queries.size(); ++i) tasks.push_back(Task{i});
        return tasks;
    }
    auto counter = makeClient();
    std::vector<std::int64_t> counts;
    std::int64_t total = 0;
    for (const auto& query : queries) {
        counts.push_back(counter->countCases(query));
        total += counts.back();
        if (options.checkpoint) options.checkpoint();
    }
    const std::int64_t share = std::max<std::int64_t>(
        options.minRange, (total + options.connections - 1) / std::max(1, options.connections));
    for (std::size_t i = 0; i < queries.size(); ++i) {
        const std::int64_t parts = (counts[i] + share - 1) / share;
        if (parts <= 1) {
            tasks.push_back(Task{i});
            continue;
        }
        for (std::int64_t k = 0; k < parts; ++k)
            tasks.push_back(
                Task{i, false, counts[i] * k / parts, counts[i] * (k + 1) / parts, counts[i]});
    }
    return tasks;
}

}  // namespace

void fetchCases(const ClientFactory& makeClient, const std::vector<CaseQuery>& queries,
                const SinkFactory& makeSink, const FetchOptions& options) {
    if (queries.empty()) return;
    const auto tasks = plan(makeClient, queries, options);
    const std::size_t n = tasks.size();
    std::vector<CaseSink> sinks;
    sinks.reserve(n);
    for (std::size_t i = 0; i < n; ++i) sinks.push_back(makeSink());
    // Lists read in more than one range share one table of the ids seen.
    std::vector<std::unique_ptr<SharedIds>> ids(queries.size());
    for (const auto& task : tasks)
        if (!task.whole && !ids[task.query]) ids[task.query] = std::make_unique<SharedIds>();
    Shared shared(n);
    {
        Workers workers{shared, {}};
        workers.threads.reserve(n);
        for (std::size_t i = 0; i < n; ++i)
            workers.threads.emplace_back(runTask, std::ref(shared), i, std::cref(makeClient),
                                         std::cref(queries[tasks[i].query]), std::cref(tasks[i]),
                                         std::cref(sinks[i]), ids[tasks[i].query].get());

        std::vector<bool> reported(n, false);
        std::vector<std::size_t> openTasks(queries.size(), 0);
        for (const auto& task : tasks) ++openTasks[task.query];
        std::size_t done = 0, queriesDone = 0;
        while (done < n) {
            std::vector<std::size_t> newlyDone;
            {
                std::unique_lock lock(shared.mutex);
                shared.changed.wait_for(lock, options.pollInterval, [&] {
                    for (std::size_t i = 0; i < n; ++i)
                        if (shared.finished[i] && !reported[i]) return true;
                    return false;
                });
                for (std::size_t i = 0; i < n; ++i)
                    if (shared.finished[i] && !reported[i]) {
                        reported[i] = true;
                        newlyDone.push_back(i);
                    }
            }
            for (std::size_t i : newlyDone) {
                ++done;
                const auto query = tasks[i].query;
                if (--openTasks[query] == 0 && !shared.stop && options.onQueryDone)
                    options.onQueryDone(query, ++queriesDone);
            }
            if (done < n && options.checkpoint) options.checkpoint();  // may throw: ~Workers
        }
    }                                  // all threads joined here
    for (auto& error : shared.errors)  // tasks are in query order: the first failing query's
        if (error) std::rethrow_exception(error);
}

std::vector<core::CaseRecord> fetchCases(const ClientFactory& makeClient,
                                         const std::vector<CaseQuery>& queries,
                                         const FetchOptions& options) {
    // Per share, its cases in chunks of reserved size: a growing vector would move every
    // record again at each reallocation; here each moves once, into the result.
    constexpr std::size_t kChunk = 1024;
    std::deque<std::vector<std::vector<core::CaseRecord>>> parts;
    fetchCases(
        makeClient, queries,
        [&]() -> CaseSink {
            auto& chunks = parts.emplace_back();
            return [&chunks](core::CaseRecord&& record) {
                if (chunks.empty() || chunks.back().size() == chunks.back().capacity()) {
                    chunks.emplace_back();
                    chunks.back().reserve(kChunk);
                }
                chunks.back().push_back(std::move(record));
            };
        },
        options);
    std::size_t total = 0;
    for (const auto& chunks : parts)
        for (const auto& chunk : chunks) total += chunk.size();
    std::vector<core::CaseRecord> all;
    all.reserve(total);
    for (auto& chunks : parts) {  // shares are in query order, ranges in list order
        for (auto& chunk : chunks) {
            for (auto& record : chunk) all.push_back(std::move(record));
            chunk = {};  // freed as we go: the peak stays near one copy of the cases
        }
    }
    return all;
}

}  // namespace committee_report::registry
