// Writing a report back: entry, document, content, status, agenda attachment —
// checked in the registry's database, and never duplicated by a retry or a re-run.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "registry_test_support.h"

using namespace committee_report;
using committee_report::core::Date;
using committee_report::registry::ErrorKind;
using committee_report::registry::RegistryError;
using committee_report::tests::ReferenceRegistryProcess;

namespace {

struct Registry {
    ReferenceRegistryProcess server;
    std::shared_ptr<tests::RecordingClock> clock = std::make_shared<tests::RecordingClock>();
    std::unique_ptr<registry::RegistryClient> client =
        tests::testClient(tests::testOptions(server), ReferenceRegistryProcess::kWriteToken, clock);
    core::CaseRecord initiative = client->findCaseByDnr("2024SOCN33").value();

    static registry::NewEntry report(const std::string& reference) {
        return {"Tjänsteskrivelse – Hot och desinformation mot socialtjänsten",
                {"U", "Upprättad"},
                {"TJS", "Tjänsteskrivelse"},
                {"UTKAST", "Utkast"},
                Date{2024, 5, 20},
                reference,
                {{"Socialnämnden"}}};
    }
    static registry::NewDocument pdf() {
        return {"Tjänsteskrivelse",
                "2024SOCN33-tjansteskrivelse.pdf",
                "application/pdf",
                {"A", "Arkivformat"}};
    }
    std::int64_t entriesWith(const std::string& reference) {
        return server.queryNumber("SELECT COUNT(*) FROM handling WHERE extern_referens = ?",
                                  {reference});
    }
    core::AgendaItem agendaItem(const Date& date, const std::string& dnr) {
        const auto meetings = client->listMeetings({"Socialnämnden", date, date});
        BOOST_REQUIRE(meetings.size() == 1u);
        for (const auto& item : client->listAgendaItems(meetings[0].systemId))
            if (dnr.empty() || item.dnr == dnr) return item;
        BOOST_FAIL("no agenda item");
        throw std::logic_error("unreachable");
    }
};

const std::string kContent =
    "%PDF-1.7\n% a generated report stands in here\n" + std::string(20000, 'x');

}  // namespace

BOOST_FIXTURE_TEST_SUITE(registry_write_test, Registry)

BOOST_AUTO_TEST_CASE(a_report_is_written_back_and_a_rerun_creates_nothing_new) {
    const std::string reference = "committee-report:2024SOCN33:hot-desinformation:1";
    const auto first = client->createEntry(initiative.systemId, report(reference));
    BOOST_TEST(first.created);
    BOOST_TEST(first.record.number == 4);  // after the initiative and two minutes extracts
    BOOST_TEST(first.record.externalReference == reference);
    BOOST_TEST(first.record.status.code == "UTKAST");

    const auto document = client->registerDocument(first.record.systemId, pdf(), kContent);
    BOOST_TEST(document.created);
    BOOST_TEST(document.record.size == static_cast<std::int64_t>(kContent.size()));
    BOOST_TEST(document.record.checksum == registry::sha256Hex(kContent));
    client->uploadContent(document.record, kContent);
    BOOST_TEST(client->downloadDocument(document.record) == kContent);

    const auto final = client->setEntryStatus(first.record.systemId, {"KLAR", "Klar"});
    BOOST_TEST(final.status.code == "KLAR");

    // The same job run again: same entry, same document, nothing added.
    const auto again = client->createEntry(initiative.systemId, report(reference));
    BOOST_TEST(!again.created);
    BOOST_TEST(again.record.systemId == first.record.systemId);
    const auto documentAgain = client->registerDocument(first.record.systemId, pdf(), kContent);
    BOOST_TEST(!documentAgain.created);
    BOOST_TEST(documentAgain.record.systemId == document.record.systemId);
    client->uploadContent(documentAgain.record, kContent);
    BOOST_TEST(client->setEntryStatus(first.record.systemId, {"KLAR", "Klar"}).status.code ==
               "KLAR");

    BOOST_TEST(entriesWith(reference) == 1);
    BOOST_TEST(server.queryNumber("SELECT COUNT(*) FROM dokument WHERE handling_id = ?",
                                  {first.record.systemId}) == 1);
    const auto entries = client->listEntries(initiative.systemId);
    BOOST_REQUIRE(entries.size() == 4u);
    // Lists come in no promised order: the report's entry is found by its id.
    const auto ours = std::find_if(entries.begin(), entries.end(), [&](const auto& e) {
        return e.systemId == first.record.systemId;
    });
    BOOST_REQUIRE(ours != entries.end());
    BOOST_TEST(ours->status.code == "KLAR");
}

