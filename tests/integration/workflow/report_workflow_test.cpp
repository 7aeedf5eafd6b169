// From the DMS menu to the agenda, against the reference registry: create the
// draft, edit it, finalise it, attach it — then check the registry's own
// database as its administrator would. Re-runs and injected faults create no
// duplicates; every refusal says why.
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <chrono>
#include <future>

#include "workflow_fixture.h"

using namespace committee_report;
using namespace committee_report::tests;
namespace fs = std::filesystem;

namespace {

const std::string kOurEntries =
    "SELECT COUNT(*) FROM handling WHERE extern_referens LIKE 'committee-report:2024SOCN33:%'";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string readAll(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Create, edit, finalise, attach, each again; then the registry and the audit log.
void createEditFinaliseAttach(WorkflowFixture& f) {
    auto created = f.run("skapa-tjansteskrivelse", {{"datum", "2024-05-20"}});
    BOOST_REQUIRE_MESSAGE(created.status == api::Status::Ok, describe(created));
    BOOST_TEST(created.createdIds.size() == 3u);  // the entry and its two documents
    BOOST_TEST(f.count(kOurEntries) == 1);
    BOOST_TEST(
        f.count(
            "SELECT COUNT(*) FROM handling WHERE extern_referens = "
            "'committee-report:2024SOCN33:hot-och-desinformation:1' AND status_kode = 'UTKAST'") ==
        1);
    const fs::path odt = created.files.at(0), pdf = created.files.at(1), json = created.files.at(2);
    BOOST_TEST(odt.filename() == "2024SOCN33-tjansteskrivelse.odt");
    BOOST_TEST(json.filename() == "2024SOCN33-tjansteskrivelse.report.json");
    // The registry stored exactly our bytes.
    for (const auto& file : {odt, pdf}) {
        const auto sha = runCommand("sha256sum " + shellQuote(file.string())).substr(0, 64);
        BOOST_TEST(f.count("SELECT COUNT(*) FROM dokument WHERE checksumma = '" + sha +
                           "' AND storlek = " + std::to_string(fs::file_size(file)) +
                           " AND length(innehall) = storlek") == 1,
                   file.filename());
    }

    // The report reads as the committee asked: each part, with the computed figures.
    Poco::JSON::Parser parser;
    auto report = parser.parse(readAll(json)).extract<Poco::JSON::Object::Ptr>();
    const auto incidents = report->getObject("figures")->getObject("incidents");
    const std::string total = std::to_string(incidents->getValue<int>("total"));
    const auto text = pdfText(pdf);
    for (const char* heading :
         {"Förslag till beslut", "Sammanfattning", "Bakgrund",
          "Hot och desinformation mot socialtjänsten i Sverige", "Kommunens förebyggande arbete",
          "Vad politiken kan bidra med", "Konsekvenser", "Beslutsunderlag"})
        BOOST_TEST(contains(text, heading), heading);
    BOOST_TEST(contains(text, total + " händelser"),
               "total " << total << " not stated in the text");
    BOOST_TEST(contains(pdfMetadata(pdf), "<pdfaid:part>2</pdfaid:part>"));

    BOOST_REQUIRE_EQUAL(f.edit(), 0);
    auto finalised = f.run("faststall-tjansteskrivelse");
    BOOST_REQUIRE_MESSAGE(finalised.status == api::Status::Ok, describe(finalised));
    BOOST_TEST(f.count("SELECT COUNT(*) FROM handling WHERE extern_referens LIKE "
                       "'committee-report:2024SOCN33:%' "
                       "AND status_kode = 'KLAR'") == 1);
    const fs::path archival = finalised.files.at(1);
    const auto archivalSha = runCommand("sha256sum " + shellQuote(archival.string())).substr(0, 64);
    BOOST_TEST(f.count("SELECT COUNT(*) FROM dokument WHERE variant_kode = 'A' AND checksumma = '" +
                       archivalSha + "'") == 1);
    BOOST_TEST(contains(pdfMetadata(archival), "<pdfaid:part>2</pdfaid:part>"));
    BOOST_TEST(!contains(pdfText(archival), "<Förvaltningens"),
               "a placeholder survived into the final PDF");

    auto attached = f.run("bifoga-till-dagordning", {{"meeting-date", "2024-06-19"}});
    BOOST_REQUIRE_MESSAGE(attached.status == api::Status::Ok, describe(attached));
    BOOST_TEST(contains(attached.message, "punkt 7"), attached.message);
    BOOST_TEST(
        f.count(
            "SELECT COUNT(*) FROM bilaga b JOIN arendepunkt p ON p.id = b.arendepunkt_id "
            "JOIN sammantrade s ON s.id = p.sammantrade_id JOIN dokument d ON d.id = b.dokument_id "
            "WHERE p.diarienummer = '2024SOCN33' AND s.sammantradesdatum = '2024-06-19' "
            "AND d.variant_kode = 'A' AND d.checksumma = '" +
            archivalSha + "'") == 1);

    // Every action again: nothing new in the registry, and each says so.
    const auto entries = f.count("SELECT COUNT(*) FROM handling");
    const auto documents = f.count("SELECT COUNT(*) FROM dokument");
    const auto attachments = f.count("SELECT COUNT(*) FROM bilaga");
    auto again = f.run("skapa-tjansteskrivelse", {{"datum", "2024-05-20"}});
    BOOST_TEST((again.status == api::Status::Refused));
    BOOST_TEST(contains(again.message, "redan fastställd"), again.message);
    again = f.run("faststall-tjansteskrivelse");
    BOOST_TEST((again.status == api::Status::Ok));
    BOOST_TEST(contains(again.message, "redan fastställd"), again.message);
    again = f.run("bifoga-till-dagordning", {{"meeting-date", "2024-06-19"}});
    BOOST_TEST((again.status == api::Status::Ok));
    BOOST_TEST(contains(again.message, "redan bifogad"), again.message);
    BOOST_TEST(f.count("SELECT COUNT(*) FROM handling") == entries);
    BOOST_TEST(f.count("SELECT COUNT(*) FROM dokument") == documents);
    BOOST_TEST(f.count("SELECT COUNT(*) FROM bilaga") == attachments);

    // The audit log has one line per run, with the user id and no names.
    const auto audit = readAll(f.scratch.path() / "log/audit.jsonl");
    BOOST_TEST(std::count(audit.begin(), audit.end(), '\n') == 6);
    BOOST_TEST(contains(audit, "\"user\":\"u-4711\""));
    BOOST_TEST(contains(audit, "\"template\":\"hot-och-desinformation@"));
    BOOST_TEST(contains(audit, "\"sha256\":\"" + archivalSha + "\""));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(report_workflow_test)

BOOST_AUTO_TEST_CASE(create_edit_finalise_attach_and_the_registry_holds_exactly_that) {
    WorkflowFixture f;  // lists in a shuffled order, chosen at start
    createEditFinaliseAttach(f);
}

BOOST_AUTO_TEST_CASE(the_workflow_takes_no_list_order_for_newest_first_or_last) {
    // The registry lists documents, entries and agenda items newest first: a client that
    // took "the last one listed" for the newest finalises the unedited draft ("Ej ifyllt")
    // on every run here, not only when a shuffle happens to hide the newest (issue 15).
    WorkflowFixture f(WorkflowInstallation{.reverseLists = true});
    createEditFinaliseAttach(f);
}

BOOST_AUTO_TEST_CASE(a_draft_already_there_is_reported_and_a_new_version_only_on_request) {
    WorkflowFixture f;
    BOOST_REQUIRE(
        (f.run("skapa-tjansteskrivelse", {{"datum", "2024-05-20"}}).status == api::Status::Ok));
    auto again = f.run("skapa-tjansteskrivelse", {{"datum", "2024-05-20"}});
    BOOST_TEST((again.status == api::Status::Refused));
    BOOST_TEST(contains(again.message, "Det finns redan ett utkast"), again.message);
    BOOST_TEST(contains(again.message, "ny-version=ja"));
    BOOST_TEST(f.count(kOurEntries) == 1);
    auto second = f.run("skapa-tjansteskrivelse", {{"datum", "2024-05-21"}, {"ny-version", "ja"}});
    BOOST_REQUIRE_MESSAGE(second.status == api::Status::Ok, describe(second));
    BOOST_TEST(fs::path(second.files.at(0)).filename() == "2024SOCN33-tjansteskrivelse-v2.odt");
    BOOST_TEST(f.count(kOurEntries) == 2);
}

BOOST_AUTO_TEST_CASE(faults_during_the_write_back_create_no_duplicates) {
    WorkflowFixture f;
    f.registry.setFaults(R"([
        {"path": "/api/arende/", "method": "POST", "fault": "drop", "times": 1},
        {"path": "/api/handling/", "method": "POST", "fault": "status", "status": 503, "retryAfter": 0, "times": 2},
        {"path": "/api/dokument/", "method": "PUT", "fault": "drop", "times": 1}
    ])");
    auto created = f.run("skapa-tjansteskrivelse", {{"datum", "2024-05-20"}});
    BOOST_REQUIRE_MESSAGE(created.status == api::Status::Ok, describe(created));
    f.registry.clearFaults();
    BOOST_TEST(f.count(kOurEntries) == 1);
    BOOST_TEST(f.count("SELECT COUNT(*) FROM dokument d JOIN handling h ON h.id = d.handling_id "
                       "WHERE h.extern_referens LIKE 'committee-report:2024SOCN33:%'") == 2);
    BOOST_TEST(f.count("SELECT COUNT(*) FROM dokument WHERE innehall IS NULL OR length(innehall) "
                       "!= storlek") == 0);
}

BOOST_AUTO_TEST_CASE(cancelling_while_the_cases_are_fetched_stops_at_once_and_writes_nothing) {
    WorkflowFixture f;
    // Every page of cases takes 300 ms: the fetch would take several seconds.
    f.registry.setFaults(
        R"([{"path": "/api/arende?", "fault": "latency", "delayMs": 300, "times": -1}])");
    struct CancelWhileFetching final : api::ProgressListener {
        std::vector<std::string> stages, messages;
        void onProgress(std::string_view stage, double,
                        std::string_view message) noexcept override {
            stages.emplace_back(stage);
            messages.emplace_back(message);
        }
        bool cancelRequested() const noexcept override {
            return !stages.empty() && stages.back() == "hamtar-underlag";
        }
    } progress;
    const auto start = std::chrono::steady_clock::now();
    const auto result = f.run("skapa-tjansteskrivelse", {{"datum", "2024-05-20"}}, progress);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    BOOST_TEST((result.status == api::Status::Cancelled), describe(result));
    BOOST_TEST(result.message == "Åtgärden avbröts.");
    BOOST_TEST(elapsed < std::chrono::seconds(3));
    BOOST_TEST(
        contains(progress.messages.back(),
                 "Hämtar ärenden av typerna HOT_VALD, DESINFO och FOREBYGGANDE från diariet"),
        progress.messages.back());
    BOOST_TEST(f.count(kOurEntries) == 0);
}

BOOST_AUTO_TEST_CASE(every_refusal_says_why) {
    WorkflowFixture f;
    auto attachDraftless = f.run("bifoga-till-dagordning", {{"meeting-date", "2024-06-19"}});
    BOOST_TEST((attachDraftless.status == api::Status::Refused));

    BOOST_REQUIRE(
        (f.run("skapa-tjansteskrivelse", {{"datum", "2024-05-20"}}).status == api::Status::Ok));
    auto attachDraft = f.run("bifoga-till-dagordning", {{"meeting-date", "2024-06-19"}});
    BOOST_TEST((attachDraft.status == api::Status::Refused));
    BOOST_TEST(contains(attachDraft.message, "Ett utkast kan inte bifogas"), attachDraft.message);

    auto unfilled = f.run("faststall-tjansteskrivelse");  // nothing edited yet
    BOOST_TEST((unfilled.status == api::Status::Refused));
    BOOST_TEST(unfilled.warnings.size() >= 2u);
    // The assessment is a draft built from the data, under a marker the official removes.
    BOOST_TEST(contains(describe(unfilled),
                        "Ej ifyllt: Bekräfta eller ändra Förvaltningens bedömning"),
               describe(unfilled));

    BOOST_REQUIRE_EQUAL(f.edit("--leave-unfilled"), 0);
    auto partly = f.run("faststall-tjansteskrivelse");
    BOOST_TEST((partly.status == api::Status::Refused));
    BOOST_TEST(partly.warnings.size() < unfilled.warnings.size());

    BOOST_REQUIRE_EQUAL(f.edit("--add-personnummer"), 0);
    auto personal = f.run("faststall-tjansteskrivelse");
    BOOST_TEST((personal.status == api::Status::Refused));
    BOOST_TEST(contains(describe(personal), "1 personnummer"), describe(personal));
    BOOST_TEST(!contains(describe(personal), "19850312"), "the refusal repeats the personnummer");
    BOOST_TEST(
        f.count("SELECT COUNT(*) FROM handling WHERE status_kode = 'KLAR' AND extern_referens LIKE "
                "'committee-report:%'") == 0);

    BOOST_REQUIRE_EQUAL(f.edit(), 0);
    BOOST_REQUIRE((f.run("faststall-tjansteskrivelse").status == api::Status::Ok));
    runCommand("sqlite3 " + shellQuote(f.registry.database().string()) +
               " \"UPDATE sammantrade SET status_kode = 'PUBLICERAT', status_namn = 'Publicerat' "
               "WHERE sammantradesdatum = '2024-06-19'\"");
    auto locked = f.run("bifoga-till-dagordning", {{"meeting-date", "2024-06-19"}});
    BOOST_TEST((locked.status == api::Status::Refused));
    BOOST_TEST(contains(locked.message, "publicerad och låst"), locked.message);
    BOOST_TEST(
        f.count("SELECT COUNT(*) FROM bilaga b JOIN arendepunkt p ON p.id = b.arendepunkt_id "
                "JOIN sammantrade s ON s.id = p.sammantrade_id "
                "WHERE p.diarienummer = '2024SOCN33' AND s.sammantradesdatum = '2024-06-19'") == 0);

    auto noRole = f.run("faststall-tjansteskrivelse", {}, {"sekreterare"});
    BOOST_TEST((noRole.status == api::Status::NotAllowed));
    BOOST_TEST(contains(noRole.message, "behörigheten \"handlaggare\""), noRole.message);
}

namespace {

const std::string kOurDocuments =
    "SELECT COUNT(*) FROM dokument d JOIN handling h ON h.id = d.handling_id "
    "WHERE h.extern_referens LIKE 'committee-report:2024SOCN33:%'";
const std::string kCompleteDocuments =
    kOurDocuments + " AND d.innehall IS NOT NULL AND length(d.innehall) = d.storlek";

// The registry holds one draft with exactly one ODT and one PDF, both with their bytes.
void expectOneCompleteDraft(WorkflowFixture& f) {
    BOOST_TEST(f.count(kOurEntries) == 1);
    BOOST_TEST(f.count(kOurDocuments) == 2);
    BOOST_TEST(f.count(kCompleteDocuments + " AND d.filnamn LIKE '%.odt'") == 1);
    BOOST_TEST(f.count(kCompleteDocuments + " AND d.filnamn LIKE '%.pdf'") == 1);
}

}  // namespace

// A run that stops at any step of the write-back (the registry unreachable from there on,
// as when the host is killed) leaves a state the next run completes: afterwards the
// case has one draft, one ODT and one PDF, each with the bytes its checksum names.
BOOST_AUTO_TEST_CASE(a_run_stopped_at_any_write_back_step_is_completed_by_the_next) {
    struct Step {
        const char* name;
        const char* faults;  // from this request on, the registry cannot be reached
    };
    const Step steps[] = {
        {"after the entry's POST",
         R"([{"pathRegex": "^/api/(handling|dokument)/", "fault": "status", "status": 503, "retryAfter": 0, "times": -1}])"},
        {"after the ODT's POST",
         R"([{"pathRegex": "^/api/dokument/.*/innehall", "method": "PUT", "fault": "status", "status": 503, "retryAfter": 0, "times": -1},
             {"pathRegex": "^/api/handling/.*/ny-dokument", "method": "POST", "skip": 1, "fault": "status", "status": 503, "retryAfter": 0, "times": -1}])"},
        {"during the ODT's PUT",
         R"([{"pathRegex": "^/api/dokument/", "method": "PUT", "fault": "drop", "times": 1},
             {"pathRegex": "^/api/", "fault": "status", "status": 503, "retryAfter": 0, "times": -1, "skip": 0, "method": "PUT"}])"},
        {"after the PDF's POST",
         R"([{"pathRegex": "^/api/dokument/.*/innehall", "method": "PUT", "skip": 1, "fault": "status", "status": 503, "retryAfter": 0, "times": -1}])"},
    };
    for (const auto& step : steps) {
        BOOST_TEST_CONTEXT(step.name) {
            WorkflowFixture f;
            f.registry.setFaults(step.faults);
            auto stopped = f.run("skapa-tjansteskrivelse", {{"datum", "2024-05-20"}});
            BOOST_TEST((stopped.status != api::Status::Ok), describe(stopped));
            f.registry.clearFaults();
            auto resumed = f.run("skapa-tjansteskrivelse", {{"datum", "2024-05-20"}});
            BOOST_TEST_REQUIRE((resumed.status == api::Status::Ok), describe(resumed));
            expectOneCompleteDraft(f);
            // The local files are the registered bytes, and the audit log names them.
            const auto audit = readAll(f.scratch.path() / "log/audit.jsonl");
            for (const fs::path file : {resumed.files.at(0), resumed.files.at(1)}) {
                const auto sha = runCommand("sha256sum " + shellQuote(file.string())).substr(0, 64);
                BOOST_TEST(f.count(kCompleteDocuments + " AND d.checksumma = '" + sha + "'") == 1,
                           file.filename());
                BOOST_TEST(contains(audit, sha), file.filename());
            }
            // And the draft can be edited and finalised.
            BOOST_REQUIRE_EQUAL(f.edit(), 0);
            auto finalised = f.run("faststall-tjansteskrivelse");
            BOOST_TEST((finalised.status == api::Status::Ok), describe(finalised));
        }
    }
}

