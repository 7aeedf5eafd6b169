// committee-report: the command-line host. Runs the plugin through its C
// interface (committee_report.h), the same door a .NET, Java or Python host
// uses, so everything a DMS can do can be scripted here.
#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>

#include <dlfcn.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

#include "action_catalog.h"
#include "committee_report/committee_report.hpp"
#include "core/safe_echo.h"
#include "plugin_descriptor.h"
#include "progress_display.h"
#include "service/serve.h"

#ifndef COMMITTEE_REPORT_VERSION
#define COMMITTEE_REPORT_VERSION "0.0.0"
#endif

namespace {

using namespace committee_report;

const char* const kUsage =
    R"(Användning: committee-report [--config FIL] [--user ID] [--role ROLL]... KOMMANDO

Kommandon:
  actions                          visar åtgärderna med sina parametrar
  run ÅTGÄRD [--case DNR] [--meeting ID] [--param NYCKEL=VÄRDE]... [--out MAPP] [--json]
                                   kör en åtgärd (--json: resultatet som JSON på stdout)
  doctor                           kontrollerar installationen och säger hur fel rättas
  descriptor                       skriver tilläggsbeskrivningen (XML) som ett DMS läser in
  serve [--listen VÄRD:PORT]       kör HTTP-tjänsten som DMS:et anropar (API v1 och panelen);
                                   skriver sin bas-URL på första raden
  --version                        visar versionen
  --help                           visar den här texten

--config   konfigurationsfilen (standard: $COMMITTEE_REPORT_CONFIG eller
           /etc/committee-report/committee-report.xml)
--user     den handlande användarens id för granskningsloggen (standard: inloggad användare)
--role     roll som användaren har; kan anges flera gånger (standard: alla roller)
)";

enum ExitCode {
    kOk = 0,
    kFailed = 1,
    kBadUsage = 2,
    kNotAllowed = 3,
    kRefused = 4,
    kUnavailable = 5,
    kCancelled = 130
};

struct Options {
    std::string configuration;
    std::string user;
    std::vector<std::string> roles;
    std::string command;
    std::string action;
    std::string listen;
    std::string caseDnr;
    std::string meetingId;
    std::string outputDirectory;
    std::map<std::string, std::string> parameters;
    bool json = false;
};

[[noreturn]] void usageError(const std::string& message) {
    std::cerr << "committee-report: " << message << "\n\n" << kUsage;
    std::exit(kBadUsage);
}

Options parse(int argc, char** argv) {
    Options options;
    auto value = [&](int& i) -> std::string {
        if (i + 1 >= argc) usageError(core::safeEcho(argv[i]) + " kräver ett värde.");
        return argv[++i];
    };
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::cout << kUsage;
            std::exit(kOk);
        } else if (arg == "--version") {
            options.command = "version";
        } else if (arg == "--config") {
            options.configuration = value(i);
        } else if (arg == "--listen") {
            options.listen = value(i);
        } else if (arg == "--json") {
            options.json = true;
        } else if (arg == "--user") {
            options.user = value(i);
        } else if (arg == "--role") {
            options.roles.push_back(value(i));
        } else if (arg == "--case") {
            options.caseDnr = value(i);
        } else if (arg == "--meeting") {
            options.meetingId = value(i);
        } else if (arg == "--out") {
            options.outputDirectory = value(i);
        } else if (arg == "--param") {
            const std::string pair = value(i);
            const auto equals = pair.find('=');
            if (equals == std::string::npos || equals == 0)
                usageError("--param ska skrivas NYCKEL=VÄRDE, fick " + core::safeEcho(pair));
            options.parameters[pair.substr(0, equals)] = pair.substr(equals + 1);
        } else if (!arg.empty() && arg[0] == '-') {
            usageError("okänd flagga " + core::safeEcho(arg));
        } else if (options.command.empty()) {
            options.command = arg;
        } else if (options.command == "run" && options.action.empty()) {
            options.action = arg;
        } else {
            usageError("oväntat argument " + core::safeEcho(arg));
        }
    }
    if (options.command.empty()) usageError("ange ett kommando.");
    if (options.command == "run" && options.action.empty())
        usageError("ange vilken åtgärd som ska köras.");
    if (options.configuration.empty()) {
        const char* fromEnvironment = std::getenv("COMMITTEE_REPORT_CONFIG");
        options.configuration =
            fromEnvironment ? fromEnvironment : "/etc/committee-report/committee-report.xml";
    }
    if (options.user.empty()) {
        const char* login = std::getenv("USER");
        options.user = login ? login : std::to_string(getuid());
    }
    if (options.roles.empty()) options.roles = {"handlaggare", "sekreterare", "administrator"};
    return options;
}

