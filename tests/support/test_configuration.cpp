#include "support/test_configuration.h"

#include <fstream>

namespace committee_report::tests {

std::filesystem::path writeTestConfiguration(const TestConfiguration& c) {
    const auto file = c.folder / "committee-report.xml";
    std::ofstream out(file);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<configuration xmlns=\"urn:x-committee-report:configuration:1\">\n";
    if (!c.site.empty()) out << "  <site>" << c.site << "</site>\n";
    out << "  <templates>" << COMMITTEE_REPORT_SOURCE_DIR << "/templates</templates>\n"
        << "  <output>" << (c.folder / "out").string() << "</output>\n"
        << "  <log file=\"" << (c.folder / "log/committee-report.log").string() << "\"/>\n"
        << "  <office><work-directory>" << COMMITTEE_REPORT_BINARY_DIR
        << "/office-tests</work-directory><processes>" << c.officeProcesses
        << "</processes></office>\n";
    if (!c.registryBaseUrl.empty())
        out << "  <registry><base-url>" << c.registryBaseUrl << "</base-url><token-file>"
            << c.registryTokenFile.string() << "</token-file></registry>\n";
    out << c.after << "</configuration>\n";
    return file;
}

}  // namespace committee_report::tests
