// The office area's one exception type: what went wrong with the office
// process or a document, in Swedish for the official, with an English detail
// for the administrator's log.
#pragma once

#include <stdexcept>
#include <string>

namespace committee_report::office {

class OfficeError : public std::runtime_error {
  public:
    enum class Kind {
        StartFailed,      // soffice could not be started or did not answer in time
        ProcessDied,      // the office process crashed or was killed during a job
        Timeout,          // a job ran past its time limit; the process was replaced
        TemplateInvalid,  // the template is missing or lacks a field/table/section
        ExportFailed,     // the document could not be written (disk full, permissions)
        Busy,             // no office process became free within the queue timeout
    };

    OfficeError(Kind kind, std::string messageSv, std::string detail)
        : std::runtime_error(std::move(messageSv)), kind_(kind), detail_(std::move(detail)) {}

    [[nodiscard]] Kind kind() const { return kind_; }
    // English detail for the log: exit status, UNO message, paths.
    [[nodiscard]] const std::string& detail() const { return detail_; }

  private:
    Kind kind_;
    std::string detail_;
};

}  // namespace committee_report::office
