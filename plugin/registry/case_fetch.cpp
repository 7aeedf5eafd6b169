#include "registry/case_fetch.h"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

namespace committee_report::registry {
namespace {

// Thrown inside a worker's visit callback to leave forEachCase once another
// query has failed or the caller gave up; never escapes fetchCases.
struct Stopped {};

constexpr std::size_t kChunk = 1024;

struct Shared {
    std::mutex mutex;
    std::condition_variable changed;
    std::atomic<bool> stop{false};
    // Per query, its cases in chunks of reserved size: a growing vector would move
    // every record again at each reallocation; here each moves once, into the result.
    std::vector<std::vector<std::vector<core::CaseRecord>>> results;
    std::vector<std::exception_ptr> errors;
    std::vector<bool> finished;
    explicit Shared(std::size_t n) : results(n), errors(n), finished(n, false) {}
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

void runQuery(Shared& shared, std::size_t index, const ClientFactory& makeClient,
              const CaseQuery& query) {
    try {
        auto client = makeClient();
        auto& chunks = shared.results[index];  // this thread's own slot
        client->forEachCase(query, [&](core::CaseRecord&& record) {
            if (shared.stop.load(std::memory_order_relaxed)) throw Stopped{};
            if (chunks.empty() || chunks.back().size() == chunks.back().capacity()) {
                chunks.emplace_back();
                chunks.back().reserve(kChunk);
            }
            chunks.back().push_back(std::move(record));
        });
    } catch (const Stopped&) {
        shared.results[index].clear();
    } catch (...) {
        shared.results[index].clear();
        shared.errors[index] = std::current_exception();
        shared.stop = true;
    }
    {
        std::lock_guard lock(shared.mutex);
        shared.finished[index] = true;
    }
    shared.changed.notify_all();
}

}  // namespace

std::vector<core::CaseRecord> fetchCases(const ClientFactory& makeClient,
                                         const std::vector<CaseQuery>& queries,
                                         const FetchObserver& observer) {
    const std::size_t n = queries.size();
    Shared shared(n);
    {
        Workers workers{shared, {}};
        workers.threads.reserve(n);
        for (std::size_t i = 0; i < n; ++i)
            workers.threads.emplace_back(runQuery, std::ref(shared), i, std::cref(makeClient),
                                         std::cref(queries[i]));

        std::vector<bool> reported(n, false);
        std::size_t done = 0;
        while (done < n) {
            std::vector<std::size_t> newlyDone;
            {
                std::unique_lock lock(shared.mutex);
                shared.changed.wait_for(lock, observer.pollInterval, [&] {
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
                if (!shared.errors[i] && !shared.stop && observer.onQueryDone)
                    observer.onQueryDone(i, done);
            }
            if (done < n && observer.checkpoint) observer.checkpoint();  // may throw: ~Workers
        }
    }  // all threads joined here
    for (auto& error : shared.errors)
        if (error) std::rethrow_exception(error);

    std::size_t total = 0;
    for (const auto& chunks : shared.results)
        for (const auto& chunk : chunks) total += chunk.size();
    std::vector<core::CaseRecord> all;
    all.reserve(total);
    for (auto& chunks : shared.results) {
        for (auto& chunk : chunks) {
            for (auto& record : chunk) all.push_back(std::move(record));
            chunk = {};  // freed as we go: the peak stays near one copy of the cases
        }
    }
    return all;
}

}  // namespace committee_report::registry
