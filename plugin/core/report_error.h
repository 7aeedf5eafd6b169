// The core's errors. what() is a Swedish message an official or administrator
// can act on; it never contains personal data.
#pragma once

#include <string>

#include "core/error.h"

namespace committee_report::core {

class ReportError : public Error {
  public:
    explicit ReportError(std::string messageSv)
        : ReportError(Status::Failed, std::move(messageSv)) {}

  protected:
    ReportError(Status status, std::string messageSv) : Error(status, std::move(messageSv)) {}
    [[nodiscard]] std::string area() const override { return "report"; }
};

// The final check found a personnummer or a name from the registry's personal
// fields in what would be published; the report is not produced.
class PersonalDataInOutput : public ReportError {
  public:
    explicit PersonalDataInOutput(std::string messageSv)
        : ReportError(Status::Refused, std::move(messageSv)) {}

  protected:
    [[nodiscard]] std::string area() const override { return "personal data guard"; }
};

}  // namespace committee_report::core
