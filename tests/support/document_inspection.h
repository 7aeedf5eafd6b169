// What a reader checks in a produced document, for tests: the text and
// metadata of a PDF (poppler-utils), the parts of an ODT and their validity
// against the OASIS ODF 1.3 schema (taken from shared/, never copied).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace committee_report::tests {

// Runs a shell command, returns its standard output; throws if it exits non-zero.
[[nodiscard]] std::string runCommand(const std::string& command);
struct CommandResult {
    int exitCode = -1;
    std::string output;  // standard output (add 2>&1 to the command for both)
};
// Runs a shell command and returns its exit code and output, whatever the code.
[[nodiscard]] CommandResult runShell(const std::string& command);
[[nodiscard]] std::string shellQuote(const std::string& text);

[[nodiscard]] std::string pdfText(const std::filesystem::path& pdf);  // pdftotext -layout
[[nodiscard]] std::string pdfMetadata(
    const std::filesystem::path& pdf);  // XMP packet (pdfinfo -meta)
// One field of pdfinfo's output ("Title", "Tagged", "Pages"); empty if absent.
[[nodiscard]] std::string pdfInfo(const std::filesystem::path& pdf, const std::string& field);
// One entry per font: name and whether it is embedded.
struct PdfFont {
    std::string name;
    bool embedded = false;
};
[[nodiscard]] std::vector<PdfFont> pdfFonts(const std::filesystem::path& pdf);

// A member of the ODT's zip (e.g. "content.xml").
[[nodiscard]] std::string odtPart(const std::filesystem::path& odt, const std::string& member);
// Problems found validating `xml` against shared/reference/odf1.3/<schemaFile>; empty = valid.
[[nodiscard]] std::vector<std::string> odfSchemaProblems(const std::string& xml,
                                                         const std::string& schemaFile);

// soffice.bin processes currently running on this machine.
[[nodiscard]] std::vector<int> officeProcesses();
// soffice.bin processes whose parent is `parent` (e.g. getpid(): the ones this test started).
[[nodiscard]] std::vector<int> officeChildrenOf(int parent);
// True while `pid` exists and is not a zombie.
[[nodiscard]] bool processAlive(int pid);

}  // namespace committee_report::tests
