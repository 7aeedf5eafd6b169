// The contract's JSON (shared/docs/registry-api.md) to and from the core's data
// model. Internal to the registry client: nothing outside plugin/registry sees
// JSON. Strict where the contract is (a missing or mistyped required field is
// a RegistryError naming the resource, its id and the field path), tolerant
// where it says so (unknown fields ignored, nullable fields may be null).
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/registry_records.h"
#include "registry/json_value.h"

namespace committee_report::registry::json {

// Parses a response body that must be a JSON object. `resource` names it in
// errors ("arende", "arende list" …). Throws RegistryError(BadResponse).
[[nodiscard]] Document parseObject(std::string_view body, std::string_view resource);
// The same, taking over the body instead of copying it.
[[nodiscard]] Document parseOwnedObject(std::string&& body, std::string_view resource);

[[nodiscard]] core::CaseRecord toCase(const Value& object);
[[nodiscard]] core::RegistryEntry toEntry(const Value& object);
[[nodiscard]] core::DocumentRecord toDocument(const Value& object);
[[nodiscard]] core::Meeting toMeeting(const Value& object);
[[nodiscard]] core::AgendaItem toAgendaItem(const Value& object);
// egenskaper: strings that are exactly YYYY-MM-DD become core::Date.
[[nodiscard]] core::Properties toProperties(const Value& object);

// One page of a list: {"count", "results" (absent when count is 0), "_links"}.
// Points into the parsed Document, which must outlive it.
struct Page {
    std::int64_t count = 0;
    std::optional<std::span<const Value>> results;  // empty when absent
    std::optional<std::string> next;
};
[[nodiscard]] Page toPage(const Value& object, std::string_view resource);

// The {"fel": {"kod", "meddelande"}} of an error answer, when there is one.
struct ErrorBody {
    std::string code;
    std::string message;
};
[[nodiscard]] std::optional<ErrorBody> toErrorBody(const std::string& body);

// Request bodies are written with Poco::JSON.
[[nodiscard]] Poco::JSON::Object::Ptr fromCode(const core::Code& code);
[[nodiscard]] std::string stringify(const Poco::JSON::Object::Ptr& object);

}  // namespace committee_report::registry::json
