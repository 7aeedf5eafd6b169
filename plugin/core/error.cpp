#include "core/error.h"

namespace committee_report {

Error::Error(Status status, std::string messageSv, std::string detail)
    : std::runtime_error(std::move(messageSv)), status_(status), detail_(std::move(detail)) {}

Error::~Error() = default;

std::string Error::userMessage() const { return what(); }

std::string Error::logDetail() const {
    const auto name = area();
    const std::string detail = detail_.empty() ? std::string(what()) : detail_;
    return name.empty() ? detail : name + ": " + detail;
}

std::string Error::area() const { return {}; }

}  // namespace committee_report
