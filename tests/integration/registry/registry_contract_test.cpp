// The registry client against the reference registry: every read of the
// contract, paging, filters and authorization, checked against what the
// registry's database holds.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include <regex>
#include <set>

#include "registry_test_support.h"

using namespace committee_report;
using committee_report::core::Date;
using committee_report::registry::ErrorKind;
using committee_report::registry::RegistryError;
using committee_report::tests::ReferenceRegistryProcess;

namespace {

struct Registry {
    ReferenceRegistryProcess server;
    std::unique_ptr<registry::RegistryClient> client =
        tests::testClient(tests::testOptions(server), ReferenceRegistryProcess::kReadToken);
};

std::string describe(const RegistryError& error) {
    return std::string(error.what()) + " | " + error.detail();
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(registry_contract_test, Registry)

BOOST_AUTO_TEST_CASE(the_initiative_case_is_found_by_its_dnr) {
    const auto found = client->findCaseByDnr("2024SOCN33");
    BOOST_REQUIRE(found.has_value());
    BOOST_TEST(found->title ==
               "Initiativärende gällande information om hot och desinformation mot socialtjänsten "
               "samt kommunens förebyggande arbete");
    BOOST_TEST(found->type.code == "INITIATIV");
    BOOST_TEST((found->registered == Date{2024, 2, 5}));
    BOOST_TEST(found->organ == "Socialnämnden");
    BOOST_REQUIRE(found->officer.has_value());
    BOOST_TEST(found->officer->title == "Utredare");
    BOOST_TEST(found->officer->unit == "Individ- och familjeomsorg");
    BOOST_TEST(client->getCase(found->systemId).dnr == "2024SOCN33");
    BOOST_TEST(!client->findCaseByDnr("2024SOCN9999").has_value());
}

BOOST_AUTO_TEST_CASE(every_case_of_a_type_arrives_exactly_once_across_pages) {
    const auto expected =
        server.queryNumber("SELECT COUNT(*) FROM arende WHERE arendetyp = 'HOT_VALD'");
    BOOST_REQUIRE(expected > 200);  // more than two server pages of 100
    server.clearRequests();
    const auto cases = client->queryCases({"HOT_VALD", {}, {}, {}, {}});
    BOOST_TEST(static_cast<std::int64_t>(cases.size()) == expected);
    std::set<std::string> ids;
    for (const auto& c : cases) {
        ids.insert(c.systemId);
        BOOST_TEST(c.type.code == "HOT_VALD");
    }
    BOOST_TEST(ids.size() == cases.size());
    const auto pages = tests::countMatching(server.requests(), "GET /api/arende?");
    BOOST_TEST(pages == static_cast<std::size_t>((expected + 99) / 100));
}

BOOST_AUTO_TEST_CASE(a_small_page_size_gives_the_same_cases) {
    auto options = tests::testOptions(server);
    options.pageSize = 7;
    auto small = tests::testClient(options, ReferenceRegistryProcess::kReadToken);
    const auto a = small->queryCases({"FOREBYGGANDE", {}, {}, {}, {}});
    const auto b = client->queryCases({"FOREBYGGANDE", {}, {}, {}, {}});
    BOOST_REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) BOOST_TEST(a[i].systemId == b[i].systemId);
}

BOOST_AUTO_TEST_CASE(registration_date_filters_limit_the_cases) {
    const auto cases = client->queryCases({"DESINFO", Date{2022, 1, 1}, Date{2022, 3, 31}, {}, {}});
    const auto expected = server.queryNumber(
        "SELECT COUNT(*) FROM arende WHERE arendetyp = 'DESINFO' AND registreringsdatum BETWEEN "
        "'2022-01-01' AND '2022-03-31'");
    BOOST_TEST(static_cast<std::int64_t>(cases.size()) == expected);
    BOOST_TEST(!cases.empty());
    for (const auto& c : cases) {
        BOOST_TEST((c.registered >= Date{2022, 1, 1}));
        BOOST_TEST((c.registered <= Date{2022, 3, 31}));
    }
    BOOST_TEST(client->queryCases({"DESINFO", Date{2030, 1, 1}, {}, {}, {}}).empty());
}

BOOST_AUTO_TEST_CASE(egenskaper_arrive_typed_and_the_campaign_peaks_in_early_2022) {
    std::map<std::pair<int, int>, int> perQuarter;
    for (const auto& c : client->queryCases({"DESINFO", {}, {}, {}, {}})) {
        const auto& seen = std::get<Date>(c.properties.at("forstSedd"));
        BOOST_TEST((seen <= c.registered));
        BOOST_TEST(std::holds_alternative<bool>(c.properties.at("lokalKoppling")));
        ++perQuarter[{seen.year, seen.quarter()}];
    }
    const int peak = perQuarter[{2022, 1}];
    for (const auto& [quarter, count] : perQuarter)
        if (quarter != std::pair{2022, 1}) BOOST_TEST(count < peak);

    int withPersonnummer = 0, confidential = 0, withoutOfficer = 0;
    const std::regex pnr(R"(\b(\d{6}|\d{8})-?\d{4}\b)");
    for (const auto& c : client->queryCases({"HOT_VALD", {}, {}, {}, {}})) {
        const auto& incident = std::get<Date>(c.properties.at("datum"));
        BOOST_TEST((incident < c.registered));
        const auto& text = std::get<std::string>(c.properties.at("beskrivning"));
        for (auto it = std::sregex_iterator(text.begin(), text.end(), pnr);
             it != std::sregex_iterator(); ++it) {
            // A real-looking personnummer: Luhn check digit over YYMMDDNNN.
            std::string digits;
            for (char c : it->str())
                if (c != '-') digits += c;
            digits = digits.substr(digits.size() - 10);
            int sum = 0;
            for (int i = 0; i < 9; ++i) {
                const int d = (digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
                sum += d / 10 + d % 10;
            }
            BOOST_TEST((10 - sum % 10) % 10 == digits[9] - '0', it->str());
            ++withPersonnummer;
        }
        if (c.confidentiality) ++confidential;
        if (!c.officer) ++withoutOfficer;
    }
    BOOST_TEST(withPersonnummer > 0);
    BOOST_TEST(confidential > 0);
    BOOST_TEST(withoutOfficer > 0);
}

BOOST_AUTO_TEST_CASE(the_initiatives_entries_and_documents_are_listed_and_downloaded) {
    const auto initiative = client->findCaseByDnr("2024SOCN33").value();
    auto entries = client->listEntries(initiative.systemId);
    BOOST_REQUIRE(entries.size() == 3u);  // the initiative and two minutes extracts
    // Lists come in no promised order (the test registry shuffles them): by löpnummer.
    std::sort(entries.begin(), entries.end(),
              [](const auto& x, const auto& y) { return x.number < y.number; });
    BOOST_TEST(entries[0].number == 1);
    BOOST_TEST(entries[0].direction.code == "I");
    BOOST_TEST((entries[0].received.value() == Date{2024, 2, 5}));
    BOOST_TEST(entries[0].senders.size() == 4u);
    BOOST_TEST(entries[1].documentType.code == "PROTUTDR");
    BOOST_TEST((entries[1].drawnUp.value() == Date{2024, 2, 7}));
    BOOST_TEST(entries[1].title.find("§ 22") != std::string::npos);
    BOOST_TEST((entries[2].drawnUp.value() == Date{2024, 3, 20}));
    BOOST_TEST(entries[2].title.find("§ 28") != std::string::npos);

    const auto documents = client->listDocuments(entries[1].systemId);
    BOOST_REQUIRE(documents.size() == 1u);
    BOOST_TEST(documents[0].mimeType == "application/pdf");
    const auto bytes = client->downloadDocument(documents[0]);
    BOOST_TEST(static_cast<std::int64_t>(bytes.size()) == documents[0].size);
    BOOST_TEST(bytes.rfind("%PDF-", 0) == 0);
    BOOST_TEST(registry::sha256Hex(bytes) == documents[0].checksum);
}

BOOST_AUTO_TEST_CASE(meetings_are_filtered_by_organ_and_date_with_their_agenda) {
    const auto meetings = client->listMeetings({"Socialnämnden", Date{2024, 6, 1}, {}});
    BOOST_REQUIRE(meetings.size() >= 2u);
    for (const auto& m : meetings) BOOST_TEST((m.date >= Date{2024, 6, 1}));
    BOOST_TEST((meetings.front().date == Date{2024, 6, 19}));
    BOOST_TEST(meetings.front().status.code == "PLANERAT");
    BOOST_TEST(meetings.front().place == "Kommunhuset, Ekbacka");

    const auto items = client->listAgendaItems(meetings.front().systemId);
    const auto initiative = client->findCaseByDnr("2024SOCN33").value();
    auto item =
        std::find_if(items.begin(), items.end(), [](auto& i) { return i.dnr == "2024SOCN33"; });
    BOOST_REQUIRE(item != items.end());
    BOOST_TEST(item->caseId == initiative.systemId);
    BOOST_TEST(!item->paragraph.has_value());

    const auto past = client->listMeetings({"Socialnämnden", Date{2024, 2, 7}, Date{2024, 2, 7}});
    BOOST_REQUIRE(past.size() == 1u);
    BOOST_TEST(past[0].status.code == "GENOMFORT");
    const auto tabled = client->listAgendaItems(past[0].systemId);
    auto minutes =
        std::find_if(tabled.begin(), tabled.end(), [](auto& i) { return i.dnr == "2024SOCN33"; });
    BOOST_REQUIRE(minutes != tabled.end());
    BOOST_TEST(minutes->paragraph.value() == 22);
    BOOST_TEST(client->listMeetings({"Kommunstyrelsen", {}, {}}).empty());
}

BOOST_AUTO_TEST_CASE(a_wrong_token_is_unauthorized_and_never_echoed) {
    const std::string secret = "not-a-valid-token-31337";
    auto stranger = tests::testClient(tests::testOptions(server), secret);
    try {
        (void)stranger->findCaseByDnr("2024SOCN33");
        BOOST_FAIL("a wrong token was accepted");
    } catch (const RegistryError& error) {
        BOOST_TEST_MESSAGE(describe(error));
        BOOST_TEST((error.kind() == ErrorKind::Unauthorized));
        BOOST_TEST(error.httpStatus() == 401);
        BOOST_TEST(std::string(error.what()).find("inloggning") != std::string::npos);
        BOOST_TEST(describe(error).find(secret) == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(a_read_only_token_may_not_write) {
    const auto initiative = client->findCaseByDnr("2024SOCN33").value();
    registry::NewEntry entry{"Tjänsteskrivelse",
                             {"U", "Upprättad"},
                             {"TJS", "Tjänsteskrivelse"},
                             {"UTKAST", "Utkast"},
                             Date{2024, 5, 20},
                             "test:forbidden",
                             {}};
    BOOST_CHECK_EXCEPTION((void)client->createEntry(initiative.systemId, entry), RegistryError,
                          [](const RegistryError& e) {
                              return e.kind() == ErrorKind::Forbidden && e.httpStatus() == 403 &&
                                     e.registryCode() == "BEHORIGHET_SAKNAS";
                          });
    BOOST_TEST(server.queryNumber(
                   "SELECT COUNT(*) FROM handling WHERE extern_referens = 'test:forbidden'") == 0);
}

BOOST_AUTO_TEST_CASE(an_unknown_case_is_not_found) {
    BOOST_CHECK_EXCEPTION((void)client->getCase("00000000-0000-4000-8000-000000000000"),
                          RegistryError, [](const RegistryError& e) {
                              return e.kind() == ErrorKind::NotFound &&
                                     e.detail().find("00000000-0000-4000-8000-000000000000") !=
                                         std::string::npos;
                          });
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_registry) {
    ReferenceRegistryProcess twin;  // seed 1, like the fixture's
    auto other = tests::testClient(tests::testOptions(twin), ReferenceRegistryProcess::kReadToken);
    auto a = client->queryCases({"DESINFO", {}, {}, {}, {}});
    auto b = other->queryCases({"DESINFO", {}, {}, {}, {}});
    BOOST_REQUIRE(a.size() == b.size());
    // Each server shuffles its lists its own way; the same cases, compared by dnr.
    for (auto* list : {&a, &b})
        std::sort(list->begin(), list->end(),
                  [](const auto& x, const auto& y) { return x.dnr < y.dnr; });
    for (std::size_t i = 0; i < a.size(); ++i) {
        BOOST_TEST(a[i].systemId == b[i].systemId);
        BOOST_TEST(a[i].dnr == b[i].dnr);
        BOOST_TEST((a[i].properties == b[i].properties));
    }
}

BOOST_AUTO_TEST_SUITE_END()
