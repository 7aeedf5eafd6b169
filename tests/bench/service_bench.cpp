// service-bench: what the HTTP service costs on top of the plugin (tests/bench/RESULTS.md).
//   1. per-run overhead: the same action run N times directly through the C interface
//      (cr_run_json in this process) and through `committee-report serve` (POST, then the
//      event stream to its end) — median and p95 of each, and of the difference;
//   2. throughput: 16 HTTP clients at once against the service vs 16 threads calling the
//      C interface directly on one handle (the same office pool) — runs/s and the ratio,
//      in rounds that alternate the two sides;
//   3. memory: the service process's VmRSS every 100 runs over --memory-runs runs.
// The action is `provutskrift` (fills the sample template, ODT + PDF/A; no registry), so
// the figures are the service's, not the registry's.
//
// usage: service-bench [--runs N] [--concurrent-runs N] [--rounds N] [--memory-runs N]
//                      [--office N] [--workers N] [--retention S]
//   --concurrent-runs: runs per side in each of --rounds alternating throughput rounds.
//   --retention: the service's <run-retention-seconds> (default: its own, 3600). Finished
//   runs stay readable that long and are memory the service holds on purpose; a short
//   retention shows what memory is left beyond them.
//   --office: office processes on both sides (default 2); --workers: the service's
//   <workers> (default: none written, the service's own default). A count of 0 skips
//   that part of the bench.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "committee_report/committee_report.hpp"
#include "integration/service/service_process.h"

using namespace committee_report;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kRun =
    R"({"action":"provutskrift","case":"2024SOCN33","user":"u-bench","roles":["administrator"],"parameters":{"datum":"2024-05-20"}})";

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values.at(index);
}

long rssKiB(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

std::string directRequest(const tests::ServiceProcess& service) {
    auto request = kRun;
    request.insert(request.size() - 1,
                   ",\"client\":\"bench\",\"output\":\"" + (service.scratch.path() / "direct").string() + "\"");
    return request;
}

// One run through the service: POST, then the event stream to its end; its state.
std::string serviceRun(tests::ServiceProcess& service) {
    const auto posted = service.request("POST", "/api/v1/runs", kRun);
    if (posted.status != 202) throw std::runtime_error("POST answered " + posted.body);
    const auto location = posted.headers.at("Location");
    (void)service.request("GET", location + "/events");
    return service.request("GET", location).json()->getValue<std::string>("state");
}

std::string directState(const std::string& resultJson) {
    Poco::JSON::Parser parser;
    return parser.parse(resultJson).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>(
        "status");
}

void printStats(const char* what, const std::vector<double>& values) {
    std::printf("  %-28s median %7.1f ms   p95 %7.1f ms   (n=%zu)\n", what,
                1000 * percentile(values, 0.5), 1000 * percentile(values, 0.95), values.size());
}

}  // namespace

