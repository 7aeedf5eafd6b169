// Fetching the cases a report counts over several connections at once (one per
// query, long lists cut into ranges): the registry serves one part while the
// client maps another, which on a registry of tens of thousands of cases is most
// of the report's time.
// The cases are handed on as they arrive, one sink per connection, each case with
// its place in what fetching the queries one after another would give, so that
// nobody need hold all cases (48 500 at scale 100) to get that order's result:
// the report action tallies them (tallyCases), tests and registry-bench may
// collect them (the vector overload). Every list is complete and checked against
// its count (RegistryClient) before fetchCases returns. Used by the report action
// and by report-bench, so the benchmark measures what the product does.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "core/registry_records.h"
#include "registry/registry_client.h"

namespace committee_report::registry {

// Makes one client (one connection) per query; called on the query's own thread.
using ClientFactory = std::function<std::unique_ptr<RegistryClient>()>;

struct FetchOptions {
    // On the calling thread, once per query, when all its cases are in;
    // `done` counts the queries finished so far (1 … queries.size()).
    std::function<void(std::size_t query, std::size_t done)> onQueryDone;
    // On the calling thread, at least every `pollInterval` while fetching. It may
    // throw (e.g. the user cancelled): the fetch then stops, every thread it
    // started is joined, and that exception propagates.
    std::function<void()> checkpoint;
    std::chrono::milliseconds pollInterval{50};
    // Connections to share the work: with more than there are queries, the lists
    // are first counted (one request each) and any list longer than an even share
    // (and than minRange) is read in ranges ($skip), each on its own connection.
    int connections = 4;
    std::int64_t minRange = 2000;
};

// Receives the cases of one connection's share, on that connection's thread, in the order
// served. No position in a list is passed on: the contract promises no list order, so
// nothing downstream may depend on one (ties are broken by the case's systemId).
using CaseSink = std::function<void(core::CaseRecord&& record)>;
// Makes the sink of one share; called on the calling thread, once per share, for every
// share before any starts.
using SinkFactory = std::function<CaseSink()>;

// Every case of every query, handed to the sinks as it arrives. If any query fails, the
// others are stopped at their next page, all threads are joined, and the failure of the
// first failing query (in the order of `queries`) is rethrown as it was (a RegistryError):
// what the sinks received is then incomplete and to be discarded. A case that comes in
// two ranges of one list fails the fetch as soon as the second comes.
void fetchCases(const ClientFactory& makeClient, const std::vector<CaseQuery>& queries,
                const SinkFactory& makeSink, const FetchOptions& options = {});

// Every case of every query, tallied: one `Tally` per share (made by makeTally, fed by
// add(const core::CaseRecord&)), merged (merge(Tally&&)) in the
// order of the shares once all are in. No case is held beyond its add().
template <typename Tally, typename MakeTally>
[[nodiscard]] Tally tallyCases(const ClientFactory& makeClient,
                               const std::vector<CaseQuery>& queries, const MakeTally& makeTally,
                               const FetchOptions& options = {}) {
    std::deque<Tally> parts;  // stable addresses: each sink keeps a reference to its part
    fetchCases(
        makeClient, queries,
        [&]() -> CaseSink {
            auto& part = parts.emplace_back(makeTally());
            return [&part](core::CaseRecord&& record) { part.add(record); };
        },
        options);
    Tally all = makeTally();
    for (auto& part : parts) all.merge(std::move(part));
    return all;
}

// Every case of every query, in the order of the queries, each in the order served.
// Failures as above.
[[nodiscard]] std::vector<core::CaseRecord> fetchCases(const ClientFactory& makeClient,
                                                       const std::vector<CaseQuery>& queries,
                                                       const FetchOptions& options = {});

}  // namespace committee_report::registry