const char* menuName(const std::string& menu) {
    if (menu == "case") return "ärende";
    if (menu == "meeting") return "sammanträde";
    if (menu == "administration") return "administration";
    return "?";
}

const char* typeHint(const cli::ParameterInfo& spec) {
    if (spec.type == "date") return "ÅÅÅÅ-MM-DD";
    if (spec.type == "integer") return "HELTAL";
    if (spec.type == "boolean") return "ja|nej";
    if (spec.type == "choice") return "VAL";
    if (spec.type == "text") return "TEXT";
    return "VÄRDE";
}

int listActions(const cli::ActionCatalog& catalog) {
    for (const auto& d : catalog.actions) {
        std::printf("%-28s %s\n", d.id.c_str(), d.label.c_str());
        std::printf("%-28s %s (meny: %s, roll: %s)\n", "", d.description.c_str(), menuName(d.menu),
                    d.requiredRole.empty() ? "alla" : d.requiredRole.c_str());
        for (const auto& p : d.parameters) {
            std::string flag = "--param " + p.key + "=" + typeHint(p);
            std::printf("%-30s %-34s %s%s\n", "", flag.c_str(), p.label.c_str(),
                        p.required ? " (krävs)" : "");
            if (!p.allowedValues.empty()) {
                std::string allowed;
                for (const auto& a : p.allowedValues) allowed += (allowed.empty() ? "" : ", ") + a;
                std::printf("%-65s värden: %s\n", "", allowed.c_str());
            }
        }
    }
    return kOk;
}

// SIGINT/SIGTERM ask the running action to stop; if it has not stopped after a
// grace period (or on a second signal) the host exits at once — its office
// processes die with it (they are started with a parent-death signal).
void startSignalThread(cli::ProgressDisplay& progress, sigset_t signals) {
    std::thread([&progress, signals] {
        int received = 0;
        sigwait(&signals, &received);
        std::fprintf(stderr, "\nAvbryter … (tryck Ctrl-C igen för att avsluta direkt)\n");
        progress.requestCancel();
        std::thread([] {
            std::this_thread::sleep_for(std::chrono::seconds(15));
            std::_Exit(kCancelled);
        }).detach();
        sigwait(&signals, &received);
        std::_Exit(kCancelled);
    }).detach();
}

// The result of cr_run_json as the host shows it.
struct RunOutcome {
    int code = CR_FAILED;
    std::string json;
    Poco::JSON::Object::Ptr result;

    [[nodiscard]] std::string text(const std::string& key) const {
        return result && result->has(key) ? result->getValue<std::string>(key) : std::string();
    }
    [[nodiscard]] std::vector<std::string> list(const std::string& key) const {
        std::vector<std::string> values;
        const auto array = result ? result->getArray(key) : Poco::JSON::Array::Ptr();
        for (std::size_t i = 0; array && i < array->size(); ++i)
            values.push_back(array->getElement<std::string>(static_cast<unsigned>(i)));
        return values;
    }
};

