// The office engine against a real headless LibreOffice: fills the sample
// template, and checks the files as a reader would.
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include "office/office_engine.h"
#include "office/office_error.h"
#include "scratch_directory.h"
#include "support/document_inspection.h"

namespace fs = std::filesystem;
using namespace committee_report;
using committee_report::tests::ScratchDirectory;

namespace {

const fs::path kSampleTemplate =
    fs::path(COMMITTEE_REPORT_SOURCE_DIR) / "templates/sample/provutskrift.fott";

office::OfficeEngineOptions engineOptions(const fs::path& work) {
    office::OfficeEngineOptions options;
    options.workDirectory = work / "office";
    options.startTimeout = std::chrono::seconds(90);
    options.jobTimeout = std::chrono::seconds(120);
    return options;
}

core::DocumentContent sampleContent() {
    core::DocumentContent content;
    content.fields["Kommun"] = "Ekbacka kommun";
    content.fields["Diarienummer"] = "2024SOCN33";
    content.fields["Datum"] = "2024-05-20";
    content.blocks["Beskrivning"].paragraphs = {"Första stycket om hot mot socialtjänsten.",
                                                "Andra stycket med åäö och 1 200 träffar."};
    content.tables["Kontroller"].rows = {
        {"Mallens fält", "ifyllda"}, {"Avsnitt", "ifyllt"}, {"Tabellrader", "upprepade 3 gånger"}};
    content.properties.title = "Provutskrift 2024SOCN33";
    content.properties.subject = "2024SOCN33";
    content.properties.author = "Socialförvaltningen";
    return content;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(office_engine_test)

BOOST_AUTO_TEST_CASE(fills_the_sample_template_into_valid_odt_and_pdf_a) {
    ScratchDirectory work;
    auto engine = office::makeOfficeEngine(engineOptions(work.path()));
    office::RenderRequest request{kSampleTemplate, sampleContent(), work.path() / "out",
                                  "2024SOCN33-provutskrift"};
    const auto rendered = engine->render(request);
    engine->shutdown();

    BOOST_TEST(rendered.odt == work.path() / "out/2024SOCN33-provutskrift.odt");
    BOOST_REQUIRE(fs::exists(rendered.pdf));
    BOOST_REQUIRE(fs::exists(rendered.odt));
    // Only the two finished files: no temporary leftovers.
    BOOST_TEST(
        std::distance(fs::directory_iterator(work.path() / "out"), fs::directory_iterator{}) == 2);

    const auto text = tests::pdfText(rendered.pdf);
    BOOST_TEST_MESSAGE(text);
    BOOST_TEST(contains(text, "Diarienummer: 2024SOCN33. Datum: 2024-05-20."));
    BOOST_TEST(contains(text, "Första stycket om hot mot socialtjänsten."));
    BOOST_TEST(contains(text, "Andra stycket med åäö och 1 200 träffar."));
    BOOST_TEST(contains(text, "Tabellrader"));
    BOOST_TEST(contains(text, "upprepade 3 gånger"));
    BOOST_TEST(!contains(text, "Här fyller programmet i stycken."));

    const auto xmp = tests::pdfMetadata(rendered.pdf);
    BOOST_TEST(contains(xmp, "<pdfaid:part>2</pdfaid:part>"), xmp);
    BOOST_TEST(contains(xmp, "<pdfaid:conformance>B</pdfaid:conformance>"), xmp);
    BOOST_TEST(tests::pdfInfo(rendered.pdf, "Title") == "Provutskrift 2024SOCN33");
    BOOST_TEST(tests::pdfInfo(rendered.pdf, "Author") == "Socialförvaltningen");
    BOOST_TEST(tests::pdfInfo(rendered.pdf, "Tagged") == "yes");
    const auto fonts = tests::pdfFonts(rendered.pdf);
    BOOST_TEST(!fonts.empty());
    for (const auto& font : fonts) BOOST_TEST(font.embedded, font.name << " is not embedded");

    for (const char* part : {"content.xml", "styles.xml", "meta.xml", "settings.xml"}) {
        const auto problems = tests::odfSchemaProblems(tests::odtPart(rendered.odt, part),
                                                       "OpenDocument-v1.3-schema.rng");
        BOOST_TEST(problems.empty(), part << ": " << (problems.empty() ? "" : problems.front()));
    }
    const auto manifest = tests::odtPart(rendered.odt, "META-INF/manifest.xml");
    BOOST_TEST(tests::odfSchemaProblems(manifest, "OpenDocument-v1.3-manifest-schema.rng").empty());
    const auto meta = tests::odtPart(rendered.odt, "meta.xml");
    BOOST_TEST(contains(meta, "<dc:subject>2024SOCN33</dc:subject>"), meta);
    BOOST_TEST(contains(meta, "<dc:language>sv-SE</dc:language>"), meta);
    BOOST_TEST(contains(tests::odtPart(rendered.odt, "mimetype"),
                        "application/vnd.oasis.opendocument.text"));
}

BOOST_AUTO_TEST_CASE(a_field_missing_from_the_template_is_named_in_the_error) {
    ScratchDirectory work;
    auto engine = office::makeOfficeEngine(engineOptions(work.path()));
    auto content = sampleContent();
    content.fields["Handlaggare_namn"] = "x";
    office::RenderRequest request{kSampleTemplate, content, work.path() / "out", "prov"};
    BOOST_CHECK_EXCEPTION(
        engine->render(request), office::OfficeError, [](const office::OfficeError& error) {
            BOOST_TEST_MESSAGE(error.what());
            return error.kind() == office::OfficeError::Kind::TemplateInvalid &&
                   contains(error.what(), "Mallen saknar fältet `Handlaggare_namn`") &&
                   contains(error.what(), "provutskrift.fott");
        });
    BOOST_TEST(!fs::exists(work.path() / "out/prov.odt"));
    BOOST_TEST(!fs::exists(work.path() / "out/prov.pdf"));
}

BOOST_AUTO_TEST_CASE(a_missing_office_program_says_what_to_install) {
    ScratchDirectory work;
    auto options = engineOptions(work.path());
    options.program = "/nonexistent/soffice.bin";
    auto engine = office::makeOfficeEngine(options);
    office::RenderRequest request{kSampleTemplate, sampleContent(), work.path() / "out", "prov"};
    BOOST_CHECK_EXCEPTION(engine->render(request), office::OfficeError,
                          [](const office::OfficeError& error) {
                              return error.kind() == office::OfficeError::Kind::StartFailed &&
                                     contains(error.what(), "libreoffice-writer-nogui");
                          });
}

BOOST_AUTO_TEST_CASE(no_office_process_outlives_the_engine) {
    ScratchDirectory work;
    std::vector<pid_t> pids;
    {
        auto engine = office::makeOfficeEngine(engineOptions(work.path()));
        engine->warmUp();
        pids = engine->processIds();
        BOOST_REQUIRE_EQUAL(pids.size(), 1u);
        BOOST_TEST(tests::processAlive(pids.front()));
    }  // destructor shuts down
    for (pid_t pid : pids)
        BOOST_TEST(!tests::processAlive(pid), "soffice " << pid << " still runs");
}

BOOST_AUTO_TEST_CASE(an_office_process_killed_mid_job_is_replaced_and_the_job_succeeds) {
    ScratchDirectory work;
    auto engine = office::makeOfficeEngine(engineOptions(work.path()));
    engine->warmUp();
    const pid_t first = engine->processIds().at(0);
    // Kill the office while the job runs: a big table makes the job last long enough.
    auto content = sampleContent();
    for (int i = 0; i < 3000; ++i)
        content.tables["Kontroller"].rows.push_back({"rad " + std::to_string(i), "x"});
    std::thread killer([first] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        ::kill(first, SIGKILL);
    });
    office::RenderRequest request{kSampleTemplate, content, work.path() / "out", "prov"};
    const auto rendered = engine->render(request);
    killer.join();
    BOOST_TEST(fs::exists(rendered.pdf));
    BOOST_TEST(contains(tests::pdfText(rendered.pdf), "rad 2999"));
    const auto now = engine->processIds();
    BOOST_REQUIRE_EQUAL(now.size(), 1u);
    BOOST_TEST(now.front() != first);
    engine->shutdown();
    BOOST_TEST(!tests::processAlive(now.front()));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(office_pool_test)

BOOST_AUTO_TEST_CASE(a_stalled_office_process_times_out_and_the_pool_recovers) {
    ScratchDirectory work;
    auto options = engineOptions(work.path());
    options.jobTimeout = std::chrono::seconds(4);
    auto engine = office::makeOfficeEngine(options);
    engine->warmUp();
    const pid_t stalled = engine->processIds().at(0);
    auto content = sampleContent();
    for (int i = 0; i < 3000; ++i) content.tables["Kontroller"].rows.push_back({"rad " + std::to_string(i), "x"});
    std::thread stopper([stalled] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        ::kill(stalled, SIGSTOP);
    });
    office::RenderRequest request{kSampleTemplate, content, work.path() / "out", "prov"};
    const auto start = std::chrono::steady_clock::now();
    BOOST_CHECK_EXCEPTION(engine->render(request), office::OfficeError, [](const office::OfficeError& error) {
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

BOOST_AUTO_TEST_SUITE_END()
