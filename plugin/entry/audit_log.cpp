#include "audit_log.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/LocalDateTime.h>
#include <Poco/SHA2Engine.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace committee_report::entry {

std::string toAuditLine(const AuditRecord& record) {
    Poco::JSON::Object line;
    line.set("time", record.time);
    line.set("user", record.userId);
    if (!record.client.empty()) line.set("client", record.client);
    line.set("action", record.action);
    if (!record.caseDnr.empty()) line.set("case", record.caseDnr);
    if (!record.meetingId.empty()) line.set("meeting", record.meetingId);
    Poco::JSON::Array created;
    for (const auto& id : record.createdIds) created.add(id);
    line.set("created", created);
    Poco::JSON::Array files;
    for (const auto& file : record.files) {
        Poco::JSON::Object entry;
        entry.set("name", file.name);
        entry.set("sha256", file.sha256);
        files.add(entry);
    }
    line.set("files", files);
    if (!record.templateVersion.empty()) line.set("template", record.templateVersion);
    line.set("result", record.result);
    std::ostringstream out;
    line.stringify(out);  // compact: no newlines
    return out.str();
}

void appendAuditRecord(const std::filesystem::path& file, const AuditRecord& record) {
    const std::string line = toAuditLine(record) + "\n";
    std::filesystem::create_directories(file.parent_path());
    const int fd = open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0)
        throw std::runtime_error("cannot open audit log " + file.string() + ": " +
                                 std::strerror(errno));
    // One write of the whole line: appends are never interleaved or cut by a crash of this process.
    const ssize_t written = write(fd, line.data(), line.size());
    const int error = errno;
    fsync(fd);
    close(fd);
    if (written != static_cast<ssize_t>(line.size()))
        throw std::runtime_error("cannot write audit log " + file.string() + ": " +
                                 std::strerror(error));
}

std::string sha256OfFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return {};
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0)
        engine.update(buffer, static_cast<unsigned>(in.gcount()));
    return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string nowIso8601() {
    return Poco::DateTimeFormatter::format(Poco::LocalDateTime(),
                                           Poco::DateTimeFormat::ISO8601_FORMAT);
}

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

}  // namespace committee_report::entry
