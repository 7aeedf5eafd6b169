// The configuration file of a test installation: templates from the source tree, output
// and log below the test's own folder, office profiles shared by the build's tests, and
// (optionally) the reference registry. One writer for the workflow, host and service tests.
#pragma once

#include <filesystem>
#include <string>

namespace committee_report::tests {

struct TestConfiguration {
    std::filesystem::path folder;  // the file, out/ and log/ go here
    std::string site;              // inner XML of <site>; empty: none
    int officeProcesses = 1;
    std::string registryBaseUrl;  // empty: no <registry>
    std::filesystem::path registryTokenFile;
    std::string after;  // elements after <registry>, e.g. a <service> block
};

// Writes <folder>/committee-report.xml and returns its path.
std::filesystem::path writeTestConfiguration(const TestConfiguration& configuration);

}  // namespace committee_report::tests
