// registry-bench: how fast the registry client fetches all cases of the three
// report types from the reference registry, and how much memory the client
// process needs for it. Prints figures; not a test (not run by ctest).
//
//   registry-bench [--scale N]... [--rounds R] [--fields all|report] [--only-concurrent]
//   registry-bench --compute [--scale N]... [--rounds R] [--held-program PATH]
//   registry-bench --big-page MIB [--max-json-bytes N]
//
// --fields report: ask ($select) for and map only the fields the report counts
// (core::countedCaseFields of the standard definition's settings), as the report
// action does; all (default): every field of every case. --only-concurrent: skip
// the one-connection loop, so VmHWM is that of the report's fetch alone.
//
// Each round fetches the types one after another (one connection), then all
// three at once as the report does (registry::fetchCases, one connection each).
// Default: scale 1 and scale 100, two rounds each.
//
// --compute: what the report action does before it renders — fetch the report's fields of
// every counted case and compute the report (report.json and the document's content) —
// in two ways, each round one process of each, alternating: "held", every case collected
// first and then computed (as before issue 16), and "streamed", every case tallied as its
// page arrives (core::CaseTally, as the action does now). Prints each process's fetch +
// compute time and peak memory (VmHWM) side by side, and checks that both wrote the same
// report.json byte for byte. Default: scales 1, 10 and 100, three rounds.
// --held-program PATH: the held processes are PATH's (another build's registry-bench with
// this file's --child interface), e.g. the code before issue 16 — check out 5e9be3a, copy
// this file and tests/bench/CMakeLists.txt into it, replace the streamed branch of
// computeChild() by a throw (that code has no CaseTally), build registry-bench there.
// --big-page MIB: one list answer of MIB MiB whose results are small numbers ([0,0,…],
// refused at the first element once read), from a loopback server; prints how the client
// ended and its peak memory. The client's JSON limit is max-json-response-bytes' default
// (8 MiB) or --max-json-bytes N; N = 67108864 is the one limit for every answer before.
// One process per figure (VmHWM only grows): run it under /usr/bin/time -v.
// Results: tests/bench/RESULTS.md.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "config/report_definition_loader.h"
#include "core/committee_report.h"
#include "core/report_definition.h"
#include "fakes/reference_registry_process.h"
#include "fakes/scripted_server.h"
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

