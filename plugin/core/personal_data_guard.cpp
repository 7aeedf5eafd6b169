#include "personal_data_guard.h"

#include <string>
#include <vector>

#include "personal_identity_number.h"
#include "report_error.h"

namespace committee_report::core {

namespace {

// Lower case for ASCII and the Swedish capitals (UTF-8 Å Ä Ö É -> å ä ö é).
std::string folded(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
        } else if (c == 0xC3 && i + 1 < text.size()) {
            auto next = static_cast<unsigned char>(text[i + 1]);
            if (next >= 0x80 && next <= 0x9E && next != 0x97)
                next = static_cast<unsigned char>(next + 0x20);
            out += static_cast<char>(c);
            out += static_cast<char>(next);
            ++i;
        } else if (c == 0xC2 && i + 1 < text.size() &&
                   static_cast<unsigned char>(text[i + 1]) == 0xA0) {
            out += ' ';  // a non-breaking space separates words like a space
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

// Letters, digits and any byte of a multi-byte UTF-8 character join a word.
bool wordByte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u >= 0x80;
}

bool containsWord(const std::string& haystack, const std::string& needle) {
    for (auto at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + 1)) {
        const bool startsWord = at == 0 || !wordByte(haystack[at - 1]);
        const auto end = at + needle.size();
        const bool endsWord = end == haystack.size() || !wordByte(haystack[end]);
        if (startsWord && endsWord) return true;
    }
    return false;
}

// The screened names, folded once for all the texts of a document.
std::vector<std::string> foldedNames(const PersonalDataScreen& screen) {
    std::vector<std::string> needles;
    needles.reserve(screen.names.size());
    for (const auto& name : screen.names)
        if (auto needle = folded(name); !needle.empty()) needles.push_back(std::move(needle));
    return needles;
}

void verifyFolded(std::string_view text, std::string_view where,
                  const std::vector<std::string>& needles) {
    if (containsPersonalIdentityNumber(text))
        throw PersonalDataInOutput(
            "Rapporten skapades inte: " + std::string(where) +
            " innehåller något som ser ut som ett personnummer. Kontrollera uppgifterna i "
            "diariet och mallen.");
    const auto haystack = folded(text);
    for (const auto& needle : needles) {
        if (containsWord(haystack, needle))
            throw PersonalDataInOutput(
                "Rapporten skapades inte: " + std::string(where) +
                " innehåller namnet på en person från diariets ärenden. Kontrollera "
                "rapportdefinitionen och uppgifterna i diariet.");
    }
}

}  // namespace

void verifyNoPersonalData(std::string_view text, std::string_view where,
                          const PersonalDataScreen& screen) {
    verifyFolded(text, where, foldedNames(screen));
}

void verifyNoPersonalData(const DocumentContent& content, const PersonalDataScreen& screen) {
    const auto needles = foldedNames(screen);
    const auto verify = [&](std::string_view text, std::string_view where) {
        verifyFolded(text, where, needles);
    };
    for (const auto& [name, text] : content.fields) verify(text, "fältet " + name);
    for (const auto& [name, block] : content.blocks)
        for (const auto& paragraph : block.paragraphs) verify(paragraph, "avsnittet " + name);
    for (const auto& [name, table] : content.tables)
        for (size_t r = 0; r < table.rows.size(); ++r)
            for (const auto& cell : table.rows[r])
                verify(cell, "tabellen " + name + " rad " + std::to_string(r + 1));
    for (const auto& [name, chart] : content.charts) {
        verify(chart.altText, "diagrammet " + name);
        for (const auto& label : chart.categories) verify(label, "diagrammet " + name);
        for (const auto& label : chart.seriesNames) verify(label, "diagrammet " + name);
    }
    const auto& p = content.properties;
    for (const auto* text : {&p.title, &p.subject, &p.author, &p.keywords})
        verify(*text, "dokumentegenskaperna");
}

}  // namespace committee_report::core
