// registry-bench: how fast the registry client fetches all cases of the three
// report types from the reference registry, and how much memory the client
// process needs for it. Prints figures; not a test (not run by ctest).
//
//   registry-bench [--scale N]... [--rounds R] [--fields all|report] [--only-concurrent]
//
// --fields report: ask ($select) for and map only the fields the report counts
// (core::countedCaseFields of the standard definition's settings), as the report
// action does; all (default): every field of every case. --only-concurrent: skip
// the one-connection loop, so VmHWM is that of the report's fetch alone.
//
// Each round fetches the types one after another (one connection), then all
// three at once as the report does (registry::fetchCases, one connection each).
// Default: scale 1 and scale 100, two rounds each. Results: tests/bench/RESULTS.md.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "core/committee_report.h"
#include "core/report_definition.h"
#include "fakes/reference_registry_process.h"
#include "registry/case_fetch.h"
#include "registry/registry_client.h"

using namespace committee_report;
using Clock = std::chrono::steady_clock;

namespace {

// Peak resident memory of this process (the client), in MiB.
double peakMemoryMiB() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return -1;
}

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
    std::vector<int> scales;
    int rounds = 2;
    bool reportFields = false, onlyConcurrent = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--scale" && i + 1 < argc)
            scales.push_back(std::stoi(argv[++i]));
        else if (arg == "--rounds" && i + 1 < argc)
            rounds = std::stoi(argv[++i]);
        else if (arg == "--fields" && i + 1 < argc &&
                 (argv[i + 1] == std::string("all") || argv[i + 1] == std::string("report")))
            reportFields = argv[++i] == std::string("report");
        else if (arg == "--only-concurrent")
            onlyConcurrent = true;
        else {
            std::cerr << "usage: registry-bench [--scale N]... [--rounds R] [--fields all|report] "
                         "[--only-concurrent]\n";
            return 2;
        }
    }
    if (scales.empty()) scales = {1, 100};
    const core::ReportDefinition definition;  // the standard settings: HOT_VALD, DESINFO …
    const auto types = core::countedCaseTypes(definition);
    auto queryOf = [&](const std::string& type) {
        registry::CaseQuery query{type, {}, {}, {}, {}};
        if (reportFields) query.select = core::countedCaseFields(definition, type);
        return query;
    };
    std::printf("fields: %s\n", reportFields ? "the report's ($select)" : "all");
    try {
        for (int scale : scales) {
            const auto startServer = Clock::now();
            tests::ReferenceRegistryProcess server({scale, 1, false, {}});
            const auto started = seconds(Clock::now() - startServer);
            std::printf("scale %d: seeded and started the reference registry in %.2f s\n", scale,
                        started);
            auto options = registry::ClientOptions::from(
                server.settings(tests::ReferenceRegistryProcess::kReadToken));
            auto client =
                registry::makeRegistryClient(options, tests::ReferenceRegistryProcess::kReadToken);
            for (int round = 1; round <= rounds; ++round) {
                std::size_t total = 0;
                const auto begin = Clock::now();
                for (const auto& type : types) {
                    if (onlyConcurrent) break;
                    const auto t0 = Clock::now();
                    const auto cases = client->queryCases(queryOf(type));
                    const auto s = seconds(Clock::now() - t0);
                    total += cases.size();
                    std::printf("  round %d  %-12s %7zu cases  %6.2f s  %8.0f records/s\n", round,
                                type.c_str(), cases.size(), s, cases.size() / s);
                }
                const auto s = seconds(Clock::now() - begin);
                if (!onlyConcurrent)
                    std::printf(
                        "  round %d  all three    %7zu cases  %6.2f s  %8.0f records/s  client "
                        "VmHWM "
                        "%.1f MiB\n",
                        round, total, s, total / s, peakMemoryMiB());
                // What the report does: the three types at once, one connection each.
                std::vector<registry::CaseQuery> queries;
                for (const auto& type : types) queries.push_back(queryOf(type));
                const auto t0 = Clock::now();
                const auto cases = registry::fetchCases(
                    [&] {
                        return registry::makeRegistryClient(
                            options, tests::ReferenceRegistryProcess::kReadToken);
                    },
                    queries);
                const auto c = seconds(Clock::now() - t0);
                std::printf(
                    "  round %d  concurrently %7zu cases  %6.2f s  %8.0f records/s  client VmHWM "
                    "%.1f MiB\n",
                    round, cases.size(), c, cases.size() / c, peakMemoryMiB());
            }
        }
    } catch (const registry::RegistryError& error) {
        std::cerr << "registry-bench: " << error.what() << " (" << error.detail() << ")\n";
        return 1;
    } catch (const std::exception& error) {
        std::cerr << "registry-bench: " << error.what() << "\n";
        return 1;
    }
    return 0;
}
