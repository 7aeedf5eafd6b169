// report-bench: how fast and how lean the report is, end to end, against the
// office floor. Prints a table; run on demand (not by ctest), results in
// tests/bench/RESULTS.md.
//
//   report-bench [--warm N] [--soak N] [--rounds N] [--skip-scale-100] [--only-scales]
//   [--only-throughput]
//                [--no-load-ahead] [--office-log] [--keep-output DIR]
//
// "End to end" = fetch every counted case from the reference registry, compute
// the report, fill the template, write ODT + PDF/A. "Floor" = load that
// finished ODT and export PDF/A through the same warm office process: nothing
// built on LibreOffice can produce the PDF faster.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <Poco/ConsoleChannel.h>
#include <Poco/Logger.h>

#include "config/report_definition_loader.h"
#include "core/committee_report.h"
#include "fakes/reference_registry_process.h"
#include "office/office_engine.h"
#include "registry/case_fetch.h"
#include "registry/registry_client.h"
#include "scratch_directory.h"

using namespace committee_report;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
}

long statusKb(const std::string& pid, const char* field) {
    std::ifstream status("/proc/" + pid + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::string(field).size()));
    return 0;
}

struct Stats {
    double median = 0, p95 = 0;
};
Stats stats(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    Stats s;
    s.median = values[values.size() / 2];
    s.p95 = values[std::min(values.size() - 1, static_cast<size_t>(values.size() * 0.95))];
    return s;
}

const core::ReportDefinition& definition() {
    static const auto loaded =
        config::loadReportDefinition(std::filesystem::path(COMMITTEE_REPORT_SOURCE_DIR) /
                                     "templates/hot-och-desinformation/report-definition.xml");
    return loaded;
}

struct Phases {
    double fetch = 0, compute = 0, render = 0;
};

// One report, end to end, as the report action does it (the office prepared first, one
// client for the case, registry::tallyCases for the counted cases); returns the ODT it wrote.
std::filesystem::path report(const config::RegistrySettings& settings, office::OfficeEngine& engine,
                             const std::filesystem::path& out, const std::string& name,
                             Phases* phases = nullptr) {
    auto mark = Clock::now();
    const auto& def = definition();
    engine.prepare(def.templateFile);  // as the report action does before reading the registry
    auto client = registry::makeRegistryClient(settings);
    const auto reportCase = *client->findCaseByDnr("2024SOCN33");
    auto entries = client->listEntries(reportCase.systemId);
    std::vector<registry::CaseQuery> queries;
    for (const auto& type : core::countedCaseTypes(def))
        queries.push_back(
            {type, std::nullopt, std::nullopt, std::nullopt, core::countedCaseFields(def, type)});
    const core::Date today{2024, 5, 20};
    const auto period = core::defaultPeriod(def, today);
    // Tallied as the pages arrive, as the report action does: the fetch phase includes
    // counting the cases, the compute phase what is left (finishing the tables).
    auto tally = registry::tallyCases<core::CaseTally>(
        [&] { return registry::makeRegistryClient(settings); }, queries,
        [&] { return core::CaseTally(def, period); });
    if (phases) phases->fetch += seconds(mark), mark = Clock::now();
    const core::ReportInput input{def, reportCase, std::move(entries), {}, period, today};
    const auto model = core::computeReport(input, std::move(tally));
    office::RenderRequest request;
    request.templateFile = def.templateFile;
    request.content = core::toDocumentContent(model, def);
    request.outputDirectory = out;
    request.baseName = name;
    if (phases) phases->compute += seconds(mark), mark = Clock::now();
    auto odt = engine.render(request).odt;
    if (phases) phases->render += seconds(mark);
    return odt;
}

office::OfficeEngineOptions engineOptions(const std::filesystem::path& work, int processes,
                                          bool loadAhead = true) {
    office::OfficeEngineOptions options;
    options.keepTemplateLoaded = loadAhead;
    options.workDirectory = work;
    options.processes = processes;
    options.maxJobsPerProcess = 100000;
    options.maxMemoryMb = 65536;
    return options;
}

