// The configuration and report-definition loaders (libxml2 + the embedded schemas) over
// arbitrary bytes: the first byte picks the loader. A file an administrator got wrong is an
// XmlFileError with a message; nothing may crash, leak or read out of bounds.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "config/configuration.h"
#include "config/report_definition_loader.h"
#include "config/xml_schema_validation.h"

using namespace committee_report;

namespace {

// One folder per process, made at start and removed at exit.
struct Scratch {
    std::filesystem::path folder = std::filesystem::temp_directory_path() /
                                   ("committee-report-fuzz-" + std::to_string(getpid()));
    Scratch() { std::filesystem::create_directories(folder); }
    ~Scratch() {
        std::error_code ignored;
        std::filesystem::remove_all(folder, ignored);
    }
};

const std::filesystem::path& scratchFolder() {
    static const Scratch scratch;
    return scratch.folder;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view xml(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        if (data[0] % 2 == 0) {
            (void)config::parseReportDefinition(xml, "fuzz.xml", scratchFolder());
        } else {
            // The configuration is read from a file (relative paths resolve against it).
            const auto file = scratchFolder() / "committee-report.xml";
            std::ofstream(file, std::ios::binary | std::ios::trunc) << xml;
            (void)config::Configuration::load(file);
        }
    } catch (const config::XmlFileError&) {
    }
    return 0;
}
