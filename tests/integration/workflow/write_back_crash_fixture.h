// The committee-report program killed for real during its write-back: it runs as a child
// process (the CLI, through the C interface of the library built beside it), talking to the
// reference registry through a loopback proxy (fakes/fault_proxy.h) that sends it SIGKILL
// at one chosen request. What the registry then holds is read through its REST API, as any
// client of the registry would see it: entries, documents, their bytes and SHA-256, the
// agenda's attachments.
#pragma once

#include <boost/test/unit_test.hpp>

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/SHA2Engine.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "fakes/fault_proxy.h"
#include "fakes/reference_registry_process.h"
#include "scratch_directory.h"
#include "support/document_inspection.h"
#include "support/test_configuration.h"

extern char** environ;

namespace committee_report::tests {

inline std::string sha256Of(const std::string& bytes) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(bytes);
    return Poco::DigestEngine::digestToHex(engine.digest());
}

inline std::string fileBytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A document of the report as the registry serves it, with what its content answered.
struct StoredDocument {
    std::string systemId, fileName, variant, checksum;
    std::int64_t size = 0;
    int number = 0;
    int contentStatus = 0;          // of GET …/innehall
    std::string contentSha256;      // of the bytes served, when 200
    std::int64_t contentSize = -1;  // of the bytes served, when 200

    [[nodiscard]] bool complete() const {
        return contentStatus == 200 && contentSha256 == checksum && contentSize == size;
    }
    [[nodiscard]] std::string kind() const {  // "P .odt", "A .pdf"
        return variant + " " + std::filesystem::path(fileName).extension().string();
    }
};

struct StoredEntry {
    std::string systemId, externalReference, status;
    std::vector<StoredDocument> documents;
};

// The registry read through its REST API with the write token, as an administrator's tool
// or the DMS would read it (not through the plugin's own client).
class RegistryView {
  public:
    RegistryView(const std::string& baseUrl, std::string token)
        : base_(baseUrl), token_(std::move(token)) {}

    // GET; the body as text and the status.
    std::pair<int, std::string> get(const std::string& target) const {
        Poco::Net::HTTPClientSession session(base_.getHost(), base_.getPort());
        session.setTimeout(Poco::Timespan(30, 0));
        Poco::Net::HTTPRequest request("GET", target, Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("Authorization", "Bearer " + token_);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::string body;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
        return {static_cast<int>(response.getStatus()), body};
    }

    Poco::JSON::Object::Ptr object(const std::string& target) const {
        const auto [status, body] = get(target);
        if (status != 200)
            throw std::runtime_error("GET " + target + ": " + std::to_string(status) + " " + body);
        return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    }

    // A whole list (following next links), its elements.
    std::vector<Poco::JSON::Object::Ptr> list(std::string target) const {
        std::vector<Poco::JSON::Object::Ptr> items;
        for (int page = 0; page < 100 && !target.empty(); ++page) {
            const auto body = object(target);
            if (const auto results = body->getArray("results"))
                for (unsigned i = 0; i < results->size(); ++i)
                    items.push_back(results->getObject(i));
            target.clear();
            const auto links = body->getObject("_links");
            if (links && links->has("next"))
                target = Poco::URI(links->getObject("next")->getValue<std::string>("href"))
                             .getPathAndQuery();
        }
        return items;
    }

    std::string caseId(const std::string& dnr) const {
        Poco::URI uri("/api/arende");
        uri.addQueryParameter("$filter", "diarienummer eq '" + dnr + "'");
        const auto cases = list(uri.getPathAndQuery());
        if (cases.size() != 1) throw std::runtime_error("no single case " + dnr);
        return cases[0]->getValue<std::string>("systemId");
    }

    // The case's entries written by committee-report (externReferens), with their documents.
    std::vector<StoredEntry> reportEntries(const std::string& dnr) const {
        std::vector<StoredEntry> entries;
        for (const auto& handling : list("/api/arende/" + caseId(dnr) + "/handling")) {
            StoredEntry entry;
            entry.externalReference = handling->optValue<std::string>("externReferens", "");
            if (entry.externalReference.rfind("committee-report:" + dnr + ":", 0) != 0) continue;
            entry.systemId = handling->getValue<std::string>("systemId");
            entry.status = handling->getObject("status")->getValue<std::string>("kode");
            for (const auto& d : list("/api/handling/" + entry.systemId + "/dokument")) {
                StoredDocument document;
                document.systemId = d->getValue<std::string>("systemId");
                document.fileName = d->getValue<std::string>("filnamn");
                document.variant = d->getObject("variant")->getValue<std::string>("kode");
                document.checksum = d->getValue<std::string>("checksumma");
                document.size = d->getValue<std::int64_t>("storlek");
                document.number = d->optValue<int>("dokumentnummer", 0);
                const auto [status, bytes] =
                    get("/api/dokument/" + document.systemId + "/innehall");
                document.contentStatus = status;
                if (status == 200) {
                    document.contentSha256 = sha256Of(bytes);
                    document.contentSize = static_cast<std::int64_t>(bytes.size());
                }
                entry.documents.push_back(document);
            }
            entries.push_back(entry);
        }
        return entries;
    }

    // The agenda item of `dnr` at the meeting of `date` (Socialnämnden): its id and the
    // document ids attached to it, in the order served.
    std::pair<std::string, std::vector<std::string>> agendaItem(const std::string& dnr,
                                                                const std::string& date) const {
        Poco::URI uri("/api/sammantrade");
        uri.addQueryParameter("$filter", "sammantradesdatum eq " + date);
        for (const auto& meeting : list(uri.getPathAndQuery()))
            for (const auto& item :
                 list("/api/sammantrade/" + meeting->getValue<std::string>("systemId") +
                      "/arendepunkt")) {
                if (item->optValue<std::string>("diarienummer", "") != dnr) continue;
                std::vector<std::string> documents;
                const auto attachments = item->getArray("bilagor");
                for (unsigned i = 0; attachments && i < attachments->size(); ++i)
                    documents.push_back(
                        attachments->getObject(i)->getValue<std::string>("dokumentId"));
                return {item->getValue<std::string>("systemId"), documents};
            }
        throw std::runtime_error("no agenda item for " + dnr + " on " + date);
    }

    // POST, as another user of the registry would; the status.
    int post(const std::string& target, const std::string& json,
             const std::string& ifMatch = {}) const {
        Poco::Net::HTTPClientSession session(base_.getHost(), base_.getPort());
        session.setTimeout(Poco::Timespan(30, 0));
        Poco::Net::HTTPRequest request("POST", target, Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("Authorization", "Bearer " + token_);
        if (!ifMatch.empty()) request.set("If-Match", ifMatch);
        request.setContentType("application/json; charset=utf-8");
        request.setContentLength(static_cast<std::streamsize>(json.size()));
        session.sendRequest(request) << json;
        Poco::Net::HTTPResponse response;
        std::string ignored;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), ignored);
        return static_cast<int>(response.getStatus());
    }

