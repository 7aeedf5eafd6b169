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

}  // namespace committee_report::entry