int bench(int argc, char** argv) {
    int runs = 30, concurrentRuns = 64, rounds = 3, memoryRuns = 1000, office = 2, workers = 0,
        retention = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const int value = std::stoi(argv[i + 1]);
        if (flag == "--runs") runs = value;
        else if (flag == "--concurrent-runs") concurrentRuns = value;
        else if (flag == "--memory-runs") memoryRuns = value;
        else if (flag == "--office") office = value;
        else if (flag == "--workers") workers = value;
        else if (flag == "--rounds") rounds = std::max(1, value);
        else if (flag == "--retention") retention = value;
        else {
            std::cerr << "usage: service-bench [--runs N] [--concurrent-runs N] [--memory-runs N] "
                         "[--office N] [--workers N] [--rounds N] [--retention S]\n";
            return 2;
        }
    }
    tests::ServiceProcessOptions options;
    options.startRegistry = false;
    options.workers = workers;
    options.runRetentionSeconds = retention;
    options.officeProcesses = office;
    options.maxRunsPerClient = 16;  // the 16 clients share one token here
    tests::ServiceProcess service(options);
    c_api::Plugin direct(service.configuration.string());
    const auto request = directRequest(service);
    std::printf("service-bench: provutskrift, %d office processes, service workers %s, run "
                "retention %s, load %s\n",
                office, workers > 0 ? std::to_string(workers).c_str() : "(default)",
                retention > 0 ? (std::to_string(retention) + " s").c_str() : "(default)", [] {
                    std::ifstream in("/proc/loadavg");
                    std::string a;
                    in >> a;
                    return a;
                }().c_str());

    // Warm both sides up: office processes started, templates read.
    for (int i = 0; i < office; ++i) {
        (void)direct.run(request);
        (void)serviceRun(service);
    }

    // 1. Per-run latency, one run at a time, alternating so that load changes hit both.
    std::vector<double> directTimes, serviceTimes;
    for (int i = 0; i < runs; ++i) {
        auto start = Clock::now();
        const auto outcome = direct.run(request);
        directTimes.push_back(seconds(Clock::now() - start));
        if (directState(outcome.resultJson) != "ok") throw std::runtime_error(outcome.resultJson);
        start = Clock::now();
        if (serviceRun(service) != "ok") throw std::runtime_error("service run not ok");
        serviceTimes.push_back(seconds(Clock::now() - start));
    }
    if (runs > 0) {
        std::vector<double> overhead;
        for (int i = 0; i < runs; ++i) overhead.push_back(serviceTimes[i] - directTimes[i]);
        std::printf("1. one run at a time (%d runs each)\n", runs);
        printStats("direct (C interface)", directTimes);
        printStats("service (POST + events)", serviceTimes);
        printStats("overhead (pairwise)", overhead);
    }

    // 2. Throughput with 16 clients at once.
    const int clients = 16;
    const auto throughput = [&](auto&& one) {
        std::atomic<int> next{0}, failed{0};
        const auto start = Clock::now();
        std::vector<std::thread> threads;
        for (int c = 0; c < clients; ++c)
            threads.emplace_back([&] {
                while (next.fetch_add(1) < concurrentRuns)
                    if (!one()) ++failed;
            });
        for (auto& thread : threads) thread.join();
        if (failed) throw std::runtime_error(std::to_string(failed.load()) + " runs failed");
        return concurrentRuns / seconds(Clock::now() - start);
    };
    if (concurrentRuns > 0) {
        // Rounds alternate direct and service, so that a change in the machine's load (other
        // builds on the same two cores) hits both sides alike rather than one phase of each.
        std::printf("2. %d clients at once, %d rounds of %d runs each side, alternating\n",
                    clients, rounds, concurrentRuns);
        std::vector<double> ratios;
        double directTotal = 0, serviceTotal = 0;
        for (int round = 1; round <= rounds; ++round) {
            const double directRate =
                throughput([&] { return directState(direct.run(request).resultJson) == "ok"; });
            const double serviceRate = throughput([&] {
                tests::ServiceProcess& s = service;
                // Each client its own connection (request() opens one per call).
                try {
                    return serviceRun(s) == "ok";
                } catch (const std::exception& error) {
                    std::cerr << "client: " << error.what() << "\n";
                    return false;
                }
            });
            directTotal += concurrentRuns / directRate;
            serviceTotal += concurrentRuns / serviceRate;
            ratios.push_back(serviceRate / directRate);
            std::printf("  round %d: direct (16 threads, one handle) %6.2f runs/s, service (16 "
                        "HTTP clients) %6.2f runs/s, ratio %.2f\n",
                        round, directRate, serviceRate, serviceRate / directRate);
        }
        const double directRate = rounds * concurrentRuns / directTotal;
        const double serviceRate = rounds * concurrentRuns / serviceTotal;
        std::printf("  all rounds: direct %6.2f runs/s, service %6.2f runs/s\n", directRate,
                    serviceRate);
        std::printf("  ratio service/direct: all rounds %.2f, median of rounds %.2f, lowest "
                    "%.2f (target >= 0.90)\n",
                    serviceRate / directRate, percentile(ratios, 0.5),
                    *std::min_element(ratios.begin(), ratios.end()));
    }
    if (memoryRuns <= 0) return 0;

    // 3. The service's memory over many runs (4 clients keep it busy).
    std::printf("3. service VmRSS over %d runs\n", memoryRuns);
    std::printf("  %6s %10s\n", "runs", "VmRSS");
    std::printf("  %6d %7.1f MiB\n", 0, rssKiB(service.pid) / 1024.0);
    std::atomic<int> done{0}, next{0}, failed{0};
    const auto memoryStart = Clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < 4; ++c)
        threads.emplace_back([&] {
            while (next.fetch_add(1) < memoryRuns) {
                try {
                    if (serviceRun(service) != "ok") ++failed;
                } catch (const std::exception&) {
                    ++failed;
                }
                const int finished = ++done;
                if (finished % 100 == 0)
                    std::printf("  %6d %7.1f MiB\n", finished, rssKiB(service.pid) / 1024.0);
            }
        });
    for (auto& thread : threads) thread.join();
    std::printf("  failed runs: %d, %.0f s for %d runs\n", failed.load(),
                seconds(Clock::now() - memoryStart), memoryRuns);
    return failed ? 1 : 0;
}

int main(int argc, char** argv) {
    // Caught here, not left to std::terminate: the service process (and its office
    // processes) is stopped by ServiceProcess's destructor only when the stack unwinds.
    try {
        return bench(argc, argv);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "service-bench: %s\n", error.what());
        return 1;
    }
}
