// File names of generated documents: built from the case's diarienummer and
// the document type only, so no personal data can reach a file name.
#pragma once

#include <string>
#include <string_view>

namespace committee_report::core {

// "2024SOCN33", "tjansteskrivelse" -> "2024SOCN33-tjansteskrivelse".
// Characters other than ASCII letters and digits become '-' ("SN 2024/33" ->
// "SN-2024-33"). Throws std::invalid_argument if nothing usable remains.
[[nodiscard]] std::string caseFileBaseName(std::string_view dnr, std::string_view documentType);

// True for a plausible diarienummer: 1–40 characters of letters, digits,
// space, '/', '-', '.', ':'. Anything else is refused before it reaches a query or a path.
[[nodiscard]] bool isPlausibleDnr(std::string_view dnr);

}  // namespace committee_report::core
