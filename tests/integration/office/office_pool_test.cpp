// The office engine's pool against faults: killed, stalled and busy office
// processes, and recycling.
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include "office/office_engine.h"
#include "office/office_error.h"
#include "office_test_fixture.h"
#include "scratch_directory.h"
#include "support/document_inspection.h"

namespace fs = std::filesystem;
using namespace committee_report;
using committee_report::tests::ScratchDirectory;

using namespace committee_report::tests;

BOOST_AUTO_TEST_SUITE(office_pool_test)

BOOST_AUTO_TEST_CASE(a_stalled_office_process_times_out_and_the_pool_recovers) {
    ScratchDirectory work;
    auto options = engineOptions(work.path());
    options.jobTimeout = std::chrono::seconds(4);
    auto engine = office::makeOfficeEngine(options);
    engine->warmUp();
    const pid_t stalled = engine->processIds().at(0);
    auto content = sampleContent();
    for (int i = 0; i < 3000; ++i)
        content.tables["Kontroller"].rows.push_back({"rad " + std::to_string(i), "x"});
    std::thread stopper([stalled] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        ::kill(stalled, SIGSTOP);
    });
    office::RenderRequest request{kSampleTemplate, content, work.path() / "out", "prov"};
    const auto start = std::chrono::steady_clock::now();
    BOOST_CHECK_EXCEPTION(engine->render(request), office::OfficeError,
                          [](const office::OfficeError& error) {
                              BOOST_TEST_MESSAGE(error.what());
                              return error.kind() == office::OfficeError::Kind::Timeout &&
                                     contains(error.what(), "blev inte klart inom 4 sekunder");
                          });
    stopper.join();
    BOOST_TEST((std::chrono::steady_clock::now() - start < std::chrono::seconds(30)));
    BOOST_TEST(!tests::processAlive(stalled));
    BOOST_TEST(!fs::exists(work.path() / "out/prov.pdf"));

    request.content = sampleContent();
    const auto rendered = engine->render(request);
    BOOST_TEST(contains(tests::pdfText(rendered.pdf), "upprepade 3 gånger"));
    const auto pids = engine->processIds();
    engine->shutdown();
    for (pid_t pid : pids) BOOST_TEST(!tests::processAlive(pid));
}

BOOST_AUTO_TEST_CASE(eight_concurrent_jobs_on_two_processes_give_correct_distinct_documents) {
    ScratchDirectory work;
    auto options = engineOptions(work.path());
    options.processes = 2;
    auto engine = office::makeOfficeEngine(options);
    std::vector<std::thread> clients;
    std::vector<std::string> errors(8);
    std::vector<office::RenderedDocument> results(8);
    for (int i = 0; i < 8; ++i) {
        clients.emplace_back([&, i] {
            try {
                auto content = sampleContent();
                const std::string dnr = "2024SOCN" + std::to_string(100 + i);
                content.fields["Diarienummer"] = dnr;
                results[static_cast<size_t>(i)] = engine->render(
                    {kSampleTemplate, content, work.path() / "out", dnr + "-provutskrift"});
            } catch (const std::exception& error) {
                errors[static_cast<size_t>(i)] = error.what();
            }
        });
    }
    for (auto& client : clients) client.join();
    BOOST_TEST(engine->processIds().size() == 2u);
    const auto pids = engine->processIds();
    engine->shutdown();
    for (int i = 0; i < 8; ++i) {
        BOOST_TEST(errors[static_cast<size_t>(i)].empty(), errors[static_cast<size_t>(i)]);
        const auto text = tests::pdfText(results[static_cast<size_t>(i)].pdf);
        BOOST_TEST(contains(text, "Diarienummer: 2024SOCN" + std::to_string(100 + i) + "."),
                   "job " << i << " got someone else's document");
    }
    for (pid_t pid : pids) BOOST_TEST(!tests::processAlive(pid));
}

