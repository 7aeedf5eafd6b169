// The office area's one exception type: what went wrong with the office
// process or a document, in Swedish for the official, with an English detail
// for the administrator's log (exit status, UNO's own message, paths).
#pragma once

#include <string>

#include "core/error.h"

namespace committee_report::office {

class OfficeError : public Error {
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
        : Error(statusOf(kind), std::move(messageSv), std::move(detail)), kind_(kind) {}

    [[nodiscard]] Kind kind() const { return kind_; }

  protected:
    [[nodiscard]] std::string area() const override { return "office"; }

  private:
    // The office being out of reach is worth trying again later; a bad template is not.
    static Status statusOf(Kind kind) {
        switch (kind) {
            case Kind::StartFailed:
            case Kind::ProcessDied:
            case Kind::Timeout:
            case Kind::Busy:
                return Status::Unavailable;
            default:
                return Status::Failed;
        }
    }

    Kind kind_;
};

}  // namespace committee_report::office
