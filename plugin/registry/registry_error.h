// The one exception of the registry area. what() is a Swedish sentence for the
// official (what happened and what to do); detail() is English for the log
// (status, resource, the registry's fel.kod). Neither ever holds the token.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace committee_report::registry {

enum class ErrorKind {
    Configuration,       // the settings are unusable (no token, bad URL, token file too open)
    Unreachable,         // no connection, connection dropped
    Certificate,         // https: the registry's certificate could not be verified (not retried)
    Timeout,             // no answer in time, or the total time budget ran out
    Throttled,           // 429 after all retries
    Unavailable,         // 502/503/504 after all retries
    Unauthorized,        // 401: token missing or refused
    Forbidden,           // 403: the token lacks the right
    NotFound,            // 404
    Conflict,            // 409 other than a locked agenda
    AgendaLocked,        // 409 DAGORDNING_LAST: the meeting's agenda is published
    PreconditionFailed,  // 412: changed by someone else since it was read
    Rejected,            // 400/415: the registry refused the request (e.g. CHECKSUMMA)
    TooLarge,            // 413, or an answer larger than max-response-bytes
    ServerError,         // 500 and other unexpected statuses
    BadResponse,         // the answer does not follow the contract
    Cancelled,           // the run was cancelled while waiting on the registry
};

[[nodiscard]] std::string_view toString(ErrorKind kind);

class RegistryError : public Error {
  public:
    RegistryError(ErrorKind kind, std::string swedishMessage, std::string detail,
                  int httpStatus = 0, std::string registryCode = {});

    [[nodiscard]] ErrorKind kind() const { return kind_; }
    [[nodiscard]] int httpStatus() const { return httpStatus_; }             // 0 = no HTTP answer
    [[nodiscard]] const std::string& registryCode() const { return code_; }  // fel.kod

  protected:
    // "registry: timeout": the kind names what to look at in the log.
    [[nodiscard]] std::string area() const override;

  private:
    ErrorKind kind_;
    int httpStatus_;
    std::string code_;
};

}  // namespace committee_report::registry
