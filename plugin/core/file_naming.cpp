#include "file_naming.h"

#include <stdexcept>

namespace committee_report::core {

namespace {
bool isAsciiAlnum(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

std::string sanitise(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (isAsciiAlnum(c))
            out += c;
        else if (!out.empty() && out.back() != '-')
            out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}
}  // namespace

std::string caseFileBaseName(std::string_view dnr, std::string_view documentType) {
    const std::string left = sanitise(dnr);
    const std::string right = sanitise(documentType);
    if (left.empty() || right.empty())
        throw std::invalid_argument(
            "no usable characters for a file name from the diarienummer or document type");
    return left + "-" + right;
}

bool isPlausibleDnr(std::string_view dnr) {
    if (dnr.empty() || dnr.size() > 40) return false;
    bool hasAlnum = false;
    for (char c : dnr) {
        if (isAsciiAlnum(c))
            hasAlnum = true;
        else if (c != ' ' && c != '/' && c != '-' && c != '.' && c != ':')
            return false;
    }
    return hasAlnum;
}

}  // namespace committee_report::core