// Finalising stopped before the status PATCH or during the PDF/A's upload: the next run
// uploads the bytes it registered and sets KLAR; never KLAR without the PDF/A's bytes.
BOOST_AUTO_TEST_CASE(a_finalise_stopped_before_its_patch_or_upload_is_completed_by_the_next) {
    for (
        const char* faults :
        {R"([{"pathRegex": "^/api/handling/[^/]*$", "method": "PATCH", "fault": "status", "status": 503, "retryAfter": 0, "times": -1}])",
         R"([{"pathRegex": "^/api/", "method": "PUT", "fault": "status", "status": 503, "retryAfter": 0, "times": -1}])"}) {
        BOOST_TEST_CONTEXT(faults) {
            WorkflowFixture f;
            BOOST_REQUIRE((f.run("skapa-tjansteskrivelse", {{"datum", "2024-05-20"}}).status ==
                           api::Status::Ok));
            BOOST_REQUIRE_EQUAL(f.edit(), 0);
            f.registry.setFaults(faults);
            auto stopped = f.run("faststall-tjansteskrivelse");
            BOOST_TEST((stopped.status != api::Status::Ok), describe(stopped));
            BOOST_TEST(f.count("SELECT COUNT(*) FROM handling WHERE status_kode = 'KLAR' AND "
                               "extern_referens LIKE 'committee-report:%'") == 0);
            f.registry.clearFaults();
            auto finalised = f.run("faststall-tjansteskrivelse");
            if (finalised.status != api::Status::Ok) {
                const auto requests = f.registry.requests();
                for (std::size_t i = requests.size() > 12 ? requests.size() - 12 : 0;
                     i < requests.size(); ++i)
                    BOOST_TEST_MESSAGE(requests[i]);
            }
            BOOST_TEST_REQUIRE((finalised.status == api::Status::Ok), describe(finalised));
            BOOST_TEST(f.count(kCompleteDocuments + " AND d.variant_kode = 'A'") == 1);
            BOOST_TEST(f.count(kOurDocuments + " AND d.variant_kode = 'A'") == 1);
            BOOST_TEST(f.count("SELECT COUNT(*) FROM handling WHERE status_kode = 'KLAR' AND "
                               "extern_referens LIKE 'committee-report:%'") == 1);
        }
    }
}

