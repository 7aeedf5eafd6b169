#include "template_stamp.h"

namespace committee_report::office {

std::optional<TemplateStamp> stampOf(const std::filesystem::path& file) {
    std::error_code error;
    TemplateStamp stamp{std::filesystem::absolute(file, error), {}, 0};
    if (!error) stamp.modified = std::filesystem::last_write_time(file, error);
    if (!error) stamp.size = std::filesystem::file_size(file, error);
    if (error) return std::nullopt;
    return stamp;
}

}  // namespace committee_report::office