RunOutcome run(const c_api::Plugin& plugin, const Options& options, const std::string& action,
               cli::ProgressDisplay& progress) {
    Poco::JSON::Object request(Poco::JSON_PRESERVE_KEY_ORDER);
    request.set("action", action);
    if (!options.caseDnr.empty()) request.set("case", options.caseDnr);
    if (!options.meetingId.empty()) request.set("meeting", options.meetingId);
    request.set("user", options.user);
    Poco::JSON::Array roles;
    for (const auto& role : options.roles) roles.add(role);
    request.set("roles", roles);
    Poco::JSON::Object parameters;
    for (const auto& [key, value] : options.parameters) parameters.set(key, value);
    request.set("parameters", parameters);
    if (!options.outputDirectory.empty()) request.set("output", options.outputDirectory);
    request.set("client", "committee-report-cli");
    std::ostringstream text;
    request.stringify(text);
    const auto outcome =
        plugin.run(text.str(), [&](const char* stage, double fraction, const char* message) {
            progress.onProgress(stage, fraction, message);
            return progress.cancelRequested();
        });
    progress.finish();
    RunOutcome result{outcome.code, outcome.resultJson, {}};
    try {
        Poco::JSON::Parser parser;
        result.result = parser.parse(outcome.resultJson).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
        // shown as a failure below, with the code the plugin returned
    }
    return result;
}

int runAction(const c_api::Plugin& plugin, const cli::ActionCatalog& catalog,
              const Options& options, cli::ProgressDisplay& progress) {
    if (!catalog.find(options.action)) {
        if (options.json) {
            const auto outcome = run(plugin, options, options.action, progress);
            std::cout << outcome.json << "\n";
            return outcome.code;
        }
        std::cerr << "Åtgärden \"" << core::safeEcho(options.action)
                  << "\" finns inte. Se committee-report actions.\n";
        return kBadUsage;
    }
    const auto outcome = run(plugin, options, options.action, progress);
    if (options.json) {
        std::cout << outcome.json << "\n";
        return outcome.code;
    }
    if (outcome.code != CR_OK) {
        const auto message = outcome.text("message");
        std::cerr << "Fel: " << (message.empty() ? "Tillägget svarade inte begripligt." : message)
                  << "\n";
        for (const auto& warning : outcome.list("warnings")) std::cerr << "  - " << warning << "\n";
        return outcome.code;
    }
    std::cout << outcome.text("message") << "\n";
    for (const auto& warning : outcome.list("warnings"))
        std::cout << "Varning: " << warning << "\n";
    for (const auto& file : outcome.list("files")) std::cout << "Fil: " << file << "\n";
    for (const auto& id : outcome.list("createdIds"))
        std::cout << "Skapat i diariet: " << id << "\n";
    return kOk;
}

void printCheck(bool ok, const std::string& name, const std::string& message,
                const std::string& fix) {
    // A check that passed but still says what to do is a warning.
    std::cout << (!ok           ? "  [FEL]  "
                  : fix.empty() ? "  [ok]   "
                                : "  [varning] ")
              << name << ": " << message << "\n";
    if (!fix.empty()) std::cout << "         Åtgärd: " << fix << "\n";
}

// Where the plugin library this host runs was loaded from.
std::string libraryPath() {
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&cr_api_version), &info) && info.dli_fname)
        return info.dli_fname;
    return "libcommittee-report.so.1";
}

std::string messageOf(const std::string& errorJson) {
    try {
        Poco::JSON::Parser parser;
        return parser.parse(errorJson).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>(
            "message");
    } catch (const Poco::Exception&) {
        return errorJson;
    }
}

