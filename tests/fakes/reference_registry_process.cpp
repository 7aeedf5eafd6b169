#include "fakes/reference_registry_process.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace committee_report::tests {
namespace fs = std::filesystem;
namespace {

// Runs the program to its end; returns its exit status.
int run(const std::vector<std::string>& arguments, pid_t* started = nullptr,
        int* stdoutPipe = nullptr) {
    std::vector<char*> argv;
    for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    int pipeFds[2] = {-1, -1};
    if (stdoutPipe) {
        if (pipe(pipeFds) != 0) throw std::runtime_error("pipe failed");
        posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDOUT_FILENO);
        posix_spawn_file_actions_addclose(&actions, pipeFds[0]);
        posix_spawn_file_actions_addclose(&actions, pipeFds[1]);
    }
    pid_t pid = -1;
    const int error = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (stdoutPipe) close(pipeFds[1]);
    if (error != 0) {
        if (stdoutPipe) close(pipeFds[0]);
        throw std::runtime_error("cannot start " + arguments[0]);
    }
    if (started) {
        *started = pid;
        *stdoutPipe = pipeFds[0];
        return 0;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string readLine(int fd) {
    std::string line;
    char c;
    while (read(fd, &c, 1) == 1 && c != '\n') line += c;
    return line;
}

}  // namespace

fs::path ReferenceRegistryProcess::executable() { return COMMITTEE_REPORT_REFERENCE_REGISTRY; }

ReferenceRegistryProcess::ReferenceRegistryProcess() : ReferenceRegistryProcess(Options{}) {}

ReferenceRegistryProcess::ReferenceRegistryProcess(Options options) {
    std::string pattern = (fs::temp_directory_path() / "reference-registry-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    directory_ = pattern;
    database_ = directory_ / "registry.db";
    try {
        start(options);
    } catch (...) {
        // A destructor does not run for a half-built object: clean up here.
        stop();
        std::error_code ignored;
        fs::remove_all(directory_, ignored);
        throw;
    }
}

void ReferenceRegistryProcess::start(const Options& options) {
    const auto program = executable().string();
    if (run({program, "seed", "--db", database_.string(), "--scale", std::to_string(options.scale),
             "--seed", std::to_string(options.seed), "--profile", options.profile}) != 0)
        throw std::runtime_error("reference-registry seed failed (" + program + ")");
    // --parent-pid: the server ends with this process even when it is killed outright. The
    // kernel ties that to the thread that started it, so a fixture lives on the thread that
    // made it (as every test and benchmark here does).
    std::vector<std::string> arguments{program,  "serve", "--db",         database_.string(),
                                       "--port", "0",     "--parent-pid", std::to_string(getpid())};
    if (options.testMode) arguments.push_back("--test-mode");
    if (options.reverseLists)
        arguments.push_back("--reverse-lists");
    else if (options.shuffleLists)
        arguments.push_back("--shuffle-lists");
    arguments.insert(arguments.end(), options.extraArguments.begin(), options.extraArguments.end());
    int out = -1;
    run(arguments, &pid_, &out);
    baseUrl_ = readLine(out);
    close(out);  // the server writes nothing more on stdout
    if (baseUrl_.rfind("http://127.0.0.1:", 0) != 0 && baseUrl_.rfind("https://127.0.0.1:", 0) != 0)
        throw std::runtime_error("reference-registry did not start (first line: '" + baseUrl_ +
                                 "')");
}

ReferenceRegistryProcess::~ReferenceRegistryProcess() {
    stop();
    std::error_code ignored;
    fs::remove_all(directory_, ignored);
}

void ReferenceRegistryProcess::stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
}

config::RegistrySettings ReferenceRegistryProcess::settings(const std::string& token) const {
    const auto file = directory_ / ("token-" + std::to_string(std::hash<std::string>{}(token)));
    {
        std::ofstream out(file);
        out << token << "\n";
    }
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::replace);
    config::RegistrySettings settings;
    settings.baseUrl = baseUrl_;
    settings.tokenFile = file;
    settings.connectTimeout = std::chrono::seconds(5);
    settings.readTimeout = std::chrono::seconds(10);
    settings.totalTimeout = std::chrono::seconds(30);
    return settings;
}

std::string ReferenceRegistryProcess::control(const std::string& method, const std::string& path,
                                              const std::string& body) {
    const Poco::URI uri(baseUrl_);
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!body.empty()) {
        request.setContentType("application/json");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::ostringstream text;
    text << session.receiveResponse(response).rdbuf();
    if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK)
        throw std::runtime_error("reference-registry control " + method + " " + path + ": " +
                                 std::to_string(response.getStatus()) + " " + text.str());
    return text.str();
}

void ReferenceRegistryProcess::setFaults(const std::string& rulesJson) {
    (void)control("POST", "/_control/faults", rulesJson);
}

void ReferenceRegistryProcess::clearFaults() { (void)control("DELETE", "/_control/faults", ""); }

std::vector<std::string> ReferenceRegistryProcess::requests() {
    Poco::JSON::Parser parser;
    auto object =
        parser.parse(control("GET", "/_control/requests", "")).extract<Poco::JSON::Object::Ptr>();
    std::vector<std::string> lines;
    auto array = object->getArray("requests");
    for (std::size_t i = 0; array && i < array->size(); ++i)
        lines.push_back(array->getElement<std::string>(static_cast<unsigned>(i)));
    return lines;
}

void ReferenceRegistryProcess::clearRequests() {
    (void)control("DELETE", "/_control/requests", "");
}

std::int64_t ReferenceRegistryProcess::queryNumber(
    const std::string& sql, const std::vector<std::string>& parameters) const {
    static std::once_flag once;
    std::call_once(once, [] { Poco::Data::SQLite::Connector::registerConnector(); });
    Poco::Data::Session session("SQLite", database_.string());
    Poco::Data::Statement statement(session);
    statement << sql;
    for (const auto& parameter : parameters) statement, Poco::Data::Keywords::bind(parameter);
    Poco::Int64 value = 0;
    statement, Poco::Data::Keywords::into(value);
    statement.execute();
    return value;
}

}  // namespace committee_report::tests
