// committee-report: the command-line host. Loads the plugin through the same
// ClassLoader path a DMS uses, so everything a DMS can do can be scripted here.
#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/Logger.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>

#include "config/configuration.h"
#include "config/xml_schema_validation.h"
#include "plugin_descriptor.h"
#include "plugin_loader.h"
#include "progress_display.h"

#ifndef COMMITTEE_REPORT_VERSION
#define COMMITTEE_REPORT_VERSION "0.0.0"
#endif
#ifndef COMMITTEE_REPORT_DEFAULT_PLUGIN
#define COMMITTEE_REPORT_DEFAULT_PLUGIN "/usr/lib/committee-report/committee-report-plugin.so"
#endif

namespace {

using namespace committee_report;
namespace api = committee_report::plugin_api;

const char* const kUsage =
    R"(Användning: committee-report [--config FIL] [--plugin FIL] [--user ID] [--role ROLL]... KOMMANDO

Kommandon:
  actions                          visar åtgärderna med sina parametrar
  run ÅTGÄRD [--case DNR] [--meeting ID] [--param NYCKEL=VÄRDE]... [--out MAPP]
                                   kör en åtgärd
  doctor                           kontrollerar installationen och säger hur fel rättas
  descriptor                       skriver tilläggsbeskrivningen (XML) som ett DMS läser in
  --version                        visar versionen
  --help                           visar den här texten

--config   konfigurationsfilen (standard: $COMMITTEE_REPORT_CONFIG eller
           /etc/committee-report/committee-report.xml)
--plugin   tilläggets bibliotek (standard: <plugin> i konfigurationen, annars det installerade)
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
    std::string plugin;
    std::string user;
    std::vector<std::string> roles;
    std::string command;
    std::string action;
    api::RunContext context;
};

[[noreturn]] void usageError(const std::string& message) {
    std::cerr << "committee-report: " << message << "\n\n" << kUsage;
    std::exit(kBadUsage);
}

