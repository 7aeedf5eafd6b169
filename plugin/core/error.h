// The one root of the plugin's errors, in the manner of Poco::Exception: every
// area's error (core, configuration, registry, office, actions) derives from
// committee_report::Error, so the plugin boundary catches once. An error carries
//   - what():   a Swedish message the official or administrator can act on
//               (never personal data, never a secret),
//   - detail(): English for the administrator's log (status, path, UNO message),
//   - status(): what the run reports to the host.
#pragma once

#include <stdexcept>
#include <string>

namespace committee_report {

// The outcome of a run as the host sees it (plugin_api::Status is this type).
enum class Status {
    Ok,
    InvalidInput,  // a parameter or the context is wrong; the message says which
    NotAllowed,    // the user lacks the role
    Refused,       // the action will not do this (e.g. unfilled places in a draft); see warnings
    Unavailable,   // a service (registry, office) could not be reached; try again later
    Failed,        // anything else; the detail is for the log
    Cancelled,
};

class Error : public std::runtime_error {
  public:
    // An empty detail means the message says it all (the log then gets what()).
    Error(Status status, std::string messageSv, std::string detail = {});
    ~Error() override;

    [[nodiscard]] Status status() const { return status_; }
    [[nodiscard]] const std::string& detail() const { return detail_; }

    // The Swedish message the run reports; what() unless the area frames it.
    [[nodiscard]] virtual std::string userMessage() const;
    // The English line for the administrator's log: the area, then the detail
    // ("office: …", "registry: timeout: …"); only the detail for an area without a name.
    [[nodiscard]] virtual std::string logDetail() const;

  protected:
    // The area's name in the log line, e.g. "office"; empty for none.
    [[nodiscard]] virtual std::string area() const;

  private:
    Status status_;
    std::string detail_;
};

}  // namespace committee_report
