// Shared by the office integration suites: the sample template and content.
#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "core/document_content.h"
#include "office/office_engine.h"

namespace committee_report::tests {

namespace fs = std::filesystem;

inline const fs::path kSampleTemplate =
    fs::path(COMMITTEE_REPORT_SOURCE_DIR) / "templates/sample/provutskrift.fott";

inline office::OfficeEngineOptions engineOptions(const fs::path& work) {
    office::OfficeEngineOptions options;
    options.workDirectory = work / "office";
    options.startTimeout = std::chrono::seconds(90);
    options.jobTimeout = std::chrono::seconds(120);
    return options;
}

inline core::DocumentContent sampleContent() {
    core::DocumentContent content;
    content.fields["Kommun"] = "Ekbacka kommun";
    content.fields["Diarienummer"] = "2024SOCN33";
    content.fields["Datum"] = "2024-05-20";
    content.blocks["Beskrivning"].paragraphs = {"Första stycket om hot mot socialtjänsten.",
                                                "Andra stycket med åäö och 1 200 träffar."};
    content.tables["Kontroller"].rows = {
        {"Mallens fält", "ifyllda"}, {"Avsnitt", "ifyllt"}, {"Tabellrader", "upprepade 3 gånger"}};
    content.properties.title = "Provutskrift 2024SOCN33";
    content.properties.subject = "2024SOCN33";
    content.properties.author = "Socialförvaltningen";
    return content;
}

// The whole text of a file (a flat ODF template).
inline std::string fileText(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// Writes `text` over a template as an administrator's new version of it: with a later
// modification time, so the new version is told apart even within the clock's resolution.
inline void replaceTemplate(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
    fs::last_write_time(file, fs::last_write_time(file) + std::chrono::seconds(2));
}

inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace committee_report::tests
