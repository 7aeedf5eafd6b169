// An answer the service refuses a request with: the HTTP status and the JSON body
// {"fel":{"kod","meddelande"}} (a stable code for programs, a Swedish message for people).
#pragma once

#include <stdexcept>
#include <string>

namespace committee_report::service {

class ApiError : public std::runtime_error {
  public:
    ApiError(int httpStatus, std::string code, const std::string& message)
        : std::runtime_error(message), httpStatus_(httpStatus), code_(std::move(code)) {}
    [[nodiscard]] int httpStatus() const noexcept { return httpStatus_; }
    [[nodiscard]] const std::string& code() const noexcept { return code_; }
    // Seconds a client should wait before trying again (429, 503); 0 = none.
    int retryAfter = 0;

  private:
    int httpStatus_;
    std::string code_;
};

}  // namespace committee_report::service