  private:
    Poco::URI base_;
    std::string token_;
};

struct HostRun {
    int exitCode = -1;    // when it exited
    bool killed = false;  // ended by SIGKILL
    std::string output;   // stdout and stderr
};

// One installation: a fresh reference registry, the proxy in front of it, a configuration
// that points the program at the proxy, and one output folder for every run (as on the
// official's machine, where a re-run finds the files of the run before).
class CrashFixture {
  public:
    static constexpr const char* kCase = "2024SOCN33";

    CrashFixture() : proxy(registry.baseUrl()) {
        const auto settings = registry.settings(ReferenceRegistryProcess::kWriteToken);
        TestConfiguration installation;
        installation.folder = scratch.path();
        installation.registryBaseUrl = proxy.baseUrl();  // every request goes through the proxy
        installation.registryTokenFile = *settings.tokenFile;
        configuration = writeTestConfiguration(installation);
    }

    // Runs `committee-report run ACTION` to its end (at most `bound`; then it is killed and
    // the run counts as hung: exitCode -1, killed false).
    HostRun run(const std::string& action, const std::vector<std::string>& parameters = {},
                std::chrono::seconds bound = std::chrono::seconds(240)) {
        std::vector<std::string> arguments = {HOST_PATH,
                                              "--config",
                                              configuration.string(),
                                              "--user",
                                              "u-4711",
                                              "run",
                                              action,
                                              "--case",
                                              kCase,
                                              "--out",
                                              (scratch.path() / "out").string()};
        for (const auto& parameter : parameters) {
            arguments.push_back("--param");
            arguments.push_back(parameter);
        }
        const auto log = scratch.path() / ("host-" + std::to_string(++runs_) + ".log");
        const pid_t pid = spawn(arguments, log);
        host_ = pid;
        HostRun result;
        int status = 0;
        const auto until = std::chrono::steady_clock::now() + bound;
        pid_t done = 0;
        while ((done = waitpid(pid, &status, WNOHANG)) == 0 &&
               std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (done == 0) {
            ::kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            host_ = -1;
            result.output =
                fileBytes(log) + "\n[hung: killed after " + std::to_string(bound.count()) + " s]";
            return result;
        }
        host_ = -1;
        result.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
        if (result.killed) {
            std::lock_guard lock(killedMutex_);
            killed_.push_back(pid);
        }
        if (WIFEXITED(status)) result.exitCode = WEXITSTATUS(status);
        result.output = fileBytes(log);
        return result;
    }

    // The next run is killed (SIGKILL) at the request the rule names; the host's
    // connection is cut at that moment too.
    void killAt(FaultProxy::Rule rule) {
        rule.action = [this] {
            const pid_t pid = host_;
            if (pid > 0) ::kill(pid, SIGKILL);
        };
        proxy.arm(std::move(rule));
    }

    // The official edits the draft in the DMS and checks it back in.
    int edit() {
        return runShell(shellQuote(EDIT_TOOL_PATH) + " --config " +
                        shellQuote(configuration.string()) + " --case " + kCase +
                        " >/dev/null 2>&1")
            .exitCode;
    }

    // What killed runs left behind: their office's UNO sockets in /tmp (named after the
    // host's pid) and staging folders (.run-*) in the output folder.
    [[nodiscard]] std::vector<std::string> leftovers() const {
        std::vector<std::string> found;
        std::vector<pid_t> killed;
        {
            std::lock_guard lock(killedMutex_);
            killed = killed_;
        }
        std::error_code error;
        for (std::filesystem::directory_iterator it("/tmp", error), end; !error && it != end;
             it.increment(error)) {
            const auto name = it->path().filename().string();
            for (const pid_t pid : killed)
                if (name.rfind("OSL_PIPE_" + std::to_string(getuid()) + "_committee-report-" +
                                   std::to_string(pid) + "-",
                               0) == 0)
                    found.push_back(it->path().string());
        }
        for (std::filesystem::directory_iterator it(scratch.path() / "out", error), end;
             !error && it != end; it.increment(error))
            if (it->path().filename().string().rfind(".run-", 0) == 0)
                found.push_back(it->path().string());
        return found;
    }

    [[nodiscard]] RegistryView view() const {
        return RegistryView(registry.baseUrl(), ReferenceRegistryProcess::kWriteToken);
    }

    ScratchDirectory scratch;
    ReferenceRegistryProcess registry;
    FaultProxy proxy;
    std::filesystem::path configuration;

  private:
    static pid_t spawn(const std::vector<std::string>& arguments,
                       const std::filesystem::path& log) {
        std::vector<char*> argv;
        for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0600);
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
        pid_t pid = -1;
        const int error = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (error != 0) throw std::runtime_error("cannot start " + arguments[0]);
        return pid;
    }

