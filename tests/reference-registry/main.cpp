// reference-registry: a real registry server for tests, demos and benchmarks.
//
//   reference-registry seed --db FILE [--scale N] [--seed S] [--profile default|small]
//   reference-registry serve --db FILE [--port P] [--test-mode] [--token VALUE:ROLE]...
//                            [--threads N] [--max-body-bytes N] [--parent-pid PID]
//                            [--shuffle-lists | --shuffle-salt N | --reverse-lists]
//
// See README.md in this folder.
#include <Poco/Exception.h>

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "seed.h"
#include "server.h"

namespace {

int usage(const std::string& problem) {
    std::cerr
        << "reference-registry: " << problem << "\n"
        << "usage:\n"
           "  reference-registry seed --db FILE [--scale N] [--seed S] [--profile default|small]\n"
           "  reference-registry serve --db FILE [--port P] [--test-mode]\n"
           "                           [--token VALUE:ROLE]... [--threads N] [--max-body-bytes N]\n"
           "                           [--tls-cert PEM --tls-key PEM] [--parent-pid PID]\n"
           "                           [--shuffle-lists | --shuffle-salt N | --reverse-lists]\n"
           "ROLE is read or write. Without --token the demo tokens are accepted:\n"
           "  ekbacka-demo-read (read), ekbacka-demo-write (read and write)\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) return usage("a command is required (seed or serve)");
    const std::string command = args[0];
    std::string database;
    reference_registry::SeedOptions seed;
    reference_registry::ServerOptions server;
    pid_t parent = 0;  // --parent-pid: stop when that process (the test that started us) ends
    try {
        for (std::size_t i = 1; i < args.size(); ++i) {
            const auto& arg = args[i];
            auto value = [&]() -> std::string {
                if (i + 1 >= args.size()) throw std::invalid_argument(arg + " needs a value");
                return args[++i];
            };
            if (arg == "--db") {
                database = value();
            } else if (arg == "--scale" && command == "seed") {
                seed.scale = std::stoi(value());
            } else if (arg == "--profile" && command == "seed") {
                seed.profile = value();
            } else if (arg == "--seed" && command == "seed") {
                seed.seed = std::stoull(value());
            } else if (arg == "--port" && command == "serve") {
                server.port = std::stoi(value());
            } else if (arg == "--parent-pid" && command == "serve") {
                parent = static_cast<pid_t>(std::stol(value()));
            } else if (arg == "--test-mode" && command == "serve") {
                server.testMode = true;
            } else if (arg == "--shuffle-lists" && command == "serve") {
                server.shuffleLists = true;
            } else if (arg == "--reverse-lists" && command == "serve") {
                server.reverseLists = true;
            } else if (arg == "--shuffle-salt" && command == "serve") {
                server.shuffleLists = true;
                server.shuffleSalt = std::stoull(value());
            } else if (arg == "--threads" && command == "serve") {
                server.threads = std::max(1, std::stoi(value()));
            } else if (arg == "--tls-cert" && command == "serve") {
                server.tlsCertificate = value();
            } else if (arg == "--tls-key" && command == "serve") {
                server.tlsKey = value();
            } else if (arg == "--max-body-bytes" && command == "serve") {
                server.maxBodyBytes = std::stoll(value());
            } else if (arg == "--token" && command == "serve") {
                const auto token = value();
                const auto colon = token.rfind(':');
                const auto role = colon == std::string::npos ? "" : token.substr(colon + 1);
                if (colon == 0 || (role != "read" && role != "write"))
                    throw std::invalid_argument("--token needs VALUE:read or VALUE:write");
                server.tokens[token.substr(0, colon)] = role;
            } else {
                return usage("unknown argument '" + arg + "' for " + command);
            }
        }
    } catch (const std::exception& error) {
        return usage(error.what());
    }
    if (database.empty()) return usage("--db FILE is required");
    try {
        if (command == "seed") {
            seed.database = database;
            const auto summary = reference_registry::seedDatabase(seed);
            std::cout << "seeded " << database << ": " << summary.cases << " cases ("
                      << summary.threats << " HOT_VALD, " << summary.disinformation << " DESINFO, "
                      << summary.measures << " FOREBYGGANDE), " << summary.meetings << " meetings, "
                      << summary.agendaItems << " agenda items" << std::endl;
            return 0;
        }
        if (command == "serve") {
            // A test or benchmark that is killed outright leaves no server behind: the kernel
            // sends SIGTERM when the parent ends (if it ended before this line, stop now).
            if (parent != 0 && (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent)) {
                std::cerr << "reference-registry: parent " << parent << " is gone" << std::endl;
                return 1;
            }
            server.database = database;
            // The environment may ask for it too (for runs started by scripts).
            if (const char* shuffle = std::getenv("REFERENCE_REGISTRY_SHUFFLE_LISTS");
                shuffle && *shuffle && std::string(shuffle) != "0")
                server.shuffleLists = true;
            if (const char* reverse = std::getenv("REFERENCE_REGISTRY_REVERSE_LISTS");
                reverse && *reverse && std::string(reverse) != "0")
                server.reverseLists = true;
            return reference_registry::serve(server);
        }
    } catch (const Poco::Exception& error) {
        std::cerr << "reference-registry: " << error.displayText() << std::endl;
        return 1;
    } catch (const std::exception& error) {
        std::cerr << "reference-registry: " << error.what() << std::endl;
        return 1;
    }
    return usage("unknown command '" + command + "'");
}
