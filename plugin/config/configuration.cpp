#include "configuration.h"

#include <algorithm>
#include <thread>

#include "xml_schema_validation.h"

namespace committee_report::config {

Configuration Configuration::load(const std::filesystem::path& file) {
    Configuration configuration;
    configuration.file = std::filesystem::absolute(file).lexically_normal();
    // <plugin> named the plugin library when the host loaded it by path; the host now links
    // the one installed beside it, so a file that still names one is told to drop the line.
    static const std::vector<RetiredElement> kRetired = {
        {"plugin",
         "används inte längre: värdprogrammet läser alltid in det installerade tillägget "
         "(libcommittee-report.so.1). Ta bort elementet ur konfigurationen."}};
    const auto doc = loadValidated(configuration.file, "configuration.xsd", kRetired);
    const auto base = configuration.file.parent_path();
    auto resolve = [&](const std::string& text) { return (base / text).lexically_normal(); };

    const xmlNode* root = xmlDocGetRootElement(doc.get());
    configuration.templatesDirectory = resolve(nodeText(firstChild(root, "templates")));
    configuration.outputDirectory = resolve(nodeText(firstChild(root, "output")));
    if (auto* log = firstChild(root, "log")) {
        if (auto path = attribute(log, "file"); !path.empty())
            configuration.logFile = resolve(path);
        configuration.logLevel = attribute(log, "level", "information");
        configuration.logRotateMb = std::stoi(attribute(log, "rotate-mb", "10"));
        configuration.logKeep = std::stoi(attribute(log, "keep", "10"));
    }
    if (auto* node = firstChild(root, "audit-log"))
        configuration.auditLog = resolve(nodeText(node));
    else if (configuration.logFile)
        configuration.auditLog = configuration.logFile->parent_path() / "audit.jsonl";
    else
        configuration.auditLog = configuration.outputDirectory / "audit.jsonl";
    const xmlNode* office = firstChild(root, "office");
    auto& settings = configuration.office;
    if (auto* node = firstChild(office, "program")) settings.program = resolve(nodeText(node));
    if (auto* node = firstChild(office, "work-directory"))
        settings.workDirectory = resolve(nodeText(node));
    if (auto* node = firstChild(office, "processes"))
        settings.processes = std::stoi(nodeText(node));
    if (auto* node = firstChild(office, "start-timeout-seconds"))
        settings.startTimeout = std::chrono::seconds(std::stoi(nodeText(node)));
    if (auto* node = firstChild(office, "job-timeout-seconds"))
        settings.jobTimeout = std::chrono::seconds(std::stoi(nodeText(node)));
    if (auto* node = firstChild(office, "queue-timeout-seconds"))
        settings.queueTimeout = std::chrono::seconds(std::stoi(nodeText(node)));
    if (auto* node = firstChild(office, "max-jobs-per-process"))
        settings.maxJobsPerProcess = std::stoi(nodeText(node));
    if (auto* node = firstChild(office, "max-memory-mb"))
        settings.maxMemoryMb = std::stoi(nodeText(node));
    if (const xmlNode* registry = firstChild(root, "registry")) {
        RegistrySettings r;
        r.baseUrl = nodeText(firstChild(registry, "base-url"));
        if (auto* node = firstChild(registry, "token-file")) r.tokenFile = resolve(nodeText(node));
        if (auto* node = firstChild(registry, "token-environment"))
            r.tokenEnvironment = nodeText(node);
        if (auto* node = firstChild(registry, "ca-file")) r.caFile = resolve(nodeText(node));
        if (auto* node = firstChild(registry, "verify-certificate")) {
            const auto text = nodeText(node);
            r.verifyCertificate = !(text == "false" || text == "0");
        }
        if (auto* node = firstChild(registry, "connect-timeout-seconds"))
            r.connectTimeout = std::chrono::seconds(std::stoi(nodeText(node)));
        if (auto* node = firstChild(registry, "read-timeout-seconds"))
            r.readTimeout = std::chrono::seconds(std::stoi(nodeText(node)));
        if (auto* node = firstChild(registry, "max-attempts"))
            r.maxAttempts = std::stoi(nodeText(node));
        if (auto* node = firstChild(registry, "total-seconds"))
            r.totalTimeout = std::chrono::seconds(std::stoi(nodeText(node)));
        if (auto* node = firstChild(registry, "max-response-bytes"))
            r.maxResponseBytes = std::stoll(nodeText(node));
        if (auto* node = firstChild(registry, "max-json-response-bytes"))
            r.maxJsonResponseBytes = std::stoll(nodeText(node));
        if (auto* node = firstChild(registry, "request-deadline-seconds"))
            r.requestDeadline = std::chrono::seconds(std::stoi(nodeText(node)));
        if (auto* node = firstChild(registry, "run-deadline-seconds"))
            r.runDeadline = std::chrono::seconds(std::stoi(nodeText(node)));
        configuration.registry = std::move(r);
    }
    if (const xmlNode* site = firstChild(root, "site")) {
        auto& s = configuration.site;
        auto text = [&](const char* name, std::optional<std::string>& into) {
            if (auto* node = firstChild(site, name)) into = nodeText(node);
        };
        text("municipality", s.municipality);
        text("administration", s.administration);
        text("committee", s.committee);
        text("author-unit", s.authorUnit);
        if (auto* node = firstChild(site, "signatory")) {
            s.signatoryName = nodeText(node);
            s.signatoryTitle = attribute(node, "title");
        }
    }
    if (auto* node = firstChild(root, "max-period-years"))
        configuration.maxPeriodYears = std::stoi(nodeText(node));
    if (const xmlNode* service = firstChild(root, "service")) {
        auto& s = configuration.service;
        auto seconds = [&](const char* name, std::chrono::seconds& value) {
            if (auto* node = firstChild(service, name))
                value = std::chrono::seconds(std::stoi(nodeText(node)));
        };
        auto count = [&](const char* name, auto& value) {
            if (auto* node = firstChild(service, name)) value = std::stoll(nodeText(node));
        };
        if (auto* node = firstChild(service, "listen")) s.listen = nodeText(node);
        if (auto* node = firstChild(service, "client-token-file"))
            s.clientTokenFile = resolve(nodeText(node));
        if (auto* node = firstChild(service, "launch-secret-file"))
            s.launchSecretFile = resolve(nodeText(node));
        if (const xmlNode* tls = firstChild(service, "tls")) {
            ServiceSettings::Tls t;
            t.certificateFile = resolve(nodeText(firstChild(tls, "certificate-file")));
            t.keyFile = resolve(nodeText(firstChild(tls, "key-file")));
            if (auto* node = firstChild(tls, "client-ca-file"))
                t.clientCaFile = resolve(nodeText(node));
            s.tls = std::move(t);
        }
        if (auto* node = firstChild(service, "entry-link")) s.entryLink = nodeText(node);
        count("workers", s.workers);
        count("max-queued-runs", s.maxQueuedRuns);
        count("max-runs-per-client", s.maxRunsPerClient);
        count("max-body-bytes", s.maxBodyBytes);
        count("max-connections", s.maxConnections);
        seconds("read-timeout-seconds", s.readTimeout);
        seconds("shutdown-seconds", s.shutdownTimeout);
        seconds("run-retention-seconds", s.runRetention);
        seconds("panel-session-seconds", s.panelSession);
    }
    if (configuration.service.workers <= 0)
        configuration.service.workers = 2 * configuration.office.processCount();
    return configuration;
}

int OfficeSettings::processCount() const {
    return processes > 0
               ? processes
               : static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
}

}  // namespace committee_report::config
