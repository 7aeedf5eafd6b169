// Which version of a template file a loaded copy or a learnt table shape was
// made from: its path, modification time and size.
#pragma once

#include <compare>
#include <cstdint>
#include <filesystem>
#include <optional>

namespace committee_report::office {

struct TemplateStamp {
    std::filesystem::path file;
    std::filesystem::file_time_type modified;
    std::uintmax_t size = 0;
    auto operator<=>(const TemplateStamp&) const = default;
    bool operator==(const TemplateStamp&) const = default;
};

// The stamp of the file as it is now; nullopt if it cannot be read.
[[nodiscard]] std::optional<TemplateStamp> stampOf(const std::filesystem::path& file);

}  // namespace committee_report::office
