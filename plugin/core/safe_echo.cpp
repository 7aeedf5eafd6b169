#include "safe_echo.h"

namespace committee_report::core {

std::string safeEcho(std::string_view text, std::size_t maxCharacters) {
    static const char* const hex = "0123456789ABCDEF";
    std::string out;
    std::size_t characters = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (characters == maxCharacters) return out + "…";
        const auto byte = static_cast<unsigned char>(text[i]);
        // The length of a well-formed UTF-8 sequence starting here, or 0.
        std::size_t length = byte < 0x80                             ? 1
                             : (byte & 0xE0) == 0xC0 && byte >= 0xC2 ? 2
                             : (byte & 0xF0) == 0xE0                 ? 3
                             : (byte & 0xF8) == 0xF0 && byte <= 0xF4 ? 4
                                                                     : 0;
        if (length > 1 && i + length <= text.size()) {
            for (std::size_t k = 1; k < length; ++k)
                if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) length = 0;
            // Overlong 3-byte forms, surrogates, and code points above U+10FFFF.
            const auto next = length ? static_cast<unsigned char>(text[i + 1]) : 0;
            if ((byte == 0xE0 && next < 0xA0) || (byte == 0xED && next >= 0xA0) ||
                (byte == 0xF0 && next < 0x90) || (byte == 0xF4 && next >= 0x90))
                length = 0;
        } else if (length > 1) {
            length = 0;
        }
        const bool control = length == 1 && (byte < 0x20 || byte == 0x7F);
        // C1 controls (U+0080–U+009F) act on terminals too.
        const bool c1 =
            length == 2 && byte == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
        if (length == 0 || control || c1) {
            const std::size_t bytes = length == 0 ? 1 : length;
            for (std::size_t k = 0; k < bytes; ++k) {
                const auto b = static_cast<unsigned char>(text[i + k]);
                out += "\\x";
                out += hex[b >> 4];
                out += hex[b & 0xF];
            }
            i += bytes;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
        ++characters;
    }
    return out;
}

}  // namespace committee_report::core