BOOST_AUTO_TEST_CASE(content_that_does_not_match_its_checksum_is_refused) {
    const auto entry = client->createEntry(initiative.systemId, report("test:checksum")).record;
    const auto document = client->registerDocument(entry.systemId, pdf(), kContent).record;
    std::string tampered = kContent;
    tampered[100] = 'y';
    BOOST_CHECK_EXCEPTION(
        client->uploadContent(document, tampered), RegistryError, [](const RegistryError& e) {
            return e.kind() == ErrorKind::Rejected && e.registryCode() == "CHECKSUMMA" &&
                   std::string(e.what()).find("kontrollsumma") != std::string::npos;
        });
    BOOST_CHECK_EXCEPTION((void)client->downloadDocument(document), RegistryError,
                          [](const RegistryError& e) { return e.kind() == ErrorKind::NotFound; });
}

BOOST_AUTO_TEST_CASE(a_document_is_attached_to_the_agenda_once) {
    const auto entry = client->createEntry(initiative.systemId, report("test:agenda")).record;
    const auto document = client->registerDocument(entry.systemId, pdf(), kContent).record;
    client->uploadContent(document, kContent);
    const auto item = agendaItem(Date{2024, 6, 19}, "2024SOCN33");
    BOOST_TEST(client->attachToAgendaItem(item.systemId, document.systemId));
    BOOST_TEST(!client->attachToAgendaItem(item.systemId, document.systemId));
    BOOST_TEST(server.queryNumber(
                   "SELECT COUNT(*) FROM bilaga WHERE arendepunkt_id = ? AND dokument_id = ?",
                   {item.systemId, document.systemId}) == 1);
    const auto after = agendaItem(Date{2024, 6, 19}, "2024SOCN33");
    BOOST_REQUIRE(after.attachments.size() == 1u);
    BOOST_TEST(after.attachments[0].documentId == document.systemId);
}

// Two secretaries read the same agenda item; the first one's attachment changes its ETag, so
// the second one's write with the version it read is refused (412) until it reads again.
BOOST_AUTO_TEST_CASE(an_attachment_with_an_outdated_agenda_item_version_is_refused) {
    const auto entry = client->createEntry(initiative.systemId, report("test:if-match")).record;
    auto first = registry::NewDocument(pdf());
    first.fileName = "first.pdf";
    const auto firstDocument =
        client->registerDocument(entry.systemId, first, kContent + "1").record;
    const auto secondDocument = client->registerDocument(entry.systemId, pdf(), kContent).record;
    const auto item = agendaItem(Date{2024, 6, 19}, "2024SOCN33");
    const auto read = client->getAgendaItemVersion(item.systemId);
    BOOST_TEST(!read.etag.empty());
    BOOST_TEST(read.record.attachments.empty());
    BOOST_TEST(client->attachToAgendaItem(item.systemId, firstDocument.systemId, read.etag));
    BOOST_CHECK_EXCEPTION(
        (void)client->attachToAgendaItem(item.systemId, secondDocument.systemId, read.etag),
        RegistryError, [](const RegistryError& e) {
            return e.kind() == ErrorKind::PreconditionFailed && e.httpStatus() == 412;
        });
    // The same document again with the old version is no change: the registry says it is there.
    BOOST_TEST(!client->attachToAgendaItem(item.systemId, firstDocument.systemId, read.etag));
    const auto reread = client->getAgendaItemVersion(item.systemId);
    BOOST_TEST(reread.etag != read.etag);
    BOOST_TEST(reread.record.attachments.size() == 1u);
    BOOST_TEST(client->attachToAgendaItem(item.systemId, secondDocument.systemId, reread.etag));
    BOOST_TEST(server.queryNumber("SELECT COUNT(*) FROM bilaga WHERE arendepunkt_id = ?",
                                  {item.systemId}) == 2);
}

