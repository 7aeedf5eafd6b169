// "Skapa tjänsteskrivelse" killed with SIGKILL at each step of its write-back — after the
// entry's POST, after each document's POST, half-way through and after each PUT — then
// run again without the fault: the registry, read through its REST API, holds one draft
// with one ODT and one PDF, both with their bytes and matching checksums, and nothing
// else; the draft can then be edited and finalised. With only the connection cut at those
// steps, the run retries to the same state. And several creates at once from separate
// processes give the same single draft.
#include <boost/test/unit_test.hpp>

#include <future>

#include "write_back_crash_fixture.h"

using namespace committee_report;
using namespace committee_report::tests;
namespace fs = std::filesystem;
using When = FaultProxy::When;

BOOST_AUTO_TEST_SUITE(write_back_crash_test)

namespace {

struct Step {
    const char* name;
    FaultProxy::Rule rule;
};

// The requests of a create's write-back, in order: entry, ODT, its bytes, PDF, its bytes.
const Step kCreateSteps[] = {
    {"after the entry's POST", {"POST", "/ny-handling$", 1, When::AfterResponse}},
    {"after the ODT's POST", {"POST", "/ny-dokument$", 1, When::AfterResponse}},
    {"during the ODT's PUT", {"PUT", "/innehall$", 1, When::DuringBody}},
    {"after the PDF's POST", {"POST", "/ny-dokument$", 2, When::AfterResponse}},
    {"during the PDF's PUT", {"PUT", "/innehall$", 2, When::DuringBody}},
    {"after the ODT's PUT", {"PUT", "/innehall$", 1, When::AfterResponse}},
    // Everything was written, only the last answer is lost: the re-run finds a complete
    // draft and says so (refused, exit 4) instead of registering anything.
    {"after the PDF's PUT", {"PUT", "/innehall$", 2, When::AfterResponse}},
};

bool everythingWritten(const Step& step) { return std::string(step.name) == "after the PDF's PUT"; }

}  // namespace

BOOST_AUTO_TEST_CASE(a_create_killed_at_any_write_back_step_is_completed_by_the_next_run) {
    for (const auto& step : kCreateSteps) {
        BOOST_TEST_CONTEXT(step.name) {
            CrashFixture f;
            runKilledAt(f, step.name, step.rule, "skapa-tjansteskrivelse", {"datum=2024-05-20"});

            const auto again = f.run("skapa-tjansteskrivelse", {"datum=2024-05-20"});
            if (everythingWritten(step)) {
                BOOST_TEST(again.exitCode == 4, describe(again));
                BOOST_TEST(contains(again.output, "Det finns redan ett utkast"), again.output);
            } else {
                BOOST_TEST_REQUIRE(again.exitCode == 0, describe(again));
                BOOST_TEST(contains(again.output, "Utkastet till tjänsteskrivelse är registrerat"),
                           again.output);
            }
            const auto draft = expectOneCorrectState(f, "UTKAST", {{"P .odt", 1}, {"P .pdf", 1}});
            expectNoLeftovers(f);
            // The files in the output folder are the registered bytes, and the re-run's audit
            // line names the SHA-256 of both (what it uploaded, or found its own and complete).
            std::string audit = fileBytes(f.scratch.path() / "log/audit.jsonl");
            audit = audit.substr(audit.rfind('\n', audit.size() - 2) + 1);
            for (const auto& document : draft.documents) {
                BOOST_TEST(sha256Of(fileBytes(f.scratch.path() / "out" / document.fileName)) ==
                               document.checksum,
                           document.fileName);
                if (!everythingWritten(step))  // else the killed run uploaded them
                    BOOST_TEST(contains(audit, "\"sha256\":\"" + document.checksum + "\""),
                               document.fileName << " not in the audit line " << audit);
            }

            // And it is a draft like any other: edited, then finalised.
            BOOST_REQUIRE_EQUAL(f.edit(), 0);
            const auto finalised = f.run("faststall-tjansteskrivelse");
            BOOST_TEST_REQUIRE(finalised.exitCode == 0, describe(finalised));
            expectOneCorrectState(f, "KLAR", {{"P .odt", 2}, {"P .pdf", 1}, {"A .pdf", 1}});
        }
    }
}

// The same steps with the host alive and only its connection cut there (the answer lost, or
// the body cut short): the run itself retries and ends with the same single correct draft.
BOOST_AUTO_TEST_CASE(a_create_whose_connection_is_cut_at_any_step_retries_to_one_draft) {
    for (const auto& step : kCreateSteps) {
        BOOST_TEST_CONTEXT(step.name) {
            CrashFixture f;
            f.proxy.arm(step.rule);  // no action: only the connection is cut
            const auto run = f.run("skapa-tjansteskrivelse", {"datum=2024-05-20"});
            BOOST_TEST_REQUIRE(f.proxy.applied().size() == 1u);
            BOOST_TEST_REQUIRE(run.exitCode == 0, describe(run));
            expectOneCorrectState(f, "UTKAST", {{"P .odt", 1}, {"P .pdf", 1}});
        }
    }
}

// Four officials press "Skapa tjänsteskrivelse" at once, each its own process: one draft with
// one ODT and one PDF; one run registers it, every other says the draft is there.
BOOST_AUTO_TEST_CASE(concurrent_creates_from_separate_processes_give_one_draft) {
    CrashFixture f;
    constexpr int kRuns = 4;
    std::vector<std::future<HostRun>> runs;
    for (int i = 0; i < kRuns; ++i)
        runs.push_back(std::async(std::launch::async, [&f] {
            return f.run("skapa-tjansteskrivelse", {"datum=2024-05-20"});
        }));
    int registered = 0;
    for (auto& future : runs) {
        const auto run = future.get();
        if (run.exitCode == 0) {
            ++registered;
            continue;
        }
        BOOST_TEST(run.exitCode == 4, describe(run));  // refused, with the reason
        BOOST_TEST((contains(run.output, "Det finns redan ett utkast") ||
                    contains(run.output, "En annan körning skapade samtidigt")),
                   run.output);
    }
    BOOST_TEST(registered == 1);
    expectOneCorrectState(f, "UTKAST", {{"P .odt", 1}, {"P .pdf", 1}});
    BOOST_TEST(f.leftovers().empty());  // no staging folder left
}

BOOST_AUTO_TEST_SUITE_END()
