// The contract's JSON (shared/docs/registry-api.md) to and from the core's data
// model. Internal to the registry client: nothing outside plugin/registry sees
// JSON. Strict where the contract is (a missing or mistyped required field is
// a RegistryError naming the resource, its id and the field path), tolerant
// where it says so (unknown fields ignored, nullable fields may be null).
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/registry_records.h"

namespace committee_report::registry::json {

// Parses a response body into an object. `resource` names it in errors
// ("arende", "arende list" …). Throws RegistryError(BadResponse).
[[nodiscard]] Poco::JSON::Object::Ptr parseObject(const std::string& body,
                                                  std::string_view resource);

[[nodiscard]] core::CaseRecord toCase(const Poco::JSON::Object::Ptr& object);
[[nodiscard]] core::RegistryEntry toEntry(const Poco::JSON::Object::Ptr& object);
[[nodiscard]] core::DocumentRecord toDocument(const Poco::JSON::Object::Ptr& object);
[[nodiscard]] core::Meeting toMeeting(const Poco::JSON::Object::Ptr& object);
[[nodiscard]] core::AgendaItem toAgendaItem(const Poco::JSON::Object::Ptr& object);
// egenskaper: strings that are exactly YYYY-MM-DD become core::Date.
[[nodiscard]] core::Properties toProperties(const Poco::JSON::Object::Ptr& object);

// One page of a list: {"count", "results" (absent when count is 0), "_links"}.
struct Page {
    std::int64_t count = 0;
    Poco::JSON::Array::Ptr results;  // null when absent
    std::optional<std::string> next;
};
[[nodiscard]] Page toPage(const Poco::JSON::Object::Ptr& object, std::string_view resource);

// The {"fel": {"kod", "meddelande"}} of an error answer, when there is one.
struct ErrorBody {
    std::string code;
    std::string message;
};
[[nodiscard]] std::optional<ErrorBody> toErrorBody(const std::string& body);

[[nodiscard]] Poco::JSON::Object::Ptr fromCode(const core::Code& code);
[[nodiscard]] std::string stringify(const Poco::JSON::Object::Ptr& object);

}  // namespace committee_report::registry::json
