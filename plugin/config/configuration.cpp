#include "configuration.h"

#include "xml_schema_validation.h"

namespace committee_report::config {

Configuration Configuration::load(const std::filesystem::path& file) {
    Configuration configuration;
    configuration.file = std::filesystem::absolute(file).lexically_normal();
    const auto doc = loadValidated(configuration.file, "configuration.xsd");
    const auto base = configuration.file.parent_path();
    auto resolve = [&](const std::string& text) { return (base / text).lexically_normal(); };

    const xmlNode* root = xmlDocGetRootElement(doc.get());
    if (auto* node = firstChild(root, "plugin")) configuration.pluginLibrary = resolve(nodeText(node));
    configuration.templatesDirectory = resolve(nodeText(firstChild(root, "templates")));
    configuration.outputDirectory = resolve(nodeText(firstChild(root, "output")));
    if (auto* log = firstChild(root, "log")) {
        if (auto path = attribute(log, "file"); !path.empty()) configuration.logFile = resolve(path);
        configuration.logLevel = attribute(log, "level", "information");
    }
    const xmlNode* office = firstChild(root, "office");
    auto& settings = configuration.office;
    if (auto* node = firstChild(office, "program")) settings.program = resolve(nodeText(node));
    if (auto* node = firstChild(office, "work-directory")) settings.workDirectory = resolve(nodeText(node));
    if (auto* node = firstChild(office, "processes")) settings.processes = std::stoi(nodeText(node));
    if (auto* node = firstChild(office, "start-timeout-seconds"))
        settings.startTimeout = std::chrono::seconds(std::stoi(nodeText(node)));
    if (auto* node = firstChild(office, "job-timeout-seconds"))
        settings.jobTimeout = std::chrono::seconds(std::stoi(nodeText(node)));
    return configuration;
}

}  // namespace committee_report::config