std::string readAll(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// One --compute process: fetch + compute as the report action does, held or streamed;
// writes report.json to `out` and prints "<seconds> <VmHWM MiB>" on stdout.
int computeChild(const std::string& mode, const std::string& baseUrl,
                 const std::filesystem::path& tokenFile, const std::filesystem::path& out,
                 const std::string& dnr) {
    const auto definition =
        config::loadReportDefinition(std::filesystem::path(COMMITTEE_REPORT_SOURCE_DIR) /
                                     "templates/hot-och-desinformation/report-definition.xml");
    config::RegistrySettings settings;
    settings.baseUrl = baseUrl;
    settings.tokenFile = tokenFile;
    const core::Date today{2024, 5, 20};
    const auto period = core::defaultPeriod(definition, today);
    const auto begin = Clock::now();
    auto client = registry::makeRegistryClient(settings);
    const auto found = client->findCaseByDnr(dnr);
    if (!found) throw std::runtime_error("no case " + dnr + " in the registry");
    const auto& reportCase = *found;
    auto entries = client->listEntries(reportCase.systemId);
    std::vector<registry::CaseQuery> queries;
    for (const auto& type : core::countedCaseTypes(definition))
        queries.push_back({type, std::nullopt, std::nullopt, std::nullopt,
                           core::countedCaseFields(definition, type)});
    const auto makeClient = [&] { return registry::makeRegistryClient(settings); };
    core::ReportModel model;
    if (mode == "held") {
        auto cases = registry::fetchCases(makeClient, queries);
        const core::ReportInput input{definition,       reportCase, std::move(entries),
                                      std::move(cases), period,     today};
        model = core::computeReport(input);
    } else {
        auto tally = registry::tallyCases<core::CaseTally>(
            makeClient, queries, [&] { return core::CaseTally(definition, period); });
        const core::ReportInput input{definition, reportCase, std::move(entries),
                                      {},         period,     today};
        model = core::computeReport(input, std::move(tally));
    }
    const auto content = core::toDocumentContent(model, definition);
    const auto json = core::toReportJson(model);
    const auto elapsed = seconds(Clock::now() - begin);
    std::ofstream(out, std::ios::binary) << json;
    std::printf("%.4f %.1f %zu\n", elapsed, peakMemoryMiB(), content.tables.size());
    return 0;
}

struct ChildResult {
    double seconds = 0, peakMiB = 0;
};

// Runs this program again as one --compute process and reads what it printed.
ChildResult runChild(const std::string& program, const std::string& mode,
                     const tests::ReferenceRegistryProcess& server,
                     const std::filesystem::path& out) {
    const auto settings = server.settings(tests::ReferenceRegistryProcess::kReadToken);
    const std::string self =
        program.empty() ? std::filesystem::read_symlink("/proc/self/exe").string() : program;
    std::vector<std::string> args{
        self, "--child", mode, server.baseUrl(), settings.tokenFile->string(), out.string()};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    pid_t pid = -1;
    const int spawned = posix_spawn(&pid, self.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    std::string text;
    char buffer[256];
    for (ssize_t n; spawned == 0 && (n = read(fds[0], buffer, sizeof buffer)) > 0;)
        text.append(buffer, static_cast<size_t>(n));
    close(fds[0]);
    int status = 0;
    if (spawned != 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        throw std::runtime_error("the " + mode + " process failed");
    ChildResult result;
    std::istringstream(text) >> result.seconds >> result.peakMiB;
    return result;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

int compareHeldAndStreamed(std::vector<int> scales, int rounds, const std::string& heldProgram) {
    if (scales.empty()) scales = {1, 10, 100};
    const auto directory =
        std::filesystem::temp_directory_path() / ("registry-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(directory);
    bool allSame = true;
    std::printf("held: %s\n", heldProgram.empty() ? "this build" : heldProgram.c_str());
    std::printf(
        "fetch + compute (report.json and the document's content), one process each, "
        "alternating\n\n| scale | round | held s | held VmHWM MiB | streamed s | streamed VmHWM "
        "MiB | streamed / held time | report.json |\n|---|---|---|---|---|---|---|---|\n");
    for (int scale : scales) {
        tests::ReferenceRegistryProcess server({scale, 1, false, {}});
        std::vector<double> ratios, held, streamed, heldPeak, streamedPeak;
        for (int round = 1; round <= rounds; ++round) {
            const auto heldJson = directory / "held.json",
                       streamedJson = directory / "streamed.json";
            // Alternate which goes first, so that neither always follows the other.
            ChildResult h, s;
            if (round % 2 == 1) {
                h = runChild(heldProgram, "held", server, heldJson);
                s = runChild({}, "streamed", server, streamedJson);
            } else {
                s = runChild({}, "streamed", server, streamedJson);
                h = runChild(heldProgram, "held", server, heldJson);
            }
            const bool same = readAll(heldJson) == readAll(streamedJson);
            allSame = allSame && same;
            held.push_back(h.seconds);
            streamed.push_back(s.seconds);
            heldPeak.push_back(h.peakMiB);
            streamedPeak.push_back(s.peakMiB);
            ratios.push_back(s.seconds / h.seconds);
            std::printf("| %d | %d | %.3f | %.1f | %.3f | %.1f | %.2f | %s |\n", scale, round,
                        h.seconds, h.peakMiB, s.seconds, s.peakMiB, ratios.back(),
                        same ? "identical" : "DIFFERS");
            std::fflush(stdout);
        }
        std::printf("| %d | median | %.3f | %.1f | %.3f | %.1f | %.2f (median of the rounds) | |\n",
                    scale, median(held), median(heldPeak), median(streamed), median(streamedPeak),
                    median(ratios));
    }
    std::filesystem::remove_all(directory);
    if (!allSame) std::printf("\nreport.json DIFFERS between held and streamed\n");
    return allSame ? 0 : 1;
}

// --big-page: the peak memory of one oversized JSON answer.
int bigPage(int mebibytes, std::optional<std::int64_t> maxJsonBytes) {
    // Sent as it is made, so that only the client holds the answer.
    const std::string head = "{\"count\": 1, \"results\": [", tail = "0]}";
    const std::int64_t values =
        (static_cast<std::int64_t>(mebibytes) * 1024 * 1024 - 30) / 2;  // "0," each
    const std::int64_t length = static_cast<std::int64_t>(head.size() + tail.size()) + 2 * values;
    tests::ScriptedServer server([&](const std::string&, Poco::Net::StreamSocket& client,
                                     const std::atomic<bool>&) {
        auto sendAll = [&](const std::string& bytes) {
            for (std::size_t sent = 0; sent < bytes.size();) {
                const int n =
                    client.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent));
                if (n <= 0) return false;
                sent += static_cast<std::size_t>(n);
            }
            return true;
        };
        std::string block;
        for (int i = 0; i < 64 * 1024; ++i) block += "0,";
        if (!sendAll("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                     std::to_string(length) + "\r\n\r\n" + head))
            return;
        for (std::int64_t left = values; left > 0;) {
            const auto n = std::min<std::int64_t>(left, 64 * 1024);
            if (!sendAll(block.substr(0, static_cast<std::size_t>(2 * n)))) return;
            left -= n;
        }
        sendAll(tail);
    });
    registry::ClientOptions options;
    options.baseUrl = server.baseUrl();
    options.retry.maxAttempts = 1;
    if (maxJsonBytes) options.maxJsonResponseBytes = *maxJsonBytes;
    const double before = peakMemoryMiB();
    const auto t0 = Clock::now();
    std::string outcome = "accepted";
    try {
        auto client = registry::makeRegistryClient(options, "bench-token");
        (void)client->queryCases({"HOT_VALD", {}, {}, {}, {}});
    } catch (const registry::RegistryError& error) {
        outcome = std::string(registry::toString(error.kind())) + " (" + error.detail() + ")";
    }
    std::printf(
        "big page %d MiB (%lld bytes), max-json-response-bytes %lld: %s in %.2f s\n"
        "VmHWM before %.1f MiB, after %.1f MiB\n",
        mebibytes, static_cast<long long>(length),
        static_cast<long long>(options.maxJsonResponseBytes), outcome.c_str(),
        seconds(Clock::now() - t0), before, peakMemoryMiB());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc >= 3 && argv[1] == std::string("--big-page")) {
        std::optional<std::int64_t> maxJsonBytes;
        if (argc == 5 && argv[3] == std::string("--max-json-bytes"))
            maxJsonBytes = std::stoll(argv[4]);
        return bigPage(std::stoi(argv[2]), maxJsonBytes);
    }
    // --child MODE BASE-URL TOKEN-FILE OUT [DNR]: one --compute process (DNR: the report's
    // case, 2024SOCN33 unless given; 2024SN12 in the seed's small profile).
    if ((argc == 6 || argc == 7) && argv[1] == std::string("--child")) {
        try {
            return computeChild(argv[2], argv[3], argv[4], argv[5],
                                argc == 7 ? argv[6] : "2024SOCN33");
        } catch (const std::exception& error) {
            std::cerr << "registry-bench --child: " << error.what() << "\n";
            return 1;
        }
    }
    std::vector<int> scales;
    int rounds = 2;
    bool reportFields = false, onlyConcurrent = false, compute = false;
    std::string heldProgram;
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
        else if (arg == "--compute")
            compute = true;
        else if (arg == "--held-program" && i + 1 < argc)
            heldProgram = argv[++i];
        else {
            std::cerr << "usage: registry-bench [--scale N]... [--rounds R] [--fields all|report] "
                         "[--only-concurrent]\n       registry-bench --compute [--scale N]... "
                         "[--rounds R] [--held-program PATH]\n";
            return 2;
        }
    }
    if (compute) {
        try {
            bool roundsGiven = false;
            for (int i = 1; i < argc; ++i)
                roundsGiven = roundsGiven || argv[i] == std::string("--rounds");
            return compareHeldAndStreamed(scales, roundsGiven ? rounds : 3, heldProgram);
        } catch (const std::exception& error) {
            std::cerr << "registry-bench: " << error.what() << "\n";
            return 1;
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
