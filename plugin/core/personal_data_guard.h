// The last check before anything is published: every string of the document
// content and of report.json is scanned for personnummer/samordningsnummer and
// for the names found in the input's personal fields (handläggare of counted
// cases, senders and recipients of the case's entries). A hit stops the report:
// PersonalDataInOutput names where it was found, never what was found.
#pragma once

#include <string_view>

#include "document_content.h"
#include "report_model.h"

namespace committee_report::core {

// Throws PersonalDataInOutput if `text` holds a personnummer or a screened name
// (whole words, case-insensitive). `where` names the place in the message.
void verifyNoPersonalData(std::string_view text, std::string_view where,
                          const PersonalDataScreen& screen);
// The same for every field, paragraph, table cell, chart label and document property.
void verifyNoPersonalData(const DocumentContent& content, const PersonalDataScreen& screen);

}  // namespace committee_report::core