// Several officials press "Skapa tjänsteskrivelse" at once: one draft, one ODT, one PDF;
// every other run says that the draft exists, none fails.
BOOST_AUTO_TEST_CASE(concurrent_creates_give_one_draft_with_one_odt_and_one_pdf) {
    WorkflowFixture f;
    constexpr int kRuns = 4;
    std::vector<std::future<api::RunResult>> runs;
    for (int i = 0; i < kRuns; ++i)
        runs.push_back(std::async(std::launch::async, [&f] {
            return f.run("skapa-tjansteskrivelse", {{"datum", "2024-05-20"}});
        }));
    int ok = 0;
    for (auto& run : runs) {
        const auto result = run.get();
        if (result.status == api::Status::Ok) {
            ++ok;
        } else {
            BOOST_TEST((result.status == api::Status::Refused), describe(result));
            BOOST_TEST((contains(result.message, "Det finns redan ett utkast") ||
                        contains(result.message, "En annan körning skapade samtidigt")),
                       result.message);
        }
    }
    BOOST_TEST(ok == 1);
    expectOneCompleteDraft(f);
}

// A period without a bound (it once built 39 996 quarters and hung) or before 2000 is refused
// with what to do, before anything is fetched or written; ten years is the default maximum.
BOOST_AUTO_TEST_CASE(a_period_before_2000_or_longer_than_ten_years_is_refused) {
    WorkflowFixture f;
    const auto requestsBefore = f.registry.requests().size();
    auto unbounded = f.run("skapa-tjansteskrivelse", {{"datum", "2024-05-20"},
                                                     {"from", "0001-01-01"},
                                                     {"to", "9999-12-31"}});
    BOOST_TEST((unbounded.status == api::Status::InvalidInput));
    BOOST_TEST(contains(unbounded.message, "Perioden börjar 0001-01-01, före år 2000"),
               unbounded.message);
    BOOST_TEST(contains(unbounded.message, "från 2000-01-01"), unbounded.message);

    auto tooLong = f.run("skapa-tjansteskrivelse", {{"datum", "2024-05-20"},
                                                   {"from", "2014-01-01"},
                                                   {"to", "2024-01-01"}});
    BOOST_TEST((tooLong.status == api::Status::InvalidInput));
    BOOST_TEST(contains(tooLong.message, "Perioden 2014-01-01–2024-01-01 är längre än de högst 10 år"),
               tooLong.message);
    BOOST_TEST(contains(tooLong.message, "Korta perioden"), tooLong.message);

    // Nothing was written, and no counted cases were asked for.
    BOOST_TEST(f.count(kOurEntries) == 0);
    std::size_t caseLists = 0;
    const auto requests = f.registry.requests();
    for (std::size_t i = requestsBefore; i < requests.size(); ++i)
        if (requests[i].rfind("GET /api/arende?", 0) == 0 &&
            requests[i].find("arendetyp") != std::string::npos)
            ++caseLists;
    BOOST_TEST(caseLists == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
