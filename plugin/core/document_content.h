// What the office engine puts into a template: the contract between the core
// (which decides what the report says) and the office adapter (which only
// places it). Everything here is already formatted, redacted and suppressed.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace committee_report::core {

// Rows of already formatted cells, filled into a named template table below its
// header row(s). The template's first body row is the pattern for all rows.
// Columns in `removedColumns` (the template's column indices, from 0) are taken out of
// the table; each row then holds the cells of the remaining columns only.
struct TableContent {
    std::vector<std::vector<std::string>> rows;
    std::vector<int> removedColumns;
};

// Paragraphs that replace the content of a named section (text:section).
struct BlockContent {
    std::vector<std::string> paragraphs;
    // Paragraph style for each paragraph; empty = keep the section's own style.
    std::string paragraphStyle;
};

// A chart's data for an embedded chart object named in the template.
struct ChartContent {
    std::vector<std::string> categories;      // e.g. "2022 K1"
    std::vector<std::string> seriesNames;     // e.g. "Kopplat till desinformation"
    std::vector<std::vector<double>> values;  // [category][series]
    std::string altText;                      // description for screen readers
    // Left out of the report: the chart's frame is taken out with the template section
    // that holds it (the chart and its caption), and the section is hidden.
    bool omitted = false;
};

// Document properties that reach the ODT's meta.xml and the PDF's metadata.
// Never a person's name: author is the unit.
struct DocumentProperties {
    std::string title;
    std::string subject;  // the case's dnr
    std::string author;   // the unit, e.g. "Socialförvaltningen"
    std::string keywords;
    std::string language = "sv-SE";
};

struct DocumentContent {
    std::map<std::string, std::string> fields;   // user field name -> text
    std::map<std::string, TableContent> tables;  // table name -> rows
    std::map<std::string, BlockContent> blocks;  // section name -> paragraphs
    std::map<std::string, ChartContent> charts;  // chart object name -> data
    DocumentProperties properties;
};

}  // namespace committee_report::core
