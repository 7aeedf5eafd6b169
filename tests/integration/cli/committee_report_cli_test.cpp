// The committee-report program as an administrator runs it: its output,
// its exit codes, and that it leaves no office process behind.
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "fakes/reference_registry_process.h"
#include "scratch_directory.h"
#include "support/document_inspection.h"

extern char** environ;

namespace fs = std::filesystem;
using namespace committee_report;
using committee_report::tests::ScratchDirectory;

namespace {

const std::string kConfiguration =
    std::string(COMMITTEE_REPORT_BINARY_DIR) + "/committee-report.xml";

tests::CommandResult host(const std::string& arguments) {
    return tests::runShell(tests::shellQuote(HOST_PATH) + " --config " +
                           tests::shellQuote(kConfiguration) + " " + arguments + " 2>&1");
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Bytes a terminal would act on (C0 controls other than those in `allowed`, DEL) or that are
// not UTF-8 at all (0xFE, 0xFF, 0xC0, 0xC1).
std::size_t rawBytes(const std::string& text, const std::string& allowed) {
    std::size_t count = 0;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && allowed.find(c) == std::string::npos) || byte == 0x7F || byte == 0xFE ||
            byte == 0xFF || byte == 0xC0 || byte == 0xC1)
            ++count;
    }
    return count;
}

// The build's configuration with an audit log of the test's own (after <log>, per schema),
// written to <dir>/cr.xml; returns that file.
std::filesystem::path configurationWithAuditLog(const std::filesystem::path& dir,
                                                const std::filesystem::path& audit) {
    std::ifstream in(kConfiguration);
    std::string configuration{std::istreambuf_iterator<char>(in), {}};
    const auto logEnd = configuration.find("/>", configuration.find("<log ")) + 2;
    configuration.insert(logEnd, "\n  <audit-log>" + audit.string() + "</audit-log>");
    std::ofstream(dir / "cr.xml") << configuration;
    return dir / "cr.xml";
}

// 100 KB starting with `marker`, terminal escape sequences, a bell, DEL and CR LF; and how
// an echo of its start must read.
struct Hostile {
    std::string marker = "ESC" + std::to_string(getpid());
    std::string text;
    std::string escaped = marker + "\\x1B[2J\\x1B]0;owned\\x07\\x7F\\x0D\\x0A";
    Hostile() {
        text = marker + "\x1b[2J\x1b]0;owned\x07\x7f" + "\r\n";
        text += std::string(100 * 1024 - text.size(), 'A');
    }
};