    std::atomic<pid_t> host_{-1};
    mutable std::mutex killedMutex_;
    std::vector<pid_t> killed_;
    std::atomic<int> runs_{0};
};

// Documents of the entry by kind ("P .odt" …) and how many.
inline std::map<std::string, int> kindsOf(const StoredEntry& entry) {
    std::map<std::string, int> kinds;
    for (const auto& document : entry.documents) ++kinds[document.kind()];
    return kinds;
}

inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// One draft (version 1, `status`), its documents exactly `kinds`, every one with its bytes
// and matching checksum, no record twice. Returns the entry for further checks.
inline StoredEntry expectOneCorrectState(const CrashFixture& f, const std::string& status,
                                         const std::map<std::string, int>& kinds) {
    const auto entries = f.view().reportEntries(CrashFixture::kCase);
    BOOST_TEST_REQUIRE(entries.size() == 1u);
    const auto& entry = entries.front();
    BOOST_TEST(entry.externalReference == "committee-report:2024SOCN33:hot-och-desinformation:1");
    BOOST_TEST(entry.status == status);
    std::string listed;
    for (const auto& [kind, count] : kindsOf(entry))
        listed += kind + ": " + std::to_string(count) + "; ";
    BOOST_TEST((kindsOf(entry) == kinds), "documents by kind: " << listed);
    std::set<std::string> seen;
    for (const auto& document : entry.documents) {
        BOOST_TEST(document.complete(), document.fileName << " #" << document.number << ": content "
                                                          << document.contentStatus << ", "
                                                          << document.contentSize << " of "
                                                          << document.size << " bytes");
        BOOST_TEST(seen.insert(document.fileName + "/" + document.checksum).second,
                   document.fileName << " registered twice");
    }
    return entry;
}

inline std::string describe(const HostRun& run) {
    return "exit " + std::to_string(run.exitCode) + (run.killed ? " (killed)" : "") + ": " +
           run.output.substr(run.output.size() > 1500 ? run.output.size() - 1500 : 0);
}

// Runs `action` killed (SIGKILL) at the request the rule names, checks it was, and disarms
// the proxy, so the caller's next run goes through.
inline void runKilledAt(CrashFixture& f, const char* step, FaultProxy::Rule rule,
                        const std::string& action, const std::vector<std::string>& parameters = {}) {
    f.killAt(std::move(rule));
    const auto killed = f.run(action, parameters);
    BOOST_TEST_REQUIRE(killed.killed, describe(killed));
    BOOST_TEST_REQUIRE(f.proxy.applied().size() == 1u);
    BOOST_TEST_MESSAGE(step << ": killed at " << f.proxy.applied().front());
    f.proxy.disarm();
}

// Nothing of the killed runs is left: no office socket, no staging folder.
inline void expectNoLeftovers(const CrashFixture& f) {
    const auto leftovers = f.leftovers();
    BOOST_TEST(leftovers.empty(),
               leftovers.size() << " left, e.g. " << (leftovers.empty() ? "" : leftovers[0]));
}

}  // namespace committee_report::tests
