// The root of the core's errors. what() is a Swedish message an official or
// administrator can act on; it never contains personal data.
#pragma once

#include <stdexcept>
#include <string>

namespace committee_report::core {

class ReportError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The final check found a personnummer or a name from the registry's personal
// fields in what would be published; the report is not produced.
class PersonalDataInOutput : public ReportError {
  public:
    using ReportError::ReportError;
};

}  // namespace committee_report::core
