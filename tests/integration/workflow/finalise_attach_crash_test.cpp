// "Fastställ tjänsteskrivelse" killed with SIGKILL after the PDF/A's POST, half-way through
// its PUT, before and after the status PATCH; "Bifoga till dagordning" killed before and
// after its POST — each run again without the fault: the registry, read through its REST
// API, holds one final entry with one complete PDF/A, and the agenda item has it attached
// once. An agenda item changed by someone else between the read and the write is read
// again (If-Match, 412), a bounded number of times.
#include <boost/test/unit_test.hpp>

#include <future>

#include "write_back_crash_fixture.h"

using namespace committee_report;
using namespace committee_report::tests;
using When = FaultProxy::When;

BOOST_AUTO_TEST_SUITE(finalise_attach_crash_test)

namespace {

// The final draft's PDF/A document id, on a case created, edited and finalised.
std::string finalise(CrashFixture& f) {
    BOOST_TEST_REQUIRE(f.run("skapa-tjansteskrivelse", {"datum=2024-05-20"}).exitCode == 0);
    BOOST_REQUIRE_EQUAL(f.edit(), 0);
    BOOST_TEST_REQUIRE(f.run("faststall-tjansteskrivelse").exitCode == 0);
    const auto entries = f.view().reportEntries(CrashFixture::kCase);
    for (const auto& document : entries.at(0).documents)
        if (document.variant == "A") return document.systemId;
    BOOST_FAIL("no PDF/A registered");
    return {};
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_finalise_killed_at_any_write_back_step_is_completed_by_the_next_run) {
    struct Step {
        const char* name;
        FaultProxy::Rule rule;
    };
    const Step steps[] = {
        {"after the PDF/A's POST", {"POST", "/ny-dokument$", 1, When::AfterResponse}},
        {"during the PDF/A's PUT", {"PUT", "/innehall$", 1, When::DuringBody}},
        {"before the status PATCH", {"PATCH", "^/api/handling/[^/]+$", 1, When::BeforeRequest}},
        {"after the status PATCH", {"PATCH", "^/api/handling/[^/]+$", 1, When::AfterResponse}},
    };
    for (const auto& step : steps) {
        BOOST_TEST_CONTEXT(step.name) {
            CrashFixture f;
            const auto created = f.run("skapa-tjansteskrivelse", {"datum=2024-05-20"});
            BOOST_TEST_REQUIRE(created.exitCode == 0, describe(created));
            BOOST_REQUIRE_EQUAL(f.edit(), 0);
            runKilledAt(f, step.name, step.rule, "faststall-tjansteskrivelse");

            const auto again = f.run("faststall-tjansteskrivelse");
            BOOST_TEST_REQUIRE(again.exitCode == 0, describe(again));
            BOOST_TEST(contains(again.output, "fastställd"), again.output);
            const auto final =
                expectOneCorrectState(f, "KLAR", {{"P .odt", 2}, {"P .pdf", 1}, {"A .pdf", 1}});
            expectNoLeftovers(f);
            for (const auto& document : final.documents)
                if (document.variant == "A")
                    BOOST_TEST(contains(pdfMetadata(f.scratch.path() / "out" / document.fileName),
                                        "<pdfaid:part>2</pdfaid:part>"));
        }
    }
}

// Once final, attaching it: killed before its POST reaches the registry, and killed after
// the registry linked it but before the answer came back; each time the next run leaves
// the agenda item with the PDF/A attached exactly once.
BOOST_AUTO_TEST_CASE(an_attach_killed_before_or_after_its_post_is_completed_by_the_next_run) {
    CrashFixture f;
    const auto archival = finalise(f);
    const auto [itemId, before] = f.view().agendaItem(CrashFixture::kCase, "2024-06-19");

    const std::pair<const char*, FaultProxy::Rule> steps[] = {
        {"before the attachment's POST", {"POST", "/ny-bilaga$", 1, When::BeforeRequest}},
        {"after the attachment's POST", {"POST", "/ny-bilaga$", 1, When::AfterResponse}},
    };
    for (const auto& [name, rule] : steps) {
        BOOST_TEST_CONTEXT(name) {
            runKilledAt(f, name, rule, "bifoga-till-dagordning", {"meeting-date=2024-06-19"});
            const auto again = f.run("bifoga-till-dagordning", {"meeting-date=2024-06-19"});
            BOOST_TEST_REQUIRE(again.exitCode == 0, describe(again));
            BOOST_TEST(contains(again.output, "punkt 7"), again.output);
            const auto [id, attached] = f.view().agendaItem(CrashFixture::kCase, "2024-06-19");
            BOOST_TEST(std::count(attached.begin(), attached.end(), archival) == 1);
            BOOST_TEST(attached.size() == before.size() + 1);
            // For the next step: the secretary removes it again in the DMS.
            (void)runCommand("sqlite3 " + shellQuote(f.registry.database().string()) +
                             " \"DELETE FROM bilaga WHERE dokument_id = '" + archival + "'\"");
        }
    }
}

// Another secretary attaches a document to the same agenda item between the action's read of
// the item and its write: the registry refuses the write (If-Match, 412), the action reads
// the item again and attaches; both attachments are there. Should the item change before
// every write, the action gives up after 5 tries and says so; nothing is attached. Three
// secretaries attaching at once leave it attached once.
BOOST_AUTO_TEST_CASE(an_agenda_item_changed_between_read_and_write_is_read_again) {
    CrashFixture f;
    const auto archival = finalise(f);
    const auto view = f.view();
    const auto [itemId, before] = view.agendaItem(CrashFixture::kCase, "2024-06-19");
    // Someone else's document: the initiative's, on the case's first entry.
    std::string other;
    for (const auto& handling :
         view.list("/api/arende/" + view.caseId(CrashFixture::kCase) + "/handling"))
        if (handling->optValue<std::string>("externReferens", "").empty() && other.empty())
            for (const auto& d : view.list(
                     "/api/handling/" + handling->getValue<std::string>("systemId") + "/dokument"))
                other = d->getValue<std::string>("systemId");
    BOOST_TEST_REQUIRE(!other.empty());

    std::atomic<int> otherStatus{0};  // of the other secretary's POST (on the proxy's thread)
    FaultProxy::Rule concurrent{"POST", "/ny-bilaga$", 1, When::BeforeForward};
    concurrent.action = [&, item = itemId] {
        otherStatus = view.post("/api/arendepunkt/" + item + "/ny-bilaga",
                                "{\"dokumentId\": \"" + other + "\"}");
    };
    f.proxy.arm(concurrent);
    const auto attached = f.run("bifoga-till-dagordning", {"meeting-date=2024-06-19"});
    f.proxy.disarm();
    BOOST_TEST(otherStatus == 201);
    BOOST_TEST_REQUIRE(attached.exitCode == 0, describe(attached));
    BOOST_TEST(contains(attached.output, "Tjänsteskrivelsen är bifogad till punkt 7"),
               attached.output);
    const auto requests = f.proxy.requests();
    BOOST_TEST(std::count_if(requests.begin(), requests.end(), [](const std::string& r) {
                   return r.rfind("POST ", 0) == 0 && contains(r, "/ny-bilaga");
               }) == 2);  // refused once (412), then linked
    const auto after = view.agendaItem(CrashFixture::kCase, "2024-06-19").second;
    BOOST_TEST(after.size() == before.size() + 2);
    BOOST_TEST(std::count(after.begin(), after.end(), archival) == 1);
    BOOST_TEST(std::count(after.begin(), after.end(), other) == 1);

    // The item changes before every write (its heading edited in the registry): bounded.
    (void)runCommand("sqlite3 " + shellQuote(f.registry.database().string()) +
                     " \"DELETE FROM bilaga WHERE dokument_id = '" + archival + "'\"");
    FaultProxy::Rule always{"POST", "/ny-bilaga$", 1, When::BeforeForward};
    always.times = 1000;
    always.action = [&, item = itemId] {
        (void)runCommand("sqlite3 " + shellQuote(f.registry.database().string()) +
                         " \"UPDATE arendepunkt SET rubrik = rubrik || '.' WHERE id = '" + item +
                         "'\"");
    };
    f.proxy.arm(always);
    const auto refused = f.run("bifoga-till-dagordning", {"meeting-date=2024-06-19"});
    BOOST_TEST(f.proxy.applied().size() == 5u);
    f.proxy.disarm();
    BOOST_TEST(refused.exitCode == 5, describe(refused));  // unavailable: try again later
    BOOST_TEST(contains(refused.output, "ändrades av någon annan varje gång"), refused.output);
    BOOST_TEST(contains(refused.output, "Den är inte bifogad; försök igen om en stund."),
               refused.output);
    auto now = view.agendaItem(CrashFixture::kCase, "2024-06-19").second;
    BOOST_TEST(std::count(now.begin(), now.end(), archival) == 0);

    // Three secretaries at once: attached once, each run ends well.
    std::vector<std::future<HostRun>> runs;
    for (int i = 0; i < 3; ++i)
        runs.push_back(std::async(std::launch::async, [&f] {
            return f.run("bifoga-till-dagordning", {"meeting-date=2024-06-19"});
        }));
    for (auto& run : runs) {
        const auto result = run.get();
        BOOST_TEST(result.exitCode == 0, describe(result));
    }
    now = view.agendaItem(CrashFixture::kCase, "2024-06-19").second;
    BOOST_TEST(std::count(now.begin(), now.end(), archival) == 1);
}

BOOST_AUTO_TEST_SUITE_END()
