// The reference registry (tests/reference-registry) as a child process of a
// test: a fresh seeded database in a private temporary folder, a free loopback
// port, test mode (fault control) on; stopped and waited for on destruction.
// For every integration test that needs a registry: the registry client's,
// the report's, the write-back's.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "config/configuration.h"

namespace committee_report::tests {

class ReferenceRegistryProcess {
  public:
    struct Options {
        int scale = 1;
        std::uint64_t seed = 1;
        bool testMode = true;
        std::vector<std::string> extraArguments;  // e.g. {"--token", "abc:read"}
        // Lists in a scrambled (but stable) order, as a server may: nothing may depend on
        // the order a list comes in (serve --shuffle-lists).
        bool shuffleLists = true;
        // "default": Ekbacka kommun; "small": Norrvik kommun, most cells 1–4 (seed --profile).
        // Last, so that the positional initialisers of the other fields keep their meaning.
        std::string profile = "default";
        // Lists in descending insertion order instead (serve --reverse-lists): an order
        // assumption ("the last one listed is the newest") fails every run, not by chance.
        bool reverseLists = false;
    };

    // The demo tokens the registry accepts when no --token is given.
    static constexpr const char* kReadToken = "ekbacka-demo-read";
    static constexpr const char* kWriteToken = "ekbacka-demo-write";

    ReferenceRegistryProcess();  // default Options
    explicit ReferenceRegistryProcess(Options options);
    ~ReferenceRegistryProcess();
    ReferenceRegistryProcess(const ReferenceRegistryProcess&) = delete;
    ReferenceRegistryProcess& operator=(const ReferenceRegistryProcess&) = delete;

    // "http://127.0.0.1:<port>" (https with --tls-cert/--tls-key), as a <base-url>.
    [[nodiscard]] const std::string& baseUrl() const { return baseUrl_; }
    [[nodiscard]] const std::filesystem::path& database() const { return database_; }
    [[nodiscard]] static std::filesystem::path executable();

    // Settings as an administrator would configure them, with the token in a
    // file (mode 600) inside the process's private folder.
    [[nodiscard]] config::RegistrySettings settings(const std::string& token = kWriteToken) const;

    // Fault control (test mode, http only): a JSON array of rules, see
    // tests/reference-registry/README.md.
    void setFaults(const std::string& rulesJson);
    void clearFaults();
    // "METHOD /path?query" of every request received since the last clearRequests().
    [[nodiscard]] std::vector<std::string> requests();
    void clearRequests();

    // Runs a single-value SQL query (e.g. SELECT COUNT(*) …) on the registry's
    // database, to check what a user of the registry would see stored.
    [[nodiscard]] std::int64_t queryNumber(const std::string& sql,
                                           const std::vector<std::string>& parameters = {}) const;

    // Stops the server (SIGTERM) and waits for it; idempotent.
    void stop();

  private:
    void start(const Options& options);
    std::string control(const std::string& method, const std::string& path,
                        const std::string& body);

    std::filesystem::path directory_;
    std::filesystem::path database_;
    std::string baseUrl_;
    pid_t pid_ = -1;
};

}  // namespace committee_report::tests
