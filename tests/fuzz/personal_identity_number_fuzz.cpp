// The personnummer detector over arbitrary text: it never reads out of bounds, every match
// lies inside the text, is a whole valid number by isPersonalIdentityNumber, and redaction
// leaves no number behind.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/personal_identity_number.h"

using namespace committee_report::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto matches = findPersonalIdentityNumbers(text);
    std::size_t previousEnd = 0;
    for (const auto& match : matches) {
        if (match.position < previousEnd || match.length == 0 ||
            match.position + match.length > text.size())
            std::abort();  // overlapping, empty or outside the text
        if (!isPersonalIdentityNumber(text.substr(match.position, match.length))) std::abort();
        previousEnd = match.position + match.length;
    }
    if (containsPersonalIdentityNumber(text) != !matches.empty()) std::abort();
    const std::string redacted = redactPersonalIdentityNumbers(text, "#");
    if (containsPersonalIdentityNumber(redacted)) std::abort();
    (void)isPersonalIdentityNumber(text);
    return 0;
}