// CPU time (clock ticks) used so far by the engine's office processes.
long officeTicks(const office::OfficeEngine& engine) {
    long ticks = 0;
    for (pid_t pid : engine.processIds()) {
        std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
        std::string line;
        if (!std::getline(stat, line)) continue;
        std::istringstream fields(line.substr(line.rfind(')') + 2));
        std::string field;
        for (int i = 3; i <= 15 && fields >> field; ++i)
            if (i == 14 || i == 15) ticks += std::stol(field);  // utime, stime
    }
    return ticks;
}

// Waits until the office is idle as it is when an official clicks: no job or load ahead
// of ours running (waitUntilIdle), and LibreOffice's own idle work done too (laying out
// the template loaded ahead, releasing a closed document): no CPU used for 100 ms.
// At most 3 s.
void settle(office::OfficeEngine& engine) {
    engine.waitUntilIdle();
    const auto deadline = Clock::now() + std::chrono::seconds(3);
    long last = officeTicks(engine);
    int quiet = 0;
    while (quiet < 2 && Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const long now = officeTicks(engine);
        quiet = now == last ? quiet + 1 : 0;
        last = now;
    }
}

// Runs work(0) … work(clients - 1) on as many threads at once and waits for all.
void concurrently(int clients, const std::function<void(int)>& work) {
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) threads.emplace_back(work, c);
    for (auto& thread : threads) thread.join();
}

// Copies a report's ODT and PDF to `directory` as <name>.odt / <name>.pdf.
void keep(const std::filesystem::path& odt, const std::filesystem::path& directory,
          const std::string& name) {
    std::filesystem::create_directories(directory);
    for (const char* extension : {".odt", ".pdf"})
        std::filesystem::copy_file(std::filesystem::path(odt).replace_extension(extension),
                                   directory / (name + extension),
                                   std::filesystem::copy_options::overwrite_existing);
}

}  // namespace