int doctor(const Options& options, cli::ProgressDisplay& progress) {
    std::cout << "committee-report " << COMMITTEE_REPORT_VERSION
              << " kontrollerar installationen\n";
    int failed = 0;
    int total = 0;
    auto report = [&](bool ok, const std::string& name, const std::string& message,
                      const std::string& fix) {
        ++total;
        failed += ok ? 0 : 1;
        printCheck(ok, name, message, fix);
    };
    const int version = cr_api_version();
    report(version >= CR_API_VERSION, "Tillägg",
           libraryPath() + " (" + cr_library_version() + ") har gränssnittsversion " +
               std::to_string(version) + "; värdprogrammet kräver " +
               std::to_string(CR_API_VERSION) + ".",
           version >= CR_API_VERSION ? "" : "Installera om paketet committee-report.");
    std::unique_ptr<c_api::Plugin> plugin;
    try {
        plugin = std::make_unique<c_api::Plugin>(options.configuration);
        report(true, "Konfiguration", options.configuration + " är giltig.", "");
    } catch (const c_api::OpenError& error) {
        report(
            false, "Konfiguration", messageOf(error.what()),
            "Rätta filen enligt meddelandet (schemat finns i /usr/share/committee-report/schemas/"
            "configuration.xsd), eller ange rätt fil med --config.");
    }
    if (plugin) {
        const auto outcome = run(*plugin, options, "kontrollera-installation", progress);
        const auto checks =
            outcome.result ? outcome.result->getArray("checks") : Poco::JSON::Array::Ptr();
        for (std::size_t i = 0; checks && i < checks->size(); ++i) {
            const auto c = checks->getObject(static_cast<unsigned>(i));
            report(c->getValue<bool>("ok"), c->getValue<std::string>("name"),
                   c->getValue<std::string>("message"), c->getValue<std::string>("fix"));
        }
        if ((!checks || checks->size() == 0) && outcome.code != CR_OK)
            report(false, "Installationskontroll", outcome.text("message"), "");
    }
    if (failed == 0) {
        std::cout << "Alla " << total << " kontroller gick igenom.\n";
        return kOk;
    }
    std::cout << failed << " av " << total << " kontroller misslyckades.\n";
    return kFailed;
}

}  // namespace

int main(int argc, char** argv) {
    // Signals are taken by one thread (below); every thread started later,
    // including the plugin's, inherits the blocked mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    Options options = parse(argc, argv);
    if (options.command == "version") {
        std::cout << "committee-report " << COMMITTEE_REPORT_VERSION << " (tilläggets gränssnitt "
                  << cr_api_version() << ", bibliotek " << cr_library_version() << ")\n";
        return kOk;
    }
    // A library older than this host was built for is refused before anything else.
    if (cr_api_version() < CR_API_VERSION) {
        std::cerr << "Fel: tillägget " << libraryPath() << " har gränssnittsversion "
                  << cr_api_version() << ", men värdprogrammet kräver version " << CR_API_VERSION
                  << ". Installera om paketet committee-report.\n";
        return kFailed;
    }
    // Warnings and errors of the plugin also reach the terminal until the configuration points
    // the plugin's log at its file.
    Poco::AutoPtr<Poco::ConsoleChannel> console(new Poco::ConsoleChannel(std::cerr));
    Poco::Logger::root().setChannel(console);
    Poco::Logger::root().setLevel(Poco::Message::PRIO_WARNING);

    if (options.command == "serve") {
        service::ServeOptions serve;
        serve.configurationFile = options.configuration;
        if (!options.listen.empty()) serve.listen = options.listen;
        return service::serve(serve);
    }
    cli::ProgressDisplay progress(stderr);
    startSignalThread(progress, signals);
    if (options.command == "doctor") return doctor(options, progress);
    if (options.command != "actions" && options.command != "run" && options.command != "descriptor")
        usageError("okänt kommando " + core::safeEcho(options.command));

    std::unique_ptr<c_api::Plugin> plugin;
    try {
        plugin = std::make_unique<c_api::Plugin>(options.configuration);
    } catch (const c_api::OpenError& error) {
        if (options.json) {
            std::cout << error.what() << "\n";
            return error.code();
        }
        std::cerr << "Fel: " << messageOf(error.what())
                  << "\nKör committee-report doctor för en fullständig kontroll.\n";
        return error.code();
    }
    const auto catalog = cli::ActionCatalog::parse(plugin->actionsJson());
    if (options.command == "actions") {
        if (options.json) {
            std::cout << plugin->actionsJson() << "\n";
            return kOk;
        }
        return listActions(catalog);
    }
    if (options.command == "descriptor") {
        std::cout << cli::pluginDescriptorXml(
            catalog, std::filesystem::path(libraryPath()).filename().string(),
            COMMITTEE_REPORT_VERSION);
        return kOk;
    }
    return runAction(*plugin, catalog, options, progress);
}
