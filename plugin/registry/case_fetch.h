// Fetching the cases a report counts over several connections at once (one per
// query, long lists cut into ranges): the registry serves one part while the
// client maps another, which on a registry of tens of thousands of cases is most
// of the report's time.
// The result is exactly what fetching the queries one after another would
// give: the queries' cases in the order of the queries, each in the order
// served, every list complete and checked against its count (RegistryClient).
// Used by the report action and by report-bench, so the benchmark measures
// what the product does.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
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

// Every case of every query. If any query fails, the others are stopped at their
// next page, all threads are joined, and the failure of the first failing query
// (in the order of `queries`) is rethrown as it was (a RegistryError).
[[nodiscard]] std::vector<core::CaseRecord> fetchCases(const ClientFactory& makeClient,
                                                       const std::vector<CaseQuery>& queries,
                                                       const FetchOptions& options = {});

}  // namespace committee_report::registry
