#include "registry/registry_error.h"

namespace committee_report::registry {

std::string_view toString(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::Configuration:
            return "configuration";
        case ErrorKind::Unreachable:
            return "unreachable";
        case ErrorKind::Timeout:
            return "timeout";
        case ErrorKind::Throttled:
            return "throttled";
        case ErrorKind::Unavailable:
            return "unavailable";
        case ErrorKind::Unauthorized:
            return "unauthorized";
        case ErrorKind::Forbidden:
            return "forbidden";
        case ErrorKind::NotFound:
            return "not found";
        case ErrorKind::Conflict:
            return "conflict";
        case ErrorKind::AgendaLocked:
            return "agenda locked";
        case ErrorKind::PreconditionFailed:
            return "precondition failed";
        case ErrorKind::Rejected:
            return "rejected";
        case ErrorKind::TooLarge:
            return "too large";
        case ErrorKind::ServerError:
            return "server error";
        case ErrorKind::Certificate:
            return "certificate";
        case ErrorKind::Cancelled:
            return "cancelled";
        case ErrorKind::BadResponse:
            return "bad response";
    }
    return "unknown";
}

RegistryError::RegistryError(ErrorKind kind, std::string swedishMessage, std::string detail,
                             int status, std::string registryCode)
    : std::runtime_error(std::move(swedishMessage)),
      kind_(kind),
      detail_(std::move(detail)),
      status_(status),
      code_(std::move(registryCode)) {}

}  // namespace committee_report::registry
