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

namespace {

// What the run reports: a registry out of reach is worth trying again later; a refusal
// of what was asked (a locked agenda, a change by someone else) is not a failure of ours.
Status statusOf(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::Unreachable:
        case ErrorKind::Timeout:
        case ErrorKind::Throttled:
        case ErrorKind::Unavailable:
            return Status::Unavailable;
        case ErrorKind::Forbidden:
            return Status::NotAllowed;
        case ErrorKind::Cancelled:
            return Status::Cancelled;
        case ErrorKind::AgendaLocked:
        case ErrorKind::PreconditionFailed:
        case ErrorKind::Conflict:
            return Status::Refused;
        default:
            return Status::Failed;
    }
}

}  // namespace

RegistryError::RegistryError(ErrorKind kind, std::string swedishMessage, std::string detail,
                             int httpStatus, std::string registryCode)
    : Error(statusOf(kind), std::move(swedishMessage), std::move(detail)),
      kind_(kind),
      httpStatus_(httpStatus),
      code_(std::move(registryCode)) {}

std::string RegistryError::area() const { return "registry: " + std::string(toString(kind_)); }

}  // namespace committee_report::registry
