// The office engine against a real headless LibreOffice: fills the sample
// template, and checks the files as a reader would.
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <thread>

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <mutex>

#include "office/office_engine.h"
#include "office/office_error.h"
#include "office_test_fixture.h"
#include "scratch_directory.h"
#include "support/document_inspection.h"

namespace fs = std::filesystem;
using namespace committee_report;
using committee_report::tests::ScratchDirectory;

using namespace committee_report::tests;

namespace {

// Collects the office engine's log lines for the duration of a test.
class LogCapture {
  public:
    LogCapture() : logger_(Poco::Logger::get("committee_report.office")) {
        previousLevel_ = logger_.getLevel();
        previousChannel_ = logger_.getChannel();
        logger_.setChannel(channel_);
        logger_.setLevel(Poco::Message::PRIO_DEBUG);
    }
    ~LogCapture() {
        logger_.setChannel(previousChannel_);
        logger_.setLevel(previousLevel_);
    }
    std::string text() const { return channel_->text(); }

  private:
    class Channel : public Poco::Channel {
      public:
        void log(const Poco::Message& message) override {
            std::lock_guard lock(mutex_);
            text_ += message.getText() + "\n";
        }
        std::string text() const {
            std::lock_guard lock(mutex_);
            return text_;
        }

      private:
        mutable std::mutex mutex_;
        std::string text_;
    };
    Poco::Logger& logger_;
    Poco::AutoPtr<Channel> channel_{new Channel};
    Poco::Channel::Ptr previousChannel_;
    int previousLevel_ = 0;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(office_engine_test)

BOOST_AUTO_TEST_CASE(the_next_report_starts_from_a_template_loaded_ahead_unless_it_changed) {
    ScratchDirectory work;
    const auto templateFile = work.path() / "mall.fott";
    fs::copy_file(kSampleTemplate, templateFile);
    LogCapture log;
    auto engine = office::makeOfficeEngine(engineOptions(work.path()));

    auto first = sampleContent();
    first.fields["Diarienummer"] = "2024SOCN101";
    (void)engine->render({templateFile, first, work.path() / "out", "ett"});
    engine->waitUntilIdle();
    auto second = sampleContent();
    second.fields["Diarienummer"] = "2024SOCN102";
    const auto rendered = engine->render({templateFile, second, work.path() / "out", "tva"});
    BOOST_TEST(contains(log.text(), "load (loaded ahead) 0 ms"), log.text());
    auto text = tests::pdfText(rendered.pdf);
    BOOST_TEST(contains(text, "Diarienummer: 2024SOCN102."));
    BOOST_TEST(!contains(text, "2024SOCN101"));

    // An administrator replaces the template (same size, new time): the copy loaded ahead
    // is stale and must not be used.
    engine->waitUntilIdle();
    std::string flat = fileText(templateFile);
    const auto at = flat.find("PROVUTSKRIFT");
    BOOST_REQUIRE(at != std::string::npos);
    flat.replace(at, 12, "NYUTSKRIFTEN");
    replaceTemplate(templateFile, flat);
    const auto third = engine->render({templateFile, second, work.path() / "out", "tre"});
    text = tests::pdfText(third.pdf);
    BOOST_TEST(contains(text, "NYUTSKRIFTEN"));
    BOOST_TEST(!contains(text, "PROVUTSKRIFT"));
    const auto pids = engine->processIds();
    engine->shutdown();
    for (pid_t pid : pids) BOOST_TEST(!tests::processAlive(pid));
}

BOOST_AUTO_TEST_CASE(
    a_prepared_engine_has_its_office_started_and_the_template_loaded_for_the_first_report) {
    ScratchDirectory work;
    LogCapture log;
    auto engine = office::makeOfficeEngine(engineOptions(work.path()));
    BOOST_TEST(engine->processIds().empty());

    // As the report action does while it reads the registry.
    engine->prepare(kSampleTemplate);
    engine->waitUntilIdle();
    BOOST_TEST(engine->processIds().size() == 1u);
    const auto rendered =
        engine->render({kSampleTemplate, sampleContent(), work.path() / "out", "prov"});
    BOOST_TEST(contains(log.text(), "load (loaded ahead) 0 ms"), log.text());
    BOOST_TEST(contains(tests::pdfText(rendered.pdf), "upprepade 3 gånger"));

    // Prepared again with the template already loaded ahead: nothing more starts.
    engine->waitUntilIdle();
    const auto pids = engine->processIds();
    engine->prepare(kSampleTemplate);
    engine->waitUntilIdle();
    BOOST_TEST((engine->processIds() == pids));
    engine->shutdown();
    for (pid_t pid : pids) BOOST_TEST(!tests::processAlive(pid));
}

BOOST_AUTO_TEST_CASE(preparing_a_missing_template_starts_nothing_and_the_report_explains) {
    ScratchDirectory work;
    auto engine = office::makeOfficeEngine(engineOptions(work.path()));
    const auto missing = work.path() / "finns-inte.fott";
    engine->prepare(missing);
    engine->waitUntilIdle();
    BOOST_TEST(engine->processIds().empty());
    BOOST_CHECK_EXCEPTION(engine->render({missing, sampleContent(), work.path() / "out", "prov"}),
                          office::OfficeError, [](const office::OfficeError& error) {
                              return contains(error.what(), "finns inte");
                          });
}

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

BOOST_AUTO_TEST_CASE(a_table_changed_in_a_new_version_of_the_template_is_read_again) {
    // The engine remembers a template's table shapes per file version: a new version
    // with a third column must be seen, not filled as if it still had two.
    ScratchDirectory work;
    const auto templateFile = work.path() / "mall.fott";
    fs::copy_file(kSampleTemplate, templateFile);
    auto engine = office::makeOfficeEngine(engineOptions(work.path()));
    for (const char* name : {"ett", "tva"}) {
        const auto rendered =
            engine->render({templateFile, sampleContent(), work.path() / "out", name});
        BOOST_TEST(contains(tests::pdfText(rendered.pdf), "upprepade 3 gånger"));
    }

    std::string flat = fileText(templateFile);
    const auto table = flat.find("table:name=\"Kontroller\"");
    BOOST_REQUIRE(table != std::string::npos);
    const std::string column = "<table:table-column table:style-name=\"Tabell.B\"/>";
    const auto at = flat.find(column, table);
    BOOST_REQUIRE(at != std::string::npos);
    flat.insert(at, column);
    const std::string rowEnd = "</table:table-row>";
    const std::string cell =
        "<table:table-cell office:value-type=\"string\"><text:p>Ny</text:p></table:table-cell>";
    const auto end = flat.find("</table:table>", table);
    for (auto row = flat.find(rowEnd, table); row != std::string::npos && row < end;
         row = flat.find(rowEnd, row + cell.size() + rowEnd.size()))
        flat.insert(row, cell);
    replaceTemplate(templateFile, flat);

    BOOST_CHECK_EXCEPTION(
        engine->render({templateFile, sampleContent(), work.path() / "out", "tre"}),
        office::OfficeError, [](const office::OfficeError& error) {
            BOOST_TEST_MESSAGE(error.what());
            return error.kind() == office::OfficeError::Kind::TemplateInvalid &&
                   contains(error.what(), "har 3 kolumner men rapporten har 2");
        });
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

BOOST_AUTO_TEST_CASE(a_table_or_section_missing_from_the_template_is_named_in_the_error) {
    ScratchDirectory work;
    auto engine = office::makeOfficeEngine(engineOptions(work.path()));
    auto content = sampleContent();
    content.tables["Tabell_som_saknas"].rows = {{"a", "b"}};
    BOOST_CHECK_EXCEPTION(engine->render({kSampleTemplate, content, work.path() / "out", "prov"}),
                          office::OfficeError, [](const office::OfficeError& error) {
                              return error.kind() == office::OfficeError::Kind::TemplateInvalid &&
                                     contains(error.what(),
                                              "Mallen saknar tabellen `Tabell_som_saknas`");
                          });
    content = sampleContent();
    content.blocks["Avsnitt_som_saknas"].paragraphs = {"text"};
    BOOST_CHECK_EXCEPTION(engine->render({kSampleTemplate, content, work.path() / "out", "prov"}),
                          office::OfficeError, [](const office::OfficeError& error) {
                              return error.kind() == office::OfficeError::Kind::TemplateInvalid &&
                                     contains(error.what(),
                                              "Mallen saknar avsnittet `Avsnitt_som_saknas`");
                          });

    // A table whose only row is its header has no row to copy the body's formatting from.
    std::string flat = fileText(kSampleTemplate);
    const auto table = flat.find("table:name=\"Kontroller\"");
    const auto headerEnd = flat.find("</table:table-header-rows>", table);
    const auto bodyStart = flat.find("<table:table-row>", headerEnd);
    const auto bodyEnd = flat.find("</table:table-row>", bodyStart) + strlen("</table:table-row>");
    BOOST_REQUIRE(table != std::string::npos && bodyStart < flat.find("</table:table>", table));
    flat.erase(bodyStart, bodyEnd - bodyStart);
    const auto headerOnly = work.path() / "utan-monsterrad.fott";
    std::ofstream(headerOnly, std::ios::binary) << flat;
    for (size_t rows : {1u, 3u}) {
        content = sampleContent();
        content.tables["Kontroller"].rows.resize(rows, {"x", "y"});
        BOOST_CHECK_EXCEPTION(
            engine->render({headerOnly, content, work.path() / "out", "prov"}), office::OfficeError,
            [](const office::OfficeError& error) {
                BOOST_TEST_MESSAGE(error.what());
                return error.kind() == office::OfficeError::Kind::TemplateInvalid &&
                       contains(error.what(), "Tabellen `Kontroller`") &&
                       contains(error.what(), "saknar en mönsterrad under rubrikraden");
            });
    }
    BOOST_TEST(!fs::exists(work.path() / "out/prov.odt"));
    // The engine still works after the refusals.
    const auto rendered =
        engine->render({kSampleTemplate, sampleContent(), work.path() / "out", "prov"});
    BOOST_TEST(contains(tests::pdfText(rendered.pdf), "upprepade 3 gånger"));
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
    office::RenderedDocument rendered;
    std::string failure;
    try {
        rendered = engine->render(request);
    } catch (const office::OfficeError& error) {
        failure = std::string(error.what()) + " / " + error.detail();
    }
    killer.join();
    BOOST_REQUIRE_MESSAGE(failure.empty(), failure);
    BOOST_TEST(fs::exists(rendered.pdf));
    BOOST_TEST(contains(tests::pdfText(rendered.pdf), "rad 2999"));
    const auto now = engine->processIds();
    BOOST_REQUIRE_EQUAL(now.size(), 1u);
    BOOST_TEST(now.front() != first);
    engine->shutdown();
    BOOST_TEST(!tests::processAlive(now.front()));
}

BOOST_AUTO_TEST_SUITE_END()