BOOST_AUTO_TEST_CASE(a_process_is_replaced_after_its_job_limit) {
    ScratchDirectory work;
    auto options = engineOptions(work.path());
    options.maxJobsPerProcess = 2;
    auto engine = office::makeOfficeEngine(options);
    std::vector<pid_t> seen;
    for (int i = 0; i < 3; ++i) {
        (void)engine->render({kSampleTemplate, sampleContent(), work.path() / "out", "prov"});
        seen.push_back(engine->processIds().at(0));
    }
    BOOST_TEST(seen[0] == seen[1]);
    BOOST_TEST(seen[1] != seen[2]);
    BOOST_TEST(!tests::processAlive(seen[0]));
}

BOOST_AUTO_TEST_CASE(prepare_replaces_a_process_due_for_recycling_before_the_next_report) {
    ScratchDirectory work;
    auto options = engineOptions(work.path());
    options.maxJobsPerProcess = 1;
    auto engine = office::makeOfficeEngine(options);
    (void)engine->render({kSampleTemplate, sampleContent(), work.path() / "out", "ett"});
    engine->waitUntilIdle();
    const pid_t used = engine->processIds().at(0);

    // Its one job is done: prepare() replaces it in the background, not the next report.
    engine->prepare(kSampleTemplate);
    engine->waitUntilIdle();
    const pid_t fresh = engine->processIds().at(0);
    BOOST_TEST(fresh != used);
    BOOST_TEST(!tests::processAlive(used));
    const auto rendered =
        engine->render({kSampleTemplate, sampleContent(), work.path() / "out", "tva"});
    BOOST_TEST(contains(tests::pdfText(rendered.pdf), "upprepade 3 gånger"));
    BOOST_TEST(engine->processIds().at(0) == fresh);
    engine->shutdown();
    BOOST_TEST(!tests::processAlive(fresh));
}

BOOST_AUTO_TEST_CASE(shutting_down_while_an_office_is_still_starting_leaves_nothing_behind) {
    // An "office" that starts and never answers: prepare() is still connecting to it when
    // the host shuts the engine down (a CLI run refused at once, say).
    ScratchDirectory work;
    const auto fake = work.path() / "silent-office";
    std::ofstream(fake) << "#!/bin/sh\necho $$ > \"$0.pid\"\nexec sleep 120\n";
    fs::permissions(fake, fs::perms::owner_all);
    auto options = engineOptions(work.path());
    options.program = fake;
    options.startTimeout = std::chrono::seconds(100);
    auto engine = office::makeOfficeEngine(options);
    engine->prepare(kSampleTemplate);

    pid_t started = -1;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (started <= 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        std::ifstream(fake.string() + ".pid") >> started;
    }
    BOOST_REQUIRE(started > 0);
    const auto begin = std::chrono::steady_clock::now();
    engine->shutdown();
    const auto took = std::chrono::steady_clock::now() - begin;
    BOOST_TEST((took < std::chrono::seconds(20)), "shutdown waited for the start timeout");
    BOOST_TEST(!tests::processAlive(started));
}

BOOST_AUTO_TEST_CASE(a_process_is_replaced_once_its_memory_passes_the_limit) {
    ScratchDirectory work;
    auto options = engineOptions(work.path());
    options.maxMemoryMb = 20;  // every office process is larger than this once it has started
    auto engine = office::makeOfficeEngine(options);
    std::vector<pid_t> seen;
    for (int i = 0; i < 2; ++i) {
        const auto rendered =
            engine->render({kSampleTemplate, sampleContent(), work.path() / "out", "prov"});
        BOOST_TEST(contains(tests::pdfText(rendered.pdf), "upprepade 3 gånger"));
        seen.push_back(engine->processIds().at(0));
    }
    BOOST_TEST(seen[0] != seen[1]);
    BOOST_TEST(!tests::processAlive(seen[0]));
    engine->shutdown();
    BOOST_TEST(!tests::processAlive(seen[1]));
}

BOOST_AUTO_TEST_SUITE_END()
