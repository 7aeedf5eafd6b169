// No personal data in any output: names and personnummer seeded into the
// registry's free text, handläggare and senders appear nowhere in what the
// report action writes — ODT parts, PDF text and metadata, report.json, file names.
#include <boost/test/unit_test.hpp>

#include "workflow_fixture.h"

using namespace committee_report;
using namespace committee_report::tests;
namespace fs = std::filesystem;

namespace {

// Invented, unusual names (so a hit can only come from the seeded data) and a valid personnummer.
const std::vector<std::string> kSecrets = {"Qwertyson",    "Ximenez",       "Flinkfot",
                                           "Snusmumrikén", "19850312-2387", "850312-2387",
                                           "8503122387",   "19850312"};

void sql(const WorkflowFixture& f, const std::string& statement) {
    runCommand("sqlite3 " + shellQuote(f.registry.database().string()) + " " +
               shellQuote(statement));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(report_privacy_test)

BOOST_AUTO_TEST_CASE(names_and_personnummer_from_the_registry_reach_no_output) {
    WorkflowFixture f;
    // Free text naming the people involved, in incidents inside the period…
    sql(f,
        "UPDATE arende SET json = json_set(json, '$.egenskaper.beskrivning', "
        "'Klienten Sven Qwertyson (19850312-2387) hotade Maria Ximenez vid hembesök.') "
        "WHERE arendetyp = 'HOT_VALD' AND seq % 7 = 0");
    // …the threatened employee as handläggare of the incident case…
    sql(f,
        "UPDATE arende SET json = json_set(json, '$.handlaggare', "
        "json('{\"namn\":\"Ebba Flinkfot\",\"titel\":\"Socialsekreterare\",\"enhet\":\"Barn och "
        "unga\"}')) "
        "WHERE arendetyp = 'HOT_VALD' AND seq % 5 = 0");
    // …a measure's free text, and a sender on the initiative case.
    sql(f,
        "UPDATE arende SET json = json_set(json, '$.egenskaper.beskrivning', "
        "'Samtal med Snusmumrikén, 850312-2387.') WHERE arendetyp IN ('FOREBYGGANDE', 'DESINFO')");
    sql(f,
        "UPDATE handling SET avsandare = '[{\"namn\":\"Ville Snusmumrikén\"}]' WHERE arende_id = "
        "(SELECT id FROM arende WHERE diarienummer = '2024SOCN33')");

    const auto result = f.run("skapa-tjansteskrivelse", {{"datum", "2024-05-20"}});
    BOOST_REQUIRE_MESSAGE(result.status == api::Status::Ok, describe(result));

    std::vector<std::pair<std::string, std::string>> outputs;  // where, text
    for (const auto& file : result.files) {
        outputs.emplace_back("file name", fs::path(file).filename().string());
        if (fs::path(file).extension() == ".odt")
            for (const char* part : {"content.xml", "styles.xml", "meta.xml"})
                outputs.emplace_back(part, odtPart(file, part));
        if (fs::path(file).extension() == ".pdf") {
            outputs.emplace_back("PDF text", pdfText(file));
            outputs.emplace_back("PDF metadata", pdfMetadata(file));
            outputs.emplace_back("PDF info", runCommand("pdfinfo " + shellQuote(file)));
        }
        if (fs::path(file).extension() == ".json") {
            std::ifstream in(file);
            outputs.emplace_back("report.json",
                                 std::string(std::istreambuf_iterator<char>(in), {}));
        }
    }
    BOOST_TEST(outputs.size() == 10u);  // 3 file names, 3 ODT parts, 3 PDF views, report.json
    for (const auto& [where, text] : outputs) {
        BOOST_TEST(!text.empty(), where << " is empty");
        for (const auto& secret : kSecrets)
            BOOST_TEST(text.find(secret) == std::string::npos, where << " contains " << secret);
    }
    // The log may say what happened, never to whom.
    std::ifstream log(f.scratch.path() / "log/committee-report.log");
    const std::string logText(std::istreambuf_iterator<char>(log), {});
    for (const auto& secret : kSecrets)
        BOOST_TEST(logText.find(secret) == std::string::npos, "log contains " << secret);
}

BOOST_AUTO_TEST_SUITE_END()
