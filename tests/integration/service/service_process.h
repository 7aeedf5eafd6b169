// The real `committee-report --config F serve --listen 127.0.0.1:0` as a child process
// of a test, with the real plugin library behind it and the reference registry as its
// registry: what a DMS talks to. The base URL is read from the first stdout line; the
// process gets SIGTERM and is waited for on destruction. A small HTTP(S) client too.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "fakes/reference_registry_process.h"
#include "scratch_directory.h"
#include "service_fixture.h"
#include "support/document_inspection.h"
#include "support/test_configuration.h"

extern char** environ;

namespace committee_report::tests {

struct ServiceProcessOptions {
    int workers = 2;  // 0: no <workers>, the service's default
    int officeProcesses = 1;
    int shutdownSeconds = 30;
    int maxRunsPerClient = 8;
    int runRetentionSeconds = 0;  // 0: no <run-retention-seconds>, the service's default
    std::string tlsBlock;  // "<tls>…</tls>" inside <service>, empty for http
    bool startRegistry = true;
};

class ServiceProcess {
  public:
    explicit ServiceProcess(ServiceProcessOptions options = {}) : options_(std::move(options)) {
        if (options_.startRegistry) registry = std::make_unique<ReferenceRegistryProcess>();
        writeOwnerOnly(scratch.path() / "tokens", std::string("# test clients\ndms ") + kToken +
                                                      "\nother other-client-token-987654321\n");
        writeOwnerOnly(scratch.path() / "secret", std::string(kSecret) + "\n");
        writeConfiguration();
        start();
    }
    ~ServiceProcess() {
        stop();
        // For a failing test: what the service said (stderr and its log).
        if (std::getenv("COMMITTEE_REPORT_TEST_SERVICE_LOG"))
            std::cerr << "--- serve stderr\n" << stderrText() << "--- serve log\n" << log();
    }
    ServiceProcess(const ServiceProcess&) = delete;
    ServiceProcess& operator=(const ServiceProcess&) = delete;

    void writeConfiguration() {
        TestConfiguration c;
        c.folder = scratch.path();
        c.officeProcesses = options_.officeProcesses;
        if (registry) {
            c.registryBaseUrl = registry->baseUrl();
            c.registryTokenFile =
                *registry->settings(ReferenceRegistryProcess::kWriteToken).tokenFile;
        }
        std::ostringstream service;
        service << "  <service>\n"
                << "    <client-token-file>" << (scratch.path() / "tokens").string()
                << "</client-token-file>\n"
                << "    <launch-secret-file>" << (scratch.path() / "secret").string()
                << "</launch-secret-file>\n"
                << options_.tlsBlock;
        if (options_.workers > 0) service << "    <workers>" << options_.workers << "</workers>\n";
        service << "    <max-runs-per-client>" << options_.maxRunsPerClient
                << "</max-runs-per-client>\n"
                << "    <shutdown-seconds>" << options_.shutdownSeconds << "</shutdown-seconds>\n";
        if (options_.runRetentionSeconds > 0)
            service << "    <run-retention-seconds>" << options_.runRetentionSeconds
                    << "</run-retention-seconds>\n";
        service << "  </service>\n";
        c.after = service.str();
        configuration = writeTestConfiguration(c);
    }

    void start() {
        const std::string program = COMMITTEE_REPORT_CLI;
        std::vector<std::string> arguments{program, "--config", configuration.string(),
                                           "serve", "--listen", "127.0.0.1:0"};
        std::vector<char*> argv;
        for (auto& argument : arguments) argv.push_back(argument.data());
        argv.push_back(nullptr);
        int fds[2];
        if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
        const auto errors = (scratch.path() / "stderr.txt").string();
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
        posix_spawn_file_actions_addclose(&actions, fds[0]);
        posix_spawn_file_actions_addclose(&actions, fds[1]);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errors.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int error = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        close(fds[1]);
        if (error != 0) {
            close(fds[0]);
            throw std::runtime_error("cannot start " + program);
        }
        char c;
        baseUrl.clear();
        while (read(fds[0], &c, 1) == 1 && c != '\n') baseUrl += c;
        close(fds[0]);
        if (baseUrl.rfind("http", 0) != 0)
            throw std::runtime_error("committee-report serve did not start: " + stderrText());
        const Poco::URI uri(baseUrl);
        host = uri.getHost();
        port = uri.getPort();
        https = uri.getScheme() == "https";
    }

    // Sends `signal`; returns the exit status once the process has ended, or nullopt if it
    // has not ended within `bound` (it is then left running for stop()).
    std::optional<int> signalAndWait(int signal, std::chrono::seconds bound) {
        ::kill(pid, signal);
        const auto deadline = std::chrono::steady_clock::now() + bound;
        while (std::chrono::steady_clock::now() < deadline) {
            int status = 0;
            if (waitpid(pid, &status, WNOHANG) == pid) {
                pid = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return std::nullopt;
    }

    void stop() {
        if (pid <= 0) return;
        if (!signalAndWait(SIGTERM, std::chrono::seconds(60))) {
            ::kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0);
        }
        pid = -1;
    }

    [[nodiscard]] std::string stderrText() const { return readFile(scratch.path() / "stderr.txt"); }
    [[nodiscard]] std::string auditLog() const {
        return readFile(scratch.path() / "log/audit.jsonl");
    }
    [[nodiscard]] std::string log() const {
        return readFile(scratch.path() / "log/committee-report.log");
    }
    static std::string readFile(const std::filesystem::path& file) {
        std::ifstream in(file, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }

    HttpAnswer request(const std::string& method, const std::string& path,
                       const std::string& body = "",
                       std::map<std::string, std::string> headers = {},
                       const std::string& token = kToken) {
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        if (https)
            session = std::make_unique<Poco::Net::HTTPSClientSession>(host, port, tlsContext);
        else
            session = std::make_unique<Poco::Net::HTTPClientSession>(host, port);
        session->setTimeout(Poco::Timespan(300, 0));
        return exchange(*session, method, path, body, std::move(headers), token);
    }

    // Polls a run until it is in one of `states` (or has ended); its last JSON.
    Poco::JSON::Object::Ptr waitFor(const std::string& location,
                                    const std::vector<std::string>& states,
                                    const std::string& token = kToken,
                                    std::chrono::seconds bound = std::chrono::seconds(300)) {
        const auto deadline = std::chrono::steady_clock::now() + bound;
        for (;;) {
            auto run = request("GET", location, "", {}, token).json();
            const auto state = run->getValue<std::string>("state");
            if (std::find(states.begin(), states.end(), state) != states.end()) return run;
            if ((state != "queued" && state != "running") ||
                std::chrono::steady_clock::now() > deadline)
                return run;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    Poco::JSON::Object::Ptr waitForEnd(const std::string& location,
                                       const std::string& token = kToken) {
        return waitFor(location, {}, token);
    }

    ScratchDirectory scratch;
    std::unique_ptr<ReferenceRegistryProcess> registry;
    std::filesystem::path configuration;
    std::string baseUrl;
    std::string host;
    unsigned short port = 0;
    bool https = false;
    Poco::Net::Context::Ptr tlsContext;  // for https: the client's trust (and certificate)
    pid_t pid = -1;

  private:
    ServiceProcessOptions options_;
};

}  // namespace committee_report::tests
