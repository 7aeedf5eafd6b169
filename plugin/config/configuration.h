// The administrator's configuration file (schemas/configuration.xsd), read and
// validated once; the host and the plugin both read it through this class.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace committee_report::config {

struct OfficeSettings {
    std::filesystem::path program = "/usr/lib/libreoffice/program/soffice.bin";
    std::optional<std::filesystem::path> workDirectory;  // profiles; default: a private temp folder
    int processes = 0;                                   // 0 = one per core, at most four
    // `processes` resolved: what the office engine starts.
    [[nodiscard]] int processCount() const;
    std::chrono::seconds startTimeout{60};
    std::chrono::seconds jobTimeout{300};
    std::chrono::seconds queueTimeout{600};
    int maxJobsPerProcess = 200;
    int maxMemoryMb = 1024;
};

// How to reach the municipal registry (the <registry> element).
struct RegistrySettings {
    std::string baseUrl;  // without "/api"
    // Exactly one of the two is set: a token file (owner-readable only) or an environment variable.
    std::optional<std::filesystem::path> tokenFile;
    std::optional<std::string> tokenEnvironment;
    std::optional<std::filesystem::path> caFile;
    bool verifyCertificate = true;
    std::chrono::seconds connectTimeout{10};
    std::chrono::seconds readTimeout{30};
    int maxAttempts = 5;
    std::chrono::seconds totalTimeout{120};
    std::int64_t maxResponseBytes = 64 * 1024 * 1024;     // a document's bytes
    std::int64_t maxJsonResponseBytes = 8 * 1024 * 1024;  // any other answer (JSON)
    std::chrono::seconds requestDeadline{60};  // one attempt, connect to last byte
    std::chrono::seconds runDeadline{1800};    // all registry work of one run
};

// Who the reports are from (the <site> element): the administrator's values, kept in
// /etc across upgrades, overriding the report definitions' <organisation>. Unset ones
// keep the definition's.
struct SiteSettings {
    std::optional<std::string> municipality;
    std::optional<std::string> administration;
    std::optional<std::string> committee;
    std::optional<std::string> signatoryName;
    std::optional<std::string> signatoryTitle;
    std::optional<std::string> authorUnit;
};

// The HTTP service a DMS calls (the <service> element; `committee-report serve`).
struct ServiceSettings {
    std::string listen = "127.0.0.1:8443";  // HOST:PORT; port 0 picks a free one
    std::optional<std::filesystem::path> clientTokenFile;
    std::optional<std::filesystem::path> launchSecretFile;
    struct Tls {
        std::filesystem::path certificateFile;
        std::filesystem::path keyFile;
        std::optional<std::filesystem::path> clientCaFile;
    };
    std::optional<Tls> tls;
    // Runs executed at once; 0 in the file (or no <workers>) resolves to twice the office
    // processes when the configuration is loaded (see configuration.xsd for why).
    int workers = 0;
    // The DMS's page for a registry entry, "{id}" standing for the entry's systemId
    // (e.g. "https://dms.example/handling/{id}"); the panel links a run's entry there.
    std::optional<std::string> entryLink;
    int maxQueuedRuns = 32;
    int maxRunsPerClient = 8;
    std::int64_t maxBodyBytes = 64 * 1024;
    int maxConnections = 64;
    std::chrono::seconds readTimeout{10};
    std::chrono::seconds shutdownTimeout{30};
    std::chrono::seconds runRetention{3600};
    std::chrono::seconds panelSession{900};
};

struct Configuration {
    std::filesystem::path file;  // the configuration file itself, absolute
    std::filesystem::path templatesDirectory;
    std::filesystem::path outputDirectory;
    std::optional<std::filesystem::path> logFile;
    std::string logLevel = "information";
    int logRotateMb = 10;            // the log file is rotated when it passes this size
    int logKeep = 10;                // rotated files kept
    std::filesystem::path auditLog;  // always set after load (see schemas/configuration.xsd)
    OfficeSettings office;
    std::optional<RegistrySettings> registry;
    SiteSettings site;
    int maxPeriodYears = 10;  // the longest report period accepted
    ServiceSettings service;  // defaults when the file has no <service>

    // Reads and validates `file`; relative paths are resolved against its folder.
    // Throws config::XmlFileError with the line and what is expected there.
    [[nodiscard]] static Configuration load(const std::filesystem::path& file);
};

}  // namespace committee_report::config
