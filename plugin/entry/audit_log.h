// The audit log: one JSON line per action run — time, acting user id, action,
// case, registry ids created, SHA-256 of each file, template version, result —
// and no other personal data. Each line is written with a single append and
// fsync, so a crash never leaves a torn line in the middle of the file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace committee_report::entry {

struct AuditedFile {
    std::string name;  // file name only (dnr + document type)
    std::string sha256;
};

struct AuditRecord {
    std::string time;  // ISO 8601 with offset
    std::string userId;
    std::string client;  // the host or DMS client that asked, as the host names it
    std::string action;
    std::string caseDnr;
    std::string meetingId;
    std::vector<std::string> createdIds;
    std::vector<AuditedFile> files;
    std::string templateVersion;
    std::string result;  // "ok", "refused", "failed" …
};

[[nodiscard]] std::string toAuditLine(const AuditRecord& record);  // one line, no newline inside
void appendAuditRecord(const std::filesystem::path& file, const AuditRecord& record);
[[nodiscard]] std::string sha256OfFile(const std::filesystem::path& file);
[[nodiscard]] std::string nowIso8601();

}  // namespace committee_report::entry
