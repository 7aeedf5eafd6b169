#include "document_inspection.h"

#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>
#include <libxml/relaxng.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace committee_report::tests {

std::string shellQuote(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

CommandResult runShell(const std::string& command) {
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) throw std::runtime_error("popen failed: " + command);
    CommandResult result;
    std::array<char, 4096> buffer{};
    size_t count;
    while ((count = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        result.output.append(buffer.data(), count);
    const int status = pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

std::string runCommand(const std::string& command) {
    auto result = runShell(command);
    if (result.exitCode != 0)
        throw std::runtime_error("command failed (" + std::to_string(result.exitCode) +
                                 "): " + command);
    return result.output;
}

std::string pdfText(const std::filesystem::path& pdf) {
    return runCommand("pdftotext -layout " + shellQuote(pdf.string()) + " -");
}

std::string pdfMetadata(const std::filesystem::path& pdf) {
    return runCommand("pdfinfo -meta " + shellQuote(pdf.string()));
}

std::string pdfInfo(const std::filesystem::path& pdf, const std::string& field) {
    std::istringstream lines(runCommand("pdfinfo " + shellQuote(pdf.string())));
    for (std::string line; std::getline(lines, line);)
        if (line.rfind(field + ":", 0) == 0) {
            const auto value = line.find_first_not_of(' ', field.size() + 1);
            return value == std::string::npos ? std::string() : line.substr(value);
        }
    return {};
}

std::vector<PdfFont> pdfFonts(const std::filesystem::path& pdf) {
    std::istringstream lines(runCommand("pdffonts " + shellQuote(pdf.string())));
    std::vector<PdfFont> fonts;
    std::string line;
    int lineNumber = 0;
    while (std::getline(lines, line)) {
        if (++lineNumber <= 2 || line.empty()) continue;  // header and ruler
        // Columns: name type encoding emb sub uni object ID; "emb" is the 4th field from the right
        // (yes/no).
        std::istringstream fields(line);
        std::vector<std::string> words;
        for (std::string word; fields >> word;) words.push_back(word);
        if (words.size() < 7) continue;
        fonts.push_back({words.front(), words[words.size() - 5] == "yes"});
    }
    return fonts;
}

std::string odtPart(const std::filesystem::path& odt, const std::string& member) {
    std::ifstream in(odt, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + odt.string());
    Poco::Zip::ZipArchive archive(in);
    auto header = archive.findHeader(member);
    if (header == archive.headerEnd()) throw std::runtime_error(member + " not in " + odt.string());
    in.clear();  // reading the directory left the stream at its end
    Poco::Zip::ZipInputStream stream(in, header->second);
    std::ostringstream out;
    out << stream.rdbuf();
    return out.str();
}

namespace {
void collect(void* problems, xmlError* error) {
    std::string message = error->message ? error->message : "?";
    static_cast<std::vector<std::string>*>(problems)->push_back(
        "line " + std::to_string(error->line) + ": " + message);
}
}  // namespace

std::vector<std::string> odfSchemaProblems(const std::string& xml, const std::string& schemaFile) {
    const std::string schemaPath =
        std::string(COMMITTEE_REPORT_SHARED_DIR) + "/reference/odf1.3/" + schemaFile;
    std::vector<std::string> problems;
    xmlRelaxNGParserCtxtPtr parser = xmlRelaxNGNewParserCtxt(schemaPath.c_str());
    xmlRelaxNGPtr schema = xmlRelaxNGParse(parser);
    xmlRelaxNGFreeParserCtxt(parser);
    if (!schema) throw std::runtime_error("cannot read ODF schema " + schemaPath);
    xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "part.xml", nullptr,
                                  XML_PARSE_NONET);
    if (!doc) {
        xmlRelaxNGFree(schema);
        return {"not well-formed XML"};
    }
    xmlRelaxNGValidCtxtPtr validator = xmlRelaxNGNewValidCtxt(schema);
    xmlRelaxNGSetValidStructuredErrors(validator, collect, &problems);
    if (xmlRelaxNGValidateDoc(validator, doc) != 0 && problems.empty())
        problems.push_back("invalid");
    xmlRelaxNGFreeValidCtxt(validator);
    xmlFreeDoc(doc);
    xmlRelaxNGFree(schema);
    return problems;
}

std::vector<int> officeProcesses() {
    std::vector<int> pids;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const auto name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream comm(entry.path() / "comm");
        std::string command;
        std::getline(comm, command);
        if (command == "soffice.bin" && processAlive(std::stoi(name)))
            pids.push_back(std::stoi(name));
    }
    return pids;
}

std::vector<int> officeChildrenOf(int parent) {
    std::vector<int> children;
    for (int office : officeProcesses()) {
        std::ifstream status("/proc/" + std::to_string(office) + "/status");
        for (std::string line; std::getline(status, line);)
            if (line.rfind("PPid:", 0) == 0 && std::stoi(line.substr(5)) == parent)
                children.push_back(office);
    }
    return children;
}

bool processAlive(int pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    if (!status) return false;
    for (std::string line; std::getline(status, line);)
        if (line.rfind("State:", 0) == 0) return line.find('Z') == std::string::npos;
    return false;
}

}  // namespace committee_report::tests