// The last audit line that mentions `marker` (empty: none).
std::string auditLineWith(const std::filesystem::path& audit, const std::string& marker) {
    std::ifstream in(audit);
    std::string line, ours;
    while (std::getline(in, line))
        if (contains(line, marker)) ours = line;
    return ours;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(committee_report_cli_test)

BOOST_AUTO_TEST_CASE(version_and_actions) {
    auto version = host("--version");
    BOOST_TEST(version.exitCode == 0);
    BOOST_TEST(contains(version.output, "committee-report 0."), version.output);
    BOOST_TEST(contains(version.output, "tilläggets gränssnitt 1"), version.output);
    auto actions = host("actions");
    BOOST_TEST(actions.exitCode == 0, actions.output);
    BOOST_TEST(contains(actions.output, "provutskrift"));
    BOOST_TEST(contains(actions.output, "Provutskrift av mall"));
    BOOST_TEST(contains(actions.output, "--param datum=ÅÅÅÅ-MM-DD"));
    BOOST_TEST(contains(actions.output, "Kontrollera installationen"));
}

BOOST_AUTO_TEST_CASE(run_writes_odt_and_pdf_a_and_says_where) {
    ScratchDirectory out;
    auto run = host("run provutskrift --case 2024SOCN33 --param datum=2024-05-20 --out " +
                    tests::shellQuote(out.path().string()));
    BOOST_TEST_MESSAGE(run.output);
    BOOST_REQUIRE_EQUAL(run.exitCode, 0);
    const auto pdf = out.path() / "2024SOCN33-provutskrift.pdf";
    BOOST_TEST(contains(run.output, "Fil: " + pdf.string()));
    BOOST_TEST(
        contains(run.output, "[100 %] Klart"));  // plain progress lines when not on a terminal
    BOOST_TEST(contains(tests::pdfMetadata(pdf), "<pdfaid:part>2</pdfaid:part>"));
    BOOST_TEST(contains(tests::pdfText(pdf), "2024SOCN33"));
}

// At debug level every log call with arguments is formatted; Poco writes "[ERRFMT]" instead
// of a line whose format does not fit its arguments' types.
BOOST_AUTO_TEST_CASE(a_run_at_debug_level_logs_no_format_error) {
    ScratchDirectory dir;
    const auto log = dir.path() / "cr.log";
    std::ifstream in(kConfiguration);
    std::string configuration{std::istreambuf_iterator<char>(in), {}};
    const auto logStart = configuration.find("<log ");
    const auto logEnd = configuration.find("/>", logStart) + 2;
    configuration.replace(logStart, logEnd - logStart,
                          "<log file=\"" + log.string() + "\" level=\"debug\"/>");
    std::ofstream(dir.path() / "cr.xml") << configuration;
    const auto cli = [&](const std::string& arguments) {
        return tests::runShell(tests::shellQuote(HOST_PATH) + " --config " +
                               tests::shellQuote((dir.path() / "cr.xml").string()) + " " +
                               arguments + " 2>&1");
    };
    auto run = cli("run provutskrift --case 2024SOCN33 --param datum=2024-05-20 --out " +
                   tests::shellQuote((dir.path() / "out").string()));
    BOOST_TEST(run.exitCode == 0, run.output);
    auto refused = cli("run provutskrift --case 2024SOCN33 --param datum=igår");
    BOOST_TEST(refused.exitCode == 2, refused.output);
    std::ifstream logIn(log);
    const std::string text{std::istreambuf_iterator<char>(logIn), {}};
    // The formatted lines of a run: the render's timings (debug), the start and the refusal.
    BOOST_TEST(contains(text, "render on office process"), text);
    BOOST_TEST(contains(text, "action provutskrift finished: ok"), text);
    BOOST_TEST(contains(text, "action provutskrift: invalid:"), text);
    BOOST_TEST(!contains(text, "[ERRFMT]"), text);
}

BOOST_AUTO_TEST_CASE(failures_exit_non_zero_with_a_message) {
    auto unknown = host("run finns-inte --case 2024SOCN33");
    BOOST_TEST(unknown.exitCode == 2);
    BOOST_TEST(contains(unknown.output, "Åtgärden \"finns-inte\" finns inte"), unknown.output);

    auto noRole = host("--role handlaggare run provutskrift --case 2024SOCN33");
    BOOST_TEST(noRole.exitCode == 3);
    BOOST_TEST(contains(noRole.output, "Fel: Du saknar behörigheten"), noRole.output);

    ScratchDirectory dir;
    std::ofstream(dir.path() / "cr.xml")
        << "<?xml version=\"1.0\"?>\n"
           "<configuration xmlns=\"urn:x-committee-report:configuration:1\">\n"
           "  <templates>t</templates>\n"
           "  <office/>\n"
           "</configuration>\n";
    auto invalid =
        tests::runShell(tests::shellQuote(HOST_PATH) + " --config " +
                        tests::shellQuote((dir.path() / "cr.xml").string()) + " actions 2>&1");
    BOOST_TEST(invalid.exitCode == 2);  // invalid input: the configuration
    BOOST_TEST(contains(invalid.output, "rad 4"), invalid.output);
    BOOST_TEST(contains(invalid.output, "Expected is ( output )"), invalid.output);
}

BOOST_AUTO_TEST_CASE(run_json_prints_the_same_result_json_as_the_c_interface) {
    ScratchDirectory out;
    auto ok = tests::runShell(tests::shellQuote(HOST_PATH) + " --config " +
                              tests::shellQuote(kConfiguration) +
                              " run provutskrift --json --case 2024SOCN33 --param datum=2024-05-20"
                              " --out " +
                              tests::shellQuote(out.path().string()) + " 2>/dev/null");
    BOOST_TEST(ok.exitCode == 0, ok.output);
    BOOST_TEST(ok.output.rfind("{\"status\":\"ok\"", 0) == 0, ok.output);
    BOOST_TEST(contains(ok.output, (out.path() / "2024SOCN33-provutskrift.pdf").string()),
               ok.output);
    auto invalid = tests::runShell(tests::shellQuote(HOST_PATH) + " --config " +
                                   tests::shellQuote(kConfiguration) +
                                   " run provutskrift --json --case 2024SOCN33 --param datum=igår"
                                   " 2>/dev/null");
    BOOST_TEST(invalid.exitCode == 2);
    BOOST_TEST(invalid.output.rfind("{\"status\":\"invalid\"", 0) == 0, invalid.output);
    BOOST_TEST(contains(invalid.output, "ÅÅÅÅ-MM-DD"), invalid.output);
}

BOOST_AUTO_TEST_CASE(doctor_checks_every_part) {
    tests::ReferenceRegistryProcess registry;
    ScratchDirectory dir;
    const auto writeConfiguration = [&](const std::string& token, const std::string& extra) {
        const auto settings = registry.settings(token);
        std::ofstream(dir.path() / "cr.xml")
            << "<?xml version=\"1.0\"?>\n<configuration "
               "xmlns=\"urn:x-committee-report:configuration:1\">\n"
            << "  <templates>" COMMITTEE_REPORT_SOURCE_DIR "/templates</templates>\n"
            << "  <output>" << (dir.path() / "out").string() << "</output>\n"
            << extra << "  <registry><base-url>" << registry.baseUrl() << "</base-url><token-file>"
            << settings.tokenFile->string() << "</token-file></registry>\n</configuration>\n";
    };
    const auto doctor = [&] {
        return tests::runShell(tests::shellQuote(HOST_PATH) + " --config " +
                               tests::shellQuote((dir.path() / "cr.xml").string()) +
                               " doctor 2>&1");
    };
    writeConfiguration(tests::ReferenceRegistryProcess::kWriteToken,
                       "  <office><work-directory>" COMMITTEE_REPORT_BINARY_DIR
                       "/office-tests</work-directory></office>\n");
    auto healthy = doctor();
    BOOST_TEST_MESSAGE(healthy.output);
    BOOST_TEST(healthy.exitCode == 0);
    for (const char* part : {"Konfiguration", "Tillägg", "Mallar", "Rapportdefinitioner",
                             "Diariet svarar och token ger läsrätt", "Token ger skrivrätt",
                             "Utdatamapp", "Kontorsprogrammet startar och skapar PDF/A"})
        BOOST_TEST(contains(healthy.output, std::string("[ok]   ") + part), part);

    writeConfiguration(tests::ReferenceRegistryProcess::kReadToken,
                       "  <office><program>/nonexistent/soffice.bin</program></office>\n");
    auto broken = doctor();
    BOOST_TEST_MESSAGE(broken.output);
    BOOST_TEST(broken.exitCode == 1);
    BOOST_TEST(
        contains(broken.output,
                 "[FEL]  Token ger skrivrätt: Token får läsa men inte registrera handlingar."));
    BOOST_TEST(contains(broken.output, "[FEL]  Kontorsprogrammet"));
    BOOST_TEST(contains(broken.output, "apt-get install libreoffice-writer-nogui"));
    BOOST_TEST(contains(broken.output, "2 av 9 kontroller misslyckades."));

    registry.stop();
    auto unreachable = doctor();
    BOOST_TEST(unreachable.exitCode == 1);
    BOOST_TEST(contains(unreachable.output, "[FEL]  Diariet svarar"), unreachable.output);
}

BOOST_AUTO_TEST_CASE(killing_the_host_outright_leaves_no_office_process) {
    ScratchDirectory out;
    const std::string outArgument = out.path().string();
    std::vector<std::string> arguments = {HOST_PATH, "--config", kConfiguration, "doctor"};
    std::vector<char*> argv;
    for (auto& a : arguments) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    // The host's temporary folder is this test's own, so that what the killed run left there
    // is told apart from other runs' on the machine.
    ScratchDirectory temporary;
    std::vector<std::string> environment = {"TMPDIR=" + temporary.path().string()};
    for (char** e = environ; *e; ++e)
        if (std::string(*e).rfind("TMPDIR=", 0) != 0) environment.emplace_back(*e);
    std::vector<char*> envp;
    for (auto& e : environment) envp.push_back(e.data());
    envp.push_back(nullptr);
    pid_t hostPid = -1;
    BOOST_REQUIRE(posix_spawn(&hostPid, HOST_PATH, &actions, nullptr, argv.data(), envp.data()) ==
                  0);
    posix_spawn_file_actions_destroy(&actions);

    std::vector<int> office;
    for (int i = 0; i < 300 && office.empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        office = tests::officeChildrenOf(hostPid);
    }
    BOOST_REQUIRE_MESSAGE(!office.empty(), "the host started no office process");
    kill(hostPid, SIGKILL);
    int status = 0;
    waitpid(hostPid, &status, 0);
    bool gone = false;
    for (int i = 0; i < 250 && !gone; ++i) {
        gone = !tests::processAlive(office.front());
        if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    BOOST_TEST(gone, "soffice " << office.front() << " outlived the killed host");

    // The killed run's scratch folder (committee-report-check-<pid>-…) is removed by the next
    // installation check, as no process has that pid any more.
    const auto leftovers = [&] {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(temporary.path()))
            if (entry.path().filename().string().rfind("committee-report-check-", 0) == 0)
                names.push_back(entry.path().filename().string());
        return names;
    };
    BOOST_TEST_MESSAGE("left by the killed host: " << leftovers().size());
    auto again = tests::runShell("TMPDIR=" + tests::shellQuote(temporary.path().string()) + " " +
                                 tests::shellQuote(HOST_PATH) + " --config " +
                                 tests::shellQuote(kConfiguration) + " doctor 2>&1");
    BOOST_TEST_MESSAGE(again.output);
    BOOST_TEST(leftovers().empty(),
               "left in TMPDIR: " << (leftovers().empty() ? "" : leftovers()[0]));
}

// A hostile --case (100 KB, terminal escape sequences, a bell, CR LF) is refused with a short,
// escaped echo on the terminal and in the audit log: nothing raw reaches either. (Invalid
// UTF-8 is refused before that by the C interface: "Begäran är inte giltig UTF-8".)
BOOST_AUTO_TEST_CASE(a_huge_case_with_control_characters_is_echoed_short_and_escaped) {
    ScratchDirectory dir;
    const auto audit = dir.path() / "audit.jsonl";
    const auto configuration = configurationWithAuditLog(dir.path(), audit);
    const Hostile hostile;
    auto run = tests::runShell(tests::shellQuote(HOST_PATH) + " --config " +
                               tests::shellQuote(configuration.string()) + " run provutskrift --case " +
                               tests::shellQuote(hostile.text) + " 2>&1");
    BOOST_TEST(run.exitCode == 2, run.output);
    BOOST_TEST(contains(run.output, "är inte ett giltigt diarienummer"), run.output);
    BOOST_TEST(contains(run.output, hostile.escaped), run.output);
    BOOST_TEST(run.output.size() < 2000u, "terminal output of " << run.output.size() << " bytes");
    BOOST_TEST(rawBytes(run.output, "\n") == 0u, run.output);

    const auto ours = auditLineWith(audit, hostile.marker);
    BOOST_REQUIRE(!ours.empty());
    BOOST_TEST(ours.size() < 1000u, "audit line of " << ours.size() << " bytes");
    BOOST_TEST(contains(ours, "\"result\":\"invalid\""), ours);
    BOOST_TEST(rawBytes(ours, "") == 0u, ours);
}

// The same for a hostile --meeting (it reaches the audit log even when the case is refused) and
// for a hostile unknown flag or argument, which the CLI itself refuses.
BOOST_AUTO_TEST_CASE(a_huge_meeting_or_flag_with_control_characters_is_echoed_short_and_escaped) {
    ScratchDirectory dir;
    const auto audit = dir.path() / "audit.jsonl";
    const auto configuration = configurationWithAuditLog(dir.path(), audit);
    const Hostile hostileInput;
    const std::string& hostile = hostileInput.text;
    const std::string& escaped = hostileInput.escaped;
    const auto cli = [&](const std::string& arguments) {
        return tests::runShell(tests::shellQuote(HOST_PATH) + " --config " +
                               tests::shellQuote(configuration.string()) + " " + arguments +
                               " 2>&1");
    };

    auto meeting = cli("run bifoga-till-dagordning --case 'inte+ett+dnr' --meeting " +
                       tests::shellQuote(hostile));
    BOOST_TEST(meeting.exitCode == 2, meeting.output);
    BOOST_TEST(meeting.output.size() < 2000u, "terminal output of " << meeting.output.size());
    BOOST_TEST(rawBytes(meeting.output, "\n") == 0u, meeting.output);
    const auto ours = auditLineWith(audit, hostileInput.marker);
    BOOST_REQUIRE(!ours.empty());
    BOOST_TEST(ours.size() < 1000u, "audit line of " << ours.size() << " bytes");
    // JSON escapes a backslash: the line holds the escaped echo, not the control characters.
    std::string escapedInJson;
    for (const char c : escaped)
        escapedInJson += c == '\\' ? std::string("\\\\") : std::string(1, c);
    BOOST_TEST(contains(ours, "\"meeting\":\"" + escapedInJson), ours);
    BOOST_TEST(rawBytes(ours, "") == 0u, ours);

    for (const auto& arguments :
         {"actions " + tests::shellQuote("-" + hostile), "actions " + tests::shellQuote(hostile),
          "run provutskrift --param " + tests::shellQuote(hostile), tests::shellQuote(hostile)}) {
        auto refused = cli(arguments);
        BOOST_TEST(refused.exitCode == 2, refused.output);
        BOOST_TEST(contains(refused.output, escaped), refused.output);
        BOOST_TEST(refused.output.size() < 4000u, "terminal output of " << refused.output.size());
        BOOST_TEST(rawBytes(refused.output, "\n") == 0u, refused.output);
    }
}

BOOST_AUTO_TEST_SUITE_END()
