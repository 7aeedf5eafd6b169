// The contract's JSON (shared/docs/registry-api.md) to and from the core's data
// model. Internal to the registry client: nothing outside plugin/registry sees
// JSON. Strict where the contract is (a missing or mistyped required field is
// a RegistryError naming the resource, its id and the field path), tolerant
// where it says so (unknown fields ignored, nullable fields may be null).
//
// Answers are read with simdjson's On-Demand API (Debian libsimdjson-dev): one
// forward pass over the body, each value read once, no tree built. What is read
// is validated as it is read (syntax, UTF-8, types); a value the mapping skips
// (an unknown field, a link) is only checked for balanced brackets and strings.
// Memory per answer is the body plus simdjson's index of it (a few bytes per
// structural character), whatever its shape: our own reader built a tree of
// ~64-byte values, so a 64 MiB array of small numbers took 4.4 GB.
// Poco::JSON writes the request bodies.
#pragma once

#include <Poco/JSON/Object.h>
#include <simdjson.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/registry_records.h"

namespace committee_report::registry::json {

// simdjson's classes differ with SIMDJSON_THREADS_ENABLED (set by its CMake
// target): every file that includes this header must link simdjson::simdjson.
namespace ondemand = simdjson::ondemand;

// A response body being read: the body (padded as simdjson needs), the parser's
// document over it and its root object. Not copyable; values read from it are
// valid while it lives. The parser may be shared by the Documents of one thread
// one after another (its buffers are reused; only one Document may use it at a time).
class Document {
  public:
    Document(std::string&& body, std::string_view resource, ondemand::parser* parser);
    Document(Document&&) noexcept;
    Document& operator=(Document&&) noexcept;
    ~Document();

    // The root object, to be read forward once.
    [[nodiscard]] ondemand::object& root() const;
    [[nodiscard]] std::string_view resource() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

// Parses a response body that must be a JSON object. `resource` names it in
// errors ("arende", "arende list" …). Throws RegistryError(BadResponse).
[[nodiscard]] Document parseObject(std::string_view body, std::string_view resource);
// The same, taking over the body instead of copying it, with the caller's parser
// (nullptr: a parser of its own).
[[nodiscard]] Document parseOwnedObject(std::string&& body, std::string_view resource,
                                        ondemand::parser* parser = nullptr);

// The fields of a case to map: all of them, or those a $select names
// ("diarienummer", "egenskaper/datum" …; "egenskaper/KEY" names one attribute,
// "egenskaper" all). systemId is always read. A field not selected is left empty
// in the record and never read from the body, so the client holds nothing else.
class CaseSelection {
  public:
    CaseSelection() = default;  // all fields
    explicit CaseSelection(const std::vector<std::string>& select);
    [[nodiscard]] bool has(std::string_view field) const;
    [[nodiscard]] bool hasProperty(std::string_view key) const;

  private:
    bool all_ = true, allProperties_ = true;
    std::vector<std::string> fields_, properties_;
};

// Each maps the Document's root object (read once: one mapping per Document).
[[nodiscard]] core::CaseRecord toCase(const Document& document);
[[nodiscard]] core::RegistryEntry toEntry(const Document& document);
[[nodiscard]] core::DocumentRecord toDocument(const Document& document);
[[nodiscard]] core::Meeting toMeeting(const Document& document);
[[nodiscard]] core::AgendaItem toAgendaItem(const Document& document);

// The same for an element of a list page (see readPage); `resource` names it in errors.
[[nodiscard]] core::CaseRecord toCase(ondemand::object& object, std::string_view resource,
                                      const CaseSelection& selection = {});
[[nodiscard]] core::RegistryEntry toEntry(ondemand::object& object, std::string_view resource);
[[nodiscard]] core::DocumentRecord toDocument(ondemand::object& object, std::string_view resource);
[[nodiscard]] core::Meeting toMeeting(ondemand::object& object, std::string_view resource);
[[nodiscard]] core::AgendaItem toAgendaItem(ondemand::object& object, std::string_view resource);

// egenskaper: strings that are exactly YYYY-MM-DD become core::Date.
[[nodiscard]] core::Properties toProperties(ondemand::object& object, std::string_view resource,
                                            const CaseSelection& selection = {});

// One page of a list: {"count", "results" (absent when count is 0), "_links"}.
struct Page {
    std::int64_t count = 0;
    bool hasResults = false;  // "results" was present
    std::size_t size = 0;     // elements of results read (all of them unless visit stopped)
    std::optional<std::string> next;
};
// Reads the page's root object in one pass, the fields in any order. `visit` gets
// each element of results in order with its index; it returns false to skip the
// rest of results. A mapping error inside `visit` propagates.
using PageVisitor = std::function<bool(ondemand::value& element, std::size_t index)>;
[[nodiscard]] Page readPage(const Document& document, const PageVisitor& visit);
// The element as an object, or nullopt if it is some other JSON value; a syntax
// error is a RegistryError naming `resource`.
[[nodiscard]] std::optional<ondemand::object> asObject(ondemand::value& value,
                                                       std::string_view resource);

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
