#include "signed_link.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <set>

#include "api_error.h"
#include "credentials.h"

namespace committee_report::service {

namespace {

ApiError refused(const std::string& code, const std::string& message) {
    return ApiError(403, code, message);
}

std::vector<std::string> splitRoles(const std::string& text) {
    std::vector<std::string> roles;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const auto end = comma == std::string::npos ? text.size() : comma;
        if (end > start) roles.push_back(text.substr(start, end - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return roles;
}

}  // namespace

std::string percentEncode(const std::string& value) {
    static const char* const kDigits = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : value) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                                c == '~';
        if (unreserved) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kDigits[c >> 4]);
            out.push_back(kDigits[c & 0x0f]);
        }
    }
    return out;
}

std::string canonicalLaunchString(
    const std::vector<std::pair<std::string, std::string>>& parameters) {
    std::vector<std::pair<std::string, std::string>> sorted;
    for (const auto& parameter : parameters)
        if (parameter.first != "signature") sorted.push_back(parameter);
    std::sort(sorted.begin(), sorted.end());
    std::string text;
    for (const auto& [name, value] : sorted) {
        if (!text.empty()) text.push_back('&');
        text += name + "=" + percentEncode(value);
    }
    return text;
}

std::string signLaunchParameters(
    const std::string& secret, const std::vector<std::pair<std::string, std::string>>& parameters) {
    const auto digest = hmacSha256(secret, canonicalLaunchString(parameters));
    return toHex(digest.data(), digest.size());
}

LaunchGrant SignedLinkVerifier::verify(
    const std::vector<std::pair<std::string, std::string>>& query, std::int64_t nowSeconds) {
    static const std::set<std::string> kKnown{"action", "case",    "meeting",  "user",
                                              "roles",  "expires", "signature"};
    std::map<std::string, std::string> values;
    for (const auto& [name, value] : query) {
        if (!kKnown.count(name))
            throw refused("lanken-ogiltig", "Länken innehåller en okänd uppgift (" + name +
                                                "). Öppna panelen på nytt från ärendet.");
        if (!values.emplace(name, value).second)
            throw refused("lanken-ogiltig", "Länken innehåller uppgiften " + name +
                                                " två gånger. Öppna panelen på nytt från ärendet.");
    }
    const auto signature = values["signature"];
    if (signature.size() != 64)
        throw refused("lanken-osignerad",
                      "Länken saknar giltig signatur. Öppna panelen från ärendet i "
                      "dokumenthanteringssystemet.");
    // Checked first, so an unsigned caller learns nothing else about the link.
    const auto expected = signLaunchParameters(secret_, query);
    if (CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) != 0)
        throw refused("lanken-andrad",
                      "Länken har ändrats eller är inte signerad av dokumenthanteringssystemet. "
                      "Öppna panelen på nytt från ärendet.");
    std::int64_t expires = 0;
    try {
        std::size_t used = 0;
        expires = std::stoll(values["expires"], &used);
        if (used != values["expires"].size()) throw std::invalid_argument("trailing text");
    } catch (const std::exception&) {
        throw refused("lanken-ogiltig", "Länkens giltighetstid (expires) är inte ett heltal.");
    }
    if (expires < nowSeconds)
        throw refused("lanken-utgangen",
                      "Länken har gått ut. Öppna panelen på nytt från ärendet i "
                      "dokumenthanteringssystemet.");
    if (expires > nowSeconds + kMaxAheadSeconds)
        throw refused("lanken-for-lang-giltighet",
                      "Länken gäller längre än fem minuter framåt och godtas inte. Kontrollera "
                      "klockan på dokumenthanteringssystemets server.");
    if (values["action"].empty() || values["user"].empty())
        throw refused("lanken-ofullstandig", "Länken saknar åtgärd eller användare.");
    {
        std::lock_guard lock(mutex_);
        std::erase_if(used_, [&](const auto& entry) { return entry.second < nowSeconds; });
        if (!used_.emplace(signature, expires).second)
            throw refused("lanken-anvand",
                          "Länken har redan använts. Öppna panelen på nytt från ärendet.");
    }
    LaunchGrant grant;
    grant.action = values["action"];
    grant.caseDnr = values["case"];
    grant.meeting = values["meeting"];
    grant.user = values["user"];
    grant.roles = splitRoles(values["roles"]);
    return grant;
}

std::size_t SignedLinkVerifier::rememberedLinks() const {
    std::lock_guard lock(mutex_);
    return used_.size();
}

}  // namespace committee_report::service