BOOST_AUTO_TEST_CASE(a_published_agenda_is_locked) {
    const auto entry = client->createEntry(initiative.systemId, report("test:locked")).record;
    const auto document = client->registerDocument(entry.systemId, pdf(), kContent).record;
    const auto published = agendaItem(Date{2024, 5, 22}, "");
    try {
        (void)client->attachToAgendaItem(published.systemId, document.systemId);
        BOOST_FAIL("a published agenda accepted an attachment");
    } catch (const RegistryError& error) {
        BOOST_TEST((error.kind() == ErrorKind::AgendaLocked));
        BOOST_TEST(error.registryCode() == "DAGORDNING_LAST");
        BOOST_TEST(std::string(error.what()).find("låst") != std::string::npos);
    }
    BOOST_TEST(server.queryNumber("SELECT COUNT(*) FROM bilaga WHERE dokument_id = ?",
                                  {document.systemId}) == 0);
}

BOOST_AUTO_TEST_CASE(answers_lost_after_the_write_are_retried_without_duplicates) {
    // Each write is done by the registry, but its answer is cut off mid-body;
    // the client retries and must end with exactly one of everything.
    server.setFaults(R"([
        {"path": "/api/arende/", "method": "POST", "fault": "drop", "times": 2},
        {"pathRegex": "/ny-dokument$", "method": "POST", "fault": "drop", "times": 2},
        {"pathRegex": "/innehall$", "method": "PUT", "fault": "status", "status": 503, "retryAfter": 1, "times": 1},
        {"pathRegex": "/ny-bilaga$", "method": "POST", "fault": "drop", "times": 1},
        {"path": "/api/handling/", "method": "PATCH", "fault": "drop", "times": 1}])");
    const std::string reference = "test:retried";
    const auto entry = client->createEntry(initiative.systemId, report(reference));
    BOOST_TEST(!entry.created);  // honest: the registry says it already had it
    const auto document = client->registerDocument(entry.record.systemId, pdf(), kContent);
    client->uploadContent(document.record, kContent);
    const auto final = client->setEntryStatus(entry.record.systemId, {"KLAR", "Klar"});
    BOOST_TEST(final.status.code == "KLAR");
    const auto item = agendaItem(Date{2024, 6, 19}, "2024SOCN33");
    (void)client->attachToAgendaItem(item.systemId, document.record.systemId);

    BOOST_TEST(entriesWith(reference) == 1);
    BOOST_TEST(server.queryNumber("SELECT COUNT(*) FROM dokument WHERE handling_id = ?",
                                  {entry.record.systemId}) == 1);
    BOOST_TEST(server.queryNumber("SELECT COUNT(*) FROM bilaga WHERE dokument_id = ?",
                                  {document.record.systemId}) == 1);
    BOOST_TEST(client->downloadDocument(document.record) == kContent);
    const auto requests = server.requests();
    BOOST_TEST(tests::countMatching(requests, "POST /api/arende/") == 3u);
    BOOST_TEST(tests::countMatching(requests, "PUT /api/dokument/") == 2u);
    BOOST_TEST(clock->sleeps().size() >= 6u);
}

BOOST_AUTO_TEST_CASE(a_status_change_by_someone_else_is_a_precondition_failure) {
    const auto entry = client->createEntry(initiative.systemId, report("test:412")).record;
    server.setFaults(
        R"([{"path": "/api/handling/", "method": "PATCH", "fault": "status", "status": 412, "times": 2}])");
    BOOST_CHECK_EXCEPTION((void)client->setEntryStatus(entry.systemId, {"KLAR", "Klar"}),
                          RegistryError, [](const RegistryError& e) {
                              return e.kind() == ErrorKind::PreconditionFailed && e.httpStatus() == 412;
                          });
    server.clearFaults();
    BOOST_TEST(client->getEntry(entry.systemId).status.code == "UTKAST");
}

BOOST_AUTO_TEST_CASE(a_file_over_the_registrys_limit_is_refused) {
    ReferenceRegistryProcess small({1, 1, true, {"--max-body-bytes", "100000"}});
    auto writer =
        tests::testClient(tests::testOptions(small), ReferenceRegistryProcess::kWriteToken);
    const auto caseId = writer->findCaseByDnr("2024SOCN33").value().systemId;
    const auto entry = writer->createEntry(caseId, report("test:too-large")).record;
    BOOST_CHECK_EXCEPTION(
        (void)writer->registerDocument(entry.systemId, pdf(), std::string(200000, 'x')),
        RegistryError, [](const RegistryError& e) {
            return e.kind() == ErrorKind::TooLarge && e.httpStatus() == 413 &&
                   std::string(e.what()).find("för stor") != std::string::npos;
        });
    BOOST_TEST(small.queryNumber("SELECT COUNT(*) FROM dokument WHERE handling_id = ?",
                                 {entry.systemId}) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