Options parse(int argc, char** argv) {
    Options options;
    auto value = [&](int& i) -> std::string {
        if (i + 1 >= argc) usageError(std::string(argv[i]) + " kräver ett värde.");
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
        } else if (arg == "--plugin") {
            options.plugin = value(i);
        } else if (arg == "--user") {
            options.user = value(i);
        } else if (arg == "--role") {
            options.roles.push_back(value(i));
        } else if (arg == "--case") {
            options.context.caseDnr = value(i);
        } else if (arg == "--meeting") {
            options.context.meetingId = value(i);
        } else if (arg == "--out") {
            options.context.outputDirectory = value(i);
        } else if (arg == "--param") {
            const std::string pair = value(i);
            const auto equals = pair.find('=');
            if (equals == std::string::npos || equals == 0)
                usageError("--param ska skrivas NYCKEL=VÄRDE, fick " + pair);
            options.context.parameters[pair.substr(0, equals)] = pair.substr(equals + 1);
        } else if (!arg.empty() && arg[0] == '-') {
            usageError("okänd flagga " + arg);
        } else if (options.command.empty()) {
            options.command = arg;
        } else if (options.command == "run" && options.action.empty()) {
            options.action = arg;
        } else {
            usageError("oväntat argument " + arg);
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

std::string pluginPath(const Options& options, const config::Configuration* configuration) {
    if (!options.plugin.empty()) return options.plugin;
    if (configuration && configuration->pluginLibrary)
        return configuration->pluginLibrary->string();
    return COMMITTEE_REPORT_DEFAULT_PLUGIN;
}

const char* menuName(api::Menu menu) {
    switch (menu) {
        case api::Menu::Case:
            return "ärende";
        case api::Menu::Meeting:
            return "sammanträde";
        case api::Menu::Administration:
            return "administration";
    }
    return "?";
}

const char* typeHint(const api::ParameterSpec& spec) {
    switch (spec.type) {
        case api::ParameterType::Date:
            return "ÅÅÅÅ-MM-DD";
        case api::ParameterType::Integer:
            return "HELTAL";
        case api::ParameterType::Boolean:
            return "ja|nej";
        case api::ParameterType::Choice:
            return "VAL";
        case api::ParameterType::Text:
            return "TEXT";
    }
    return "VÄRDE";
}

int listActions(const cli::LoadedPlugin& plugin) {
    for (const auto& loaded : plugin.actions()) {
        const auto& d = loaded.descriptor;
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

int exitCodeOf(api::Status status) {
    switch (status) {
        case api::Status::Ok:
            return kOk;
        case api::Status::InvalidInput:
            return kBadUsage;
        case api::Status::NotAllowed:
            return kNotAllowed;
        case api::Status::Refused:
            return kRefused;
        case api::Status::Unavailable:
            return kUnavailable;
        case api::Status::Cancelled:
            return kCancelled;
        case api::Status::Failed:
            return kFailed;
    }
    return kFailed;
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

int runAction(const cli::LoadedPlugin& plugin, Options& options, cli::ProgressDisplay& progress) {
    const auto* loaded = plugin.find(options.action);
    if (!loaded) {
        std::cerr << "Åtgärden \"" << options.action
                  << "\" finns inte. Se committee-report actions.\n";
        return kBadUsage;
    }
    options.context.configurationFile = options.configuration;
    options.context.userId = options.user;
    options.context.userRoles = options.roles;
    const auto result = loaded->action->run(options.context, progress);
    progress.finish();
    if (result.status != api::Status::Ok) {
        std::cerr << "Fel: " << result.message << "\n";
        for (const auto& warning : result.warnings) std::cerr << "  - " << warning << "\n";
        return exitCodeOf(result.status);
    }
    std::cout << result.message << "\n";
    for (const auto& warning : result.warnings) std::cout << "Varning: " << warning << "\n";
    for (const auto& file : result.files) std::cout << "Fil: " << file << "\n";
    for (const auto& id : result.createdIds) std::cout << "Skapat i diariet: " << id << "\n";
    return kOk;
}

void printCheck(const api::CheckResult& check) {
    // A check that passed but still says what to do is a warning.
    std::cout << (!check.ok           ? "  [FEL]  "
                  : check.fix.empty() ? "  [ok]   "
                                      : "  [varning] ")
              << check.name << ": " << check.message << "\n";
    if (!check.fix.empty()) std::cout << "         Åtgärd: " << check.fix << "\n";
}

int doctor(Options& options, cli::ProgressDisplay& progress) {
    std::cout << "committee-report " << COMMITTEE_REPORT_VERSION
              << " kontrollerar installationen\n";
    int failed = 0;
    int total = 0;
    auto report = [&](const api::CheckResult& check) {
        ++total;
        failed += check.ok ? 0 : 1;
        printCheck(check);
    };
    std::optional<config::Configuration> configuration;
    try {
        configuration = config::Configuration::load(options.configuration);
        report({"Konfiguration", true, options.configuration + " är giltig.", ""});
    } catch (const config::XmlFileError& error) {
        report(
            {"Konfiguration", false, error.what(),
             "Rätta filen enligt meddelandet (schemat finns i /usr/share/committee-report/schemas/"
             "configuration.xsd), eller ange rätt fil med --config."});
    }
    std::unique_ptr<cli::LoadedPlugin> plugin;
    const std::string library = pluginPath(options, configuration ? &*configuration : nullptr);
    try {
        plugin = std::make_unique<cli::LoadedPlugin>(library);
        report({"Tillägg", true,
                library + " har gränssnittsversion " + std::to_string(api::kApiVersion) + " och " +
                    std::to_string(plugin->actions().size()) + " åtgärder.",
                ""});
    } catch (const cli::PluginLoadError& error) {
        report({"Tillägg", false, error.what(), "Installera om paketet committee-report."});
    }
    if (configuration && plugin) {
        if (const auto* check = plugin->find("kontrollera-installation")) {
            options.context.configurationFile = options.configuration;
            options.context.userId = options.user;
            options.context.userRoles = options.roles;
            const auto result = check->action->run(options.context, progress);
            progress.finish();
            for (const auto& c : result.checks) report(c);
            if (result.checks.empty() && result.status != api::Status::Ok)
                report({"Installationskontroll", false, result.message, ""});
        }
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
        std::cout << "committee-report " << COMMITTEE_REPORT_VERSION << " (plugin-gränssnitt "
                  << api::kApiVersion << ")\n";
        return kOk;
    }
    // Warnings and errors of the plugin also reach the terminal; the full log goes to the
    // configured file.
    Poco::AutoPtr<Poco::ConsoleChannel> console(new Poco::ConsoleChannel(std::cerr));
    Poco::Logger::root().setChannel(console);
    Poco::Logger::root().setLevel(Poco::Message::PRIO_WARNING);

    cli::ProgressDisplay progress(stderr);
    startSignalThread(progress, signals);
    if (options.command == "doctor") return doctor(options, progress);
    if (options.command != "actions" && options.command != "run" && options.command != "descriptor")
        usageError("okänt kommando " + options.command);

    try {
        std::optional<config::Configuration> configuration;
        try {
            configuration = config::Configuration::load(options.configuration);
        } catch (const config::XmlFileError& error) {
            std::cerr << "Fel: " << error.what()
                      << "\nKör committee-report doctor för en fullständig kontroll.\n";
            return kFailed;
        }
        cli::LoadedPlugin plugin(pluginPath(options, &*configuration));
        if (options.command == "actions") return listActions(plugin);
        if (options.command == "descriptor") {
            std::cout << cli::pluginDescriptorXml(plugin, COMMITTEE_REPORT_VERSION);
            return kOk;
        }
        return runAction(plugin, options, progress);
    } catch (const cli::PluginLoadError& error) {
        std::cerr << "Fel: " << error.what() << "\n";
        return kFailed;
    }
}