int main(int argc, char** argv) {
    int warmRuns = 10, soak = 200, throughputRounds = 3;
    bool scale100 = true, onlyScales = false, onlyThroughput = false, loadAhead = true;
    std::filesystem::path keepOutput;  // the last report of each scale is copied here, to look at
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--warm" && i + 1 < argc)
            warmRuns = std::stoi(argv[++i]);
        else if (arg == "--soak" && i + 1 < argc)
            soak = std::stoi(argv[++i]);
        else if (arg == "--rounds" && i + 1 < argc)
            throughputRounds = std::stoi(argv[++i]);
        else if (arg == "--skip-scale-100")
            scale100 = false;
        else if (arg == "--only-scales")
            onlyScales = true;
        else if (arg == "--only-throughput")
            onlyThroughput = true;
        else if (arg == "--keep-output" && i + 1 < argc)
            keepOutput = argv[++i];
        else if (arg == "--no-load-ahead")
            loadAhead = false;
        else if (arg == "--office-log") {
            // Each render's phases (load, fill, ODT, PDF) on stderr.
            auto& office = Poco::Logger::get("committee_report.office");
            office.setChannel(new Poco::ConsoleChannel(std::cerr));
            office.setLevel(Poco::Message::PRIO_DEBUG);
        }
    }
    tests::ScratchDirectory scratch;
    const auto out = scratch.path() / "out";
    std::printf("report-bench: %u cores; warm runs %d; soak %d reports\n\n",
                std::thread::hardware_concurrency(), warmRuns, soak);

    tests::ReferenceRegistryProcess registry1({1, 1, false, {}});
    const auto settings1 = registry1.settings(tests::ReferenceRegistryProcess::kReadToken);

    // Throughput: 8 concurrent requests on 1 and on 2 office processes. Both pools are
    // started first; then rounds alternate between them, so that a change in the machine's
    // speed (±20 % here) falls on both, and the ratio is the median of the rounds' ratios.
    const auto throughput = [&] {
        std::vector<std::unique_ptr<office::OfficeEngine>> pools;
        for (int processes : {1, 2}) {
            pools.push_back(office::makeOfficeEngine(
                engineOptions(scratch.path() / ("office-pool-" + std::to_string(processes)),
                              processes, loadAhead)));
            pools.back()->warmUp();
            // Each process's first document (fonts, filters) is paid before measuring.
            auto& pool = *pools.back();
            concurrently(processes, [&](int c) {
                (void)report(settings1, pool, out, "first-" + std::to_string(c));
            });
        }
        const int perClient = 4;
        std::printf(
            "\n| round | office processes | 8 concurrent requests, reports | seconds | "
            "reports/min |\n|---|---|---|---|---|\n");
        std::vector<double> ratios, perMinute[2];
        for (int round = 1; round <= throughputRounds; ++round) {
            double rate[2] = {0, 0};
            for (int p = 0; p < 2; ++p) {
                auto& pool = *pools[static_cast<size_t>(p)];
                pool.waitUntilIdle();
                const auto start = Clock::now();
                concurrently(8, [&](int c) {
                    for (int r = 0; r < perClient; ++r)
                        (void)report(settings1, pool, out,
                                     "t" + std::to_string(p) + "-" + std::to_string(c));
                });
                const double elapsed = seconds(start);
                rate[p] = 8 * perClient / elapsed * 60.0;
                perMinute[p].push_back(rate[p]);
                std::printf("| %d | %d | %d | %.1f | %.1f |\n", round, p + 1, 8 * perClient,
                            elapsed, rate[p]);
            }
            ratios.push_back(rate[1] / rate[0]);
        }
        std::printf("\n| throughput, median of %d rounds | reports/min |\n|---|---|\n",
                    throughputRounds);
        std::printf("| 1 office process | %.1f |\n", stats(perMinute[0]).median);
        std::printf("| 2 office processes | %.1f |\n", stats(perMinute[1]).median);
        std::sort(ratios.begin(), ratios.end());
        std::printf(
            "| ratio 2 / 1 (median of the rounds' ratios; lowest %.2f, highest %.2f) | %.2f |\n",
            ratios.front(), ratios.back(), stats(ratios).median);
        for (auto& pool : pools) pool->shutdown();
    };
    if (onlyThroughput) {
        throughput();
        return 0;
    }

    // Cold: a fresh profile, the office's first start paid by the first report.
    auto engine = office::makeOfficeEngine(engineOptions(scratch.path() / "office-1", 1));
    auto start = Clock::now();
    auto odt = report(settings1, *engine, out, "cold");
    const double cold = seconds(start);

    // Each measurement starts on an idle office process, as an official's click does: the
    // template the last report used is loaded ahead by then (keepTemplateLoaded), and the
    // floor never waits for that load (settle()).
    std::vector<double> warm, floor;
    for (int i = 0; i < warmRuns; ++i) {
        settle(*engine);
        start = Clock::now();
        odt = report(settings1, *engine, out, "warm");
        warm.push_back(seconds(start));
        settle(*engine);
        start = Clock::now();
        engine->convertToPdfA(odt, out / "floor.pdf");
        floor.push_back(seconds(start));
    }
    // Back to back on a process that loads nothing ahead: the template load is on the wait.
    std::vector<double> inline_;
    {
        auto options = engineOptions(scratch.path() / "office-inline", 1);
        options.keepTemplateLoaded = false;
        auto plain = office::makeOfficeEngine(options);
        // Its first start and first document are paid before measuring, as for the other.
        for (int i = 0; i < 2; ++i) (void)report(settings1, *plain, out, "inline");
        for (int i = 0; i < warmRuns; ++i) {
            start = Clock::now();
            (void)report(settings1, *plain, out, "inline");
            inline_.push_back(seconds(start));
        }
    }
    if (!keepOutput.empty()) keep(odt, keepOutput, "scale-1");
    const auto w = stats(warm), f = stats(floor), b = stats(inline_);
    std::printf("| measurement | median s | p95 s |\n|---|---|---|\n");
    std::printf("| cold (fresh profile, first report) | %.2f | |\n", cold);
    std::printf("| end to end, warm, scale 1 | %.3f | %.3f |\n", w.median, w.p95);
    std::printf("| floor: load ODT + PDF/A export | %.3f | %.3f |\n", f.median, f.p95);
    std::printf("| ratio end to end / floor | %.2f | |\n", w.median / f.median);
    std::printf("| end to end, warm, template not loaded ahead | %.3f | %.3f |\n", b.median, b.p95);
    std::printf("| ratio (not loaded ahead) / floor | %.2f | |\n", b.median / f.median);

    // Scales 10 and 100 against scale 1: each run of the larger registry follows a run of
    // the scale-1 one on the same warm process, so the ratio is taken run by run.
    for (int scale : {10, 100}) {
        if (scale == 100 && !scale100) continue;
        tests::ReferenceRegistryProcess registry({scale, 1, false, {}});
        const auto scaled = registry.settings(tests::ReferenceRegistryProcess::kReadToken);
        std::vector<double> runs, baseline, ratios;
        Phases phases;
        const int count = std::max(5, warmRuns);
        for (int i = 0; i < count; ++i) {
            settle(*engine);
            start = Clock::now();
            (void)report(settings1, *engine, out, "scale-1");
            baseline.push_back(seconds(start));
            settle(*engine);
            start = Clock::now();
            odt = report(scaled, *engine, out, "scale", &phases);
            runs.push_back(seconds(start));
            ratios.push_back(runs.back() / baseline.back());
        }
        if (!keepOutput.empty()) keep(odt, keepOutput, "scale-" + std::to_string(scale));
        const auto s = stats(runs);
        std::printf(
            "| end to end, warm, scale %d (fetch %.2f, compute %.2f, render %.2f) | %.3f | %.3f "
            "|\n",
            scale, phases.fetch / count, phases.compute / count, phases.render / count, s.median,
            s.p95);
        std::sort(ratios.begin(), ratios.end());
        std::printf(
            "| ratio scale %d / scale 1 (scale 1 interleaved: %.3f s; median of %d pairs, "
            "lowest %.2f, highest %.2f) | %.2f | |\n",
            scale, stats(baseline).median, count, ratios.front(), ratios.back(),
            stats(ratios).median);
    }

    if (onlyScales) return 0;
    throughput();

    // Memory across many reports on one warm process.
    long hostAfterWarmup = 0;
    for (int i = 0; i < soak; ++i) {
        (void)report(settings1, *engine, out, "soak");
        if (i == 19) hostAfterWarmup = statusKb("self", "VmRSS:");
    }
    const long hostAfter = statusKb("self", "VmRSS:");
    std::printf("\n| memory after %d reports | MiB |\n|---|---|\n", soak);
    std::printf("| host VmRSS after 20 reports | %.1f |\n", hostAfterWarmup / 1024.0);
    std::printf("| host VmRSS after %d reports | %.1f (%+.1f %%) |\n", soak, hostAfter / 1024.0,
                hostAfterWarmup ? 100.0 * (hostAfter - hostAfterWarmup) / hostAfterWarmup : 0.0);
    std::printf("| host VmHWM | %.1f |\n", statusKb("self", "VmHWM:") / 1024.0);
    for (pid_t pid : engine->processIds()) {
        std::printf("| office process %d VmRSS | %.1f |\n", pid,
                    statusKb(std::to_string(pid), "VmRSS:") / 1024.0);
        std::printf("| office process %d VmHWM | %.1f |\n", pid,
                    statusKb(std::to_string(pid), "VmHWM:") / 1024.0);
    }
    engine->shutdown();
    return 0;
}
