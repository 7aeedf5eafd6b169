#include "registry/json_mapping.h"

#include <algorithm>
#include <limits>
#include <sstream>

#include "registry/registry_error.h"

namespace committee_report::registry::json {
namespace {

using Poco::JSON::Object;
using simdjson::error_code;
using JsonType = ondemand::json_type;

// Swedish names of the resources, for the official's message.
std::string swedishName(std::string_view resource) {
    if (resource == "arende") return "ett ärende";
    if (resource == "handling") return "en handling";
    if (resource == "dokument") return "ett dokument";
    if (resource == "sammantrade") return "ett sammanträde";
    if (resource == "arendepunkt") return "en ärendepunkt";
    return "en lista";
}

// A syntax error (or a body that ends early) found while reading: the whole answer is refused.
[[noreturn]] void malformed(std::string_view resource, error_code error) {
    throw RegistryError(
        ErrorKind::BadResponse,
        "Diariet skickade ett svar som inte är giltig JSON (" + std::string(resource) +
            "); kontakta administratören.",
        std::string(resource) + ": malformed JSON: " + simdjson::error_message(error));
}

[[noreturn]] void fieldError(std::string_view resource, std::string_view id,
                             const std::string& path, std::string_view problem,
                             std::string_view swedishProblem) {
    const std::string who =
        std::string(resource) + " " + (id.empty() ? "(utan systemId)" : std::string(id));
    throw RegistryError(ErrorKind::BadResponse,
                        "Diariet skickade " + swedishName(resource) + " (" + who + ") där fältet " +
                            path + " " + std::string(swedishProblem) +
                            ". Svaret följer inte gränssnittet; kontakta administratören.",
                        std::string(resource) + " " +
                            (id.empty() ? "(no systemId)" : std::string(id)) + ": field '" + path +
                            "' " + std::string(problem));
}

std::string swedishType(std::string_view expected) {
    if (expected == "a string") return "text";
    if (expected == "an integer") return "ett heltal";
    if (expected == "an object") return "ett objekt";
    if (expected == "an array") return "en lista";
    if (expected == "a date YYYY-MM-DD") return "ett datum ÅÅÅÅ-MM-DD";
    return std::string(expected);
}

// Reads the fields of one resource, remembering its name and id for errors.
// On-Demand: each field is looked up once (find_field_unordered, which scans
// forward from the last field read, so lookups in the contract's order are one
// pass), and each value is read once. A Fields lives only while its resource
// is mapped: `id` views the resource's systemId in the parser's buffer, and a
// nested object's Fields refers to its parent's for the field path, which is
// only built for an error message.
class Fields {
  public:
    // The resource itself: its systemId is read first (errors name it), or `id` is given.
    Fields(ondemand::object object, std::string_view resource, std::string_view id = {})
        : object_(object), resource_(resource), id_(id) {
        if (!id_.empty()) return;
        if (auto value = present("systemId")) {
            std::string_view text;
            const auto error = value->get_string().get(text);
            if (error && error != simdjson::INCORRECT_TYPE) malformed(resource_, error);
            if (!error) id_ = text;
            idState_ = error ? IdState::Mistyped : IdState::Present;
        }
    }

    [[nodiscard]] std::string_view id() const { return id_; }
    // systemId is required of every resource: refused here if missing or not a string.
    void requireId() const {
        if (idState_ == IdState::Missing) missing("systemId");
        if (idState_ == IdState::Mistyped) mistyped("systemId", "a string");
    }

    [[nodiscard]] std::string path(std::string_view key) const {
        std::string result = prefix();
        result += key;
        return result;
    }

    // The member, or nullopt when absent or null.
    [[nodiscard]] std::optional<ondemand::value> present(std::string_view key) const {
        ondemand::value value;
        if (const auto error = object_.find_field_unordered(key).get(value)) {
            if (error == simdjson::NO_SUCH_FIELD) return std::nullopt;
            malformed(resource_, error);
        }
        return nonNull(value);
    }
    // The value, or nullopt if it is null.
    [[nodiscard]] std::optional<ondemand::value> nonNull(ondemand::value value) const {
        bool null = false;
        if (const auto error = value.is_null().get(null)) malformed(resource_, error);
        if (null) return std::nullopt;
        return value;
    }

    [[noreturn]] void missing(std::string_view key) const {
        fieldError(resource_, id_, path(key), "is missing or null", "saknas");
    }
    [[noreturn]] void mistyped(std::string_view key, std::string_view expected) const {
        fieldError(resource_, id_, path(key), "is not " + std::string(expected),
                   "har fel typ (ska vara " + swedishType(expected) + ")");
    }

    // ---- one value, already found (the member `key`, for errors) ----
    [[nodiscard]] std::string_view stringOf(ondemand::value value, std::string_view key,
                                            std::string_view expected = "a string") const {
        std::string_view text;
        if (const auto error = value.get_string().get(text)) {
            if (error == simdjson::INCORRECT_TYPE) mistyped(key, expected);
            malformed(resource_, error);
        }
        return text;
    }
    [[nodiscard]] std::int64_t integerOf(ondemand::value value, std::string_view key) const {
        JsonType type{};
        if (const auto error = value.type().get(type)) malformed(resource_, error);
        if (type != JsonType::number) mistyped(key, "an integer");
        ondemand::number_type numberType{};
        if (const auto error = value.get_number_type().get(numberType)) malformed(resource_, error);
        if (numberType != ondemand::number_type::signed_integer) mistyped(key, "an integer");
        std::int64_t number = 0;
        if (const auto error = value.get_int64().get(number)) malformed(resource_, error);
        return number;
    }
    [[nodiscard]] core::Date dateOf(ondemand::value value, std::string_view key) const {
        auto date = core::Date::parse(stringOf(value, key, "a date YYYY-MM-DD"));
        if (!date) mistyped(key, "a date YYYY-MM-DD");
        return *date;
    }
    [[nodiscard]] Fields objectOf(ondemand::value value, std::string_view key,
                                  std::int64_t index = -1) const {
        ondemand::object object;
        if (const auto error = value.get_object().get(object)) {
            if (error != simdjson::INCORRECT_TYPE) malformed(resource_, error);
            if (index < 0) mistyped(key, "an object");
            fieldError(resource_, id_, path(key) + "[" + std::to_string(index) + "]",
                       "is not an object", "har fel typ (ska vara ett objekt)");
        }
        return Fields(object, *this, key, index);
    }
    // Each element of an array value, which must be an object, as Fields.
    template <typename Visit>
    void elementsOf(ondemand::value value, std::string_view key, Visit&& visit) const {
        ondemand::array array;
        if (const auto error = value.get_array().get(array)) {
            if (error == simdjson::INCORRECT_TYPE) mistyped(key, "an array");
            malformed(resource_, error);
        }
        std::int64_t index = 0;
        for (auto element : array) {
            ondemand::value item;
            if (const auto error = std::move(element).get(item)) malformed(resource_, error);
            visit(objectOf(item, key, index++));
        }
    }

    // ---- a member by name ----
    [[nodiscard]] std::string string(std::string_view key) const {
        auto value = optionalString(key);
        if (!value) missing(key);
        return std::move(*value);
    }
    [[nodiscard]] std::optional<std::string> optionalString(std::string_view key) const {
        auto value = present(key);
        if (!value) return std::nullopt;
        return std::string(stringOf(*value, key));
    }
    [[nodiscard]] std::int64_t integer(std::string_view key) const {
        auto value = optionalInteger(key);
        if (!value) missing(key);
        return *value;
    }
    [[nodiscard]] std::optional<std::int64_t> optionalInteger(std::string_view key) const {
        auto value = present(key);
        if (!value) return std::nullopt;
        return integerOf(*value, key);
    }
    [[nodiscard]] core::Date date(std::string_view key) const {
        auto value = optionalDate(key);
        if (!value) missing(key);
        return *value;
    }
    [[nodiscard]] std::optional<core::Date> optionalDate(std::string_view key) const {
        auto value = present(key);
        if (!value) return std::nullopt;
        return dateOf(*value, key);
    }
    [[nodiscard]] Fields object(std::string_view key) const {
        auto fields = optionalObject(key);
        if (!fields) missing(key);
        return *fields;
    }
    [[nodiscard]] std::optional<Fields> optionalObject(std::string_view key) const {
        auto value = present(key);
        if (!value) return std::nullopt;
        return objectOf(*value, key);
    }
    template <typename Visit>
    void optionalElements(std::string_view key, Visit&& visit) const {
        if (auto value = present(key)) elementsOf(*value, key, std::forward<Visit>(visit));
    }
    [[nodiscard]] core::Code code(std::string_view key) const {
        auto fields = object(key);
        return codeOf(fields);
    }
    [[nodiscard]] std::optional<core::Code> optionalCode(std::string_view key) const {
        auto fields = optionalObject(key);
        if (!fields) return std::nullopt;
        return codeOf(*fields);
    }
    static core::Code codeOf(const Fields& fields) {
        auto code = fields.string("kode");
        return core::Code{std::move(code), fields.optionalString("kodenavn").value_or("")};
    }

    [[nodiscard]] ondemand::object& raw() const { return object_; }
    [[nodiscard]] std::string_view resource() const { return resource_; }

  private:
    enum class IdState { Missing, Mistyped, Present };

    // A nested object: the member `key` of `parent`, or its element `index` (when at least 0).
    Fields(ondemand::object object, const Fields& parent, std::string_view key, std::int64_t index)
        : object_(object),
          resource_(parent.resource_),
          id_(parent.id_),
          idState_(IdState::Present),
          parent_(&parent),
          key_(key),
          index_(index) {}

    // "handlaggare.", "bilagor[2]." …: empty for the resource itself.
    [[nodiscard]] std::string prefix() const {
        if (!parent_) return {};
        std::string result = parent_->path(key_);
        if (index_ >= 0) result += "[" + std::to_string(index_) + "]";
        result += '.';
        return result;
    }

    mutable ondemand::object object_;  // read forward: every lookup moves it
    std::string_view resource_;
    std::string_view id_;
    IdState idState_ = IdState::Missing;
    const Fields* parent_ = nullptr;
    std::string_view key_;
    std::int64_t index_ = -1;
};

Fields fieldsOf(ondemand::object& object, std::string_view resource) {
    Fields fields(object, resource);
    fields.requireId();
    return fields;
}

std::vector<core::Party> parties(const Fields& fields, std::string_view key) {
    std::vector<core::Party> result;
    fields.optionalElements(key,
                            [&](const Fields& party) { result.push_back({party.string("namn")}); });
    return result;
}

int toInt(const Fields& fields, std::string_view key, std::int64_t value) {
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max())
        fields.mistyped(key, "an integer");
    return static_cast<int>(value);
}

// Walks a value in document order so that simdjson checks every comma, colon and bracket
// of it (numbers, booleans and null are skipped, and checked when mapped). On-Demand checks
// the structure only where it reads: find_field_unordered, when it wraps around to an
// object's start, assumes the fields before its start were checked, and on a body whose
// nested values break the structure it reaches code simdjson marks unreachable and crashes
// (fuzz finding registry_json/find-field-unordered-wraps-into-broken-structure). Strings
// are stepped over too: simdjson's skipping takes a string followed by ':' for a key and
// reads on, so `"a": "b": "c", "d": 1}` would pass unchecked and leave the walk one level
// off (registry_json/skipped-string-taken-for-a-key). Stepping over a string neither
// copies nor unescapes it. No memory is added.
error_code checkStructure(ondemand::value value, std::size_t depth) {
    if (depth > simdjson::DEFAULT_MAX_DEPTH) return simdjson::DEPTH_ERROR;
    JsonType type{};
    if (const auto error = value.type().get(type)) return error;
    if (type == JsonType::object) {
        ondemand::object object;
        if (const auto error = value.get_object().get(object)) return error;
        for (auto member : object) {
            ondemand::field field;
            if (const auto error = std::move(member).get(field)) return error;
            if (const auto error = checkStructure(field.value(), depth + 1)) return error;
        }
    } else if (type == JsonType::array) {
        ondemand::array array;
        if (const auto error = value.get_array().get(array)) return error;
        for (auto element : array) {
            ondemand::value item;
            if (const auto error = std::move(element).get(item)) return error;
            if (const auto error = checkStructure(item, depth + 1)) return error;
        }
    } else if (type == JsonType::string) {
        ondemand::raw_json_string ignored;
        if (const auto error = value.get_raw_json_string().get(ignored)) return error;
    }
    return simdjson::SUCCESS;
}

}  // namespace

// ---- documents ----

struct Document::State {
    std::string body;  // with SIMDJSON_PADDING bytes of spare capacity
    std::string resource;
    std::unique_ptr<ondemand::parser> ownParser;
    ondemand::document document;
    ondemand::object root;
};

Document::Document(std::string&& body, std::string_view resource, ondemand::parser* parser)
    : state_(std::make_unique<State>()) {
    auto& state = *state_;
    state.body = std::move(body);
    state.resource = resource;
    if (state.body.capacity() < state.body.size() + simdjson::SIMDJSON_PADDING)
        state.body.reserve(state.body.size() + simdjson::SIMDJSON_PADDING);
    if (!parser) {
        state.ownParser = std::make_unique<ondemand::parser>();
        parser = state.ownParser.get();
    }
    const simdjson::padded_string_view text(state.body.data(), state.body.size(),
                                            state.body.capacity());
    if (const auto error = parser->iterate(text).get(state.document)) malformed(resource, error);
    JsonType type{};
    if (const auto error = state.document.type().get(type)) malformed(resource, error);
    if (type != JsonType::object)
        throw RegistryError(ErrorKind::BadResponse,
                            "Diariet skickade ett svar som inte är ett JSON-objekt (" +
                                std::string(resource) + "); kontakta administratören.",
                            std::string(resource) + ": JSON body is not an object");
    // Also finds a body that ends before its object does.
    if (const auto error = state.document.get_object().get(state.root)) malformed(resource, error);
    // The whole structure is checked once, in order, before fields are looked up out of order.
    for (auto member : state.root) {
        ondemand::field field;
        error_code error = std::move(member).get(field);
        if (!error) error = checkStructure(field.value(), 1);
        if (error) malformed(resource, error);
    }
    state.document.rewind();
    if (const auto error = state.document.get_object().get(state.root)) malformed(resource, error);
}

Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;
Document::~Document() = default;

ondemand::object& Document::root() const { return state_->root; }
std::string_view Document::resource() const { return state_->resource; }

Document parseOwnedObject(std::string&& body, std::string_view resource, ondemand::parser* parser) {
    return Document(std::move(body), resource, parser);
}

Document parseObject(std::string_view body, std::string_view resource) {
    return parseOwnedObject(std::string(body), resource);
}

std::optional<ondemand::object> asObject(ondemand::value& value, std::string_view resource) {
    ondemand::object object;
    if (const auto error = value.get_object().get(object)) {
        if (error == simdjson::INCORRECT_TYPE) return std::nullopt;
        malformed(resource, error);
    }
    return object;
}

// ---- records ----

CaseSelection::CaseSelection(const std::vector<std::string>& select) {
    if (select.empty()) return;
    all_ = false;
    allProperties_ = false;
    for (const auto& field : select) {
        constexpr std::string_view kProperty = "egenskaper/";
        if (field.rfind(kProperty, 0) == 0) {
            properties_.push_back(field.substr(kProperty.size()));
            fields_.emplace_back("egenskaper");
        } else {
            if (field == "egenskaper") allProperties_ = true;
            fields_.push_back(field);
        }
    }
}

bool CaseSelection::has(std::string_view field) const {
    return all_ || std::find(fields_.begin(), fields_.end(), field) != fields_.end();
}

bool CaseSelection::hasProperty(std::string_view key) const {
    return allProperties_ ||
           std::find(properties_.begin(), properties_.end(), key) != properties_.end();
}

core::Properties toProperties(ondemand::object& object, std::string_view resource,
                              const CaseSelection& selection) {
    core::Properties properties;
    properties.reserve(12);
    for (auto member : object) {
        ondemand::field field;
        if (const auto error = std::move(member).get(field)) malformed(resource, error);
        std::string_view key;
        if (const auto error = field.unescaped_key().get(key)) malformed(resource, error);
        if (!selection.hasProperty(key)) continue;  // not read: skipped with the next field
        ondemand::value value = field.value();
        JsonType type{};
        if (const auto error = value.type().get(type)) malformed(resource, error);
        auto check = [&](error_code error) {
            if (error) malformed(resource, error);
        };
        switch (type) {
            case JsonType::null: {
                bool null = false;
                check(value.is_null().get(null));
                if (!null) malformed(resource, simdjson::N_ATOM_ERROR);
                properties.emplace(key, std::monostate{});
                break;
            }
            case JsonType::boolean: {
                bool flag = false;
                check(value.get_bool().get(flag));
                properties.emplace(key, flag);
                break;
            }
            case JsonType::number: {
                ondemand::number_type numberType{};
                check(value.get_number_type().get(numberType));
                if (numberType == ondemand::number_type::signed_integer) {
                    std::int64_t number = 0;
                    check(value.get_int64().get(number));
                    properties.emplace(key, number);
                } else {  // a fraction, or an integer beyond 64 bits: a double
                    double number = 0;
                    check(value.get_double().get(number));
                    properties.emplace(key, number);
                }
                break;
            }
            case JsonType::string: {
                std::string_view text;
                check(value.get_string().get(text));
                if (auto date = core::Date::parse(text))
                    properties.emplace(key, *date);
                else
                    properties.emplace(key, std::string(text));
                break;
            }
            default:
                break;  // nested objects and arrays are not part of the flat egenskaper: ignored
        }
    }
    return properties;
}

core::CaseRecord toCase(ondemand::object& object, std::string_view resource,
                        const CaseSelection& selection) {
    const auto fields = fieldsOf(object, resource);
    const auto& want = selection;
    core::CaseRecord record;
    record.systemId = fields.id();
    if (want.has("diarienummer")) record.dnr = fields.string("diarienummer");
    if (want.has("arendemening")) record.title = fields.string("arendemening");
    if (want.has("offentligArendemening"))
        record.publicTitle = fields.optionalString("offentligArendemening").value_or("");
    if (want.has("arendetyp")) record.type = fields.code("arendetyp");
    if (want.has("klassificering"))
        record.classification = fields.optionalCode("klassificering").value_or(core::Code{});
    if (want.has("status")) record.status = fields.code("status");
    if (want.has("registreringsdatum")) record.registered = fields.date("registreringsdatum");
    if (want.has("avslutad")) record.closed = fields.optionalDate("avslutad");
    if (want.has("organ")) record.organ = fields.string("organ");
    if (want.has("enhet")) record.unit = fields.optionalString("enhet").value_or("");
    if (want.has("handlaggare")) {
        if (auto officer = fields.optionalObject("handlaggare")) {
            core::Officer person;
            person.name = officer->string("namn");
            person.title = officer->optionalString("titel").value_or("");
            person.unit = officer->optionalString("enhet").value_or("");
            person.email = officer->optionalString("epost").value_or("");
            record.officer = std::move(person);
        }
    }
    if (want.has("sekretess")) {
        if (auto secrecy = fields.optionalObject("sekretess"))
            record.confidentiality = secrecy->string("lagrum");
    }
    if (want.has("egenskaper")) {
        if (auto properties = fields.optionalObject("egenskaper"))
            record.properties = toProperties(properties->raw(), resource, selection);
    }
    return record;
}

core::RegistryEntry toEntry(ondemand::object& object, std::string_view resource) {
    const auto fields = fieldsOf(object, resource);
    core::RegistryEntry entry;
    entry.systemId = fields.id();
    entry.number = toInt(fields, "lopnummer", fields.integer("lopnummer"));
    entry.title = fields.string("rubrik");
    entry.direction = fields.code("riktning");
    entry.documentType = fields.code("handlingstyp");
    entry.status = fields.code("status");
    entry.drawnUp = fields.optionalDate("upprattad");
    entry.received = fields.optionalDate("ankomstdatum");
    entry.senders = parties(fields, "avsandare");
    entry.recipients = parties(fields, "mottagare");
    if (auto secrecy = fields.optionalObject("sekretess"))
        entry.confidentiality = secrecy->string("lagrum");
    entry.externalReference = fields.optionalString("externReferens").value_or("");
    return entry;
}

core::DocumentRecord toDocument(ondemand::object& object, std::string_view resource) {
    const auto fields = fieldsOf(object, resource);
    core::DocumentRecord document;
    document.systemId = fields.id();
    document.number = fields.integer("dokumentnummer");
    if (document.number < 1) fields.mistyped("dokumentnummer", "a number of at least 1");
    document.created = fields.optionalString("skapad").value_or("");
    document.title = fields.optionalString("titel").value_or("");
    document.fileName = fields.string("filnamn");
    document.mimeType = fields.string("mimetyp");
    document.size = fields.integer("storlek");
    if (document.size < 0) fields.mistyped("storlek", "a size of at least 0");
    document.checksum = fields.string("checksumma");
    document.checksumMethod = fields.optionalString("checksummaMetod").value_or("SHA-256");
    document.variant = fields.code("variant");
    return document;
}

core::Meeting toMeeting(ondemand::object& object, std::string_view resource) {
    const auto fields = fieldsOf(object, resource);
    core::Meeting meeting;
    meeting.systemId = fields.id();
    meeting.organ = fields.string("organ");
    meeting.date = fields.date("sammantradesdatum");
    meeting.place = fields.optionalString("plats").value_or("");
    meeting.status = fields.code("status");
    return meeting;
}

core::AgendaItem toAgendaItem(ondemand::object& object, std::string_view resource) {
    const auto fields = fieldsOf(object, resource);
    core::AgendaItem item;
    item.systemId = fields.id();
    item.number = toInt(fields, "punkt", fields.integer("punkt"));
    if (auto paragraph = fields.optionalInteger("paragraf"))
        item.paragraph = toInt(fields, "paragraf", *paragraph);
    item.title = fields.string("rubrik");
    item.dnr = fields.optionalString("diarienummer").value_or("");
    item.caseId = fields.optionalString("arendeId").value_or("");
    fields.optionalElements("bilagor", [&](const Fields& attachment) {
        auto documentId = attachment.string("dokumentId");
        item.attachments.push_back(
            {std::move(documentId), attachment.optionalString("titel").value_or("")});
    });
    return item;
}

core::CaseRecord toCase(const Document& document) { return toCase(document.root(), "arende"); }
core::RegistryEntry toEntry(const Document& document) {
    return toEntry(document.root(), "handling");
}
core::DocumentRecord toDocument(const Document& document) {
    return toDocument(document.root(), "dokument");
}
core::Meeting toMeeting(const Document& document) {
    return toMeeting(document.root(), "sammantrade");
}
core::AgendaItem toAgendaItem(const Document& document) {
    return toAgendaItem(document.root(), "arendepunkt");
}

// ---- lists ----

Page readPage(const Document& document, const PageVisitor& visit) {
    const std::string_view resource = document.resource();
    const Fields fields(document.root(), resource, "list");
    Page page;
    bool counted = false, stopped = false;
    for (auto member : document.root()) {
        ondemand::field field;
        if (const auto error = std::move(member).get(field)) malformed(resource, error);
        std::string_view key;
        if (const auto error = field.unescaped_key().get(key)) malformed(resource, error);
        if (key == "count" && !counted) {
            auto value = fields.nonNull(field.value());
            if (!value) fields.missing("count");
            page.count = fields.integerOf(*value, "count");
            counted = true;
        } else if (key == "results" && !page.hasResults) {
            auto value = fields.nonNull(field.value());
            if (!value) continue;
            ondemand::array array;
            if (const auto error = value->get_array().get(array)) {
                if (error == simdjson::INCORRECT_TYPE) fields.mistyped("results", "an array");
                malformed(resource, error);
            }
            page.hasResults = true;
            for (auto element : array) {
                if (stopped) break;  // the rest is skipped when the root's next field is read
                ondemand::value item;
                if (const auto error = std::move(element).get(item)) malformed(resource, error);
                stopped = !visit(item, page.size);
                ++page.size;
            }
        } else if (key == "_links") {
            auto value = fields.nonNull(field.value());
            if (!value) continue;
            const auto links = fields.objectOf(*value, "_links");
            if (auto next = links.optionalObject("next")) page.next = next->string("href");
        }
    }
    if (!counted) fields.missing("count");
    if (page.count < 0) fields.mistyped("count", "a count of at least 0");
    return page;
}

std::optional<ErrorBody> toErrorBody(const std::string& body) {
    try {
        const Document document = parseObject(body, "error");
        ondemand::value fel;
        if (document.root().find_field_unordered("fel").get(fel)) return std::nullopt;
        ondemand::object object;
        if (fel.get_object().get(object)) return std::nullopt;
        ErrorBody error;
        // A member that is absent or not a string is left empty. Any other error is a body
        // that is not valid JSON: simdjson has then abandoned its iterator (its parser pointer
        // is null), so nothing more may be read from it and the body is not an error body.
        const auto read = [&](std::string_view key, std::string& into) {
            std::string_view text;
            const auto result = object.find_field_unordered(key).get_string().get(text);
            if (!result) into = text;
            return !result || result == simdjson::NO_SUCH_FIELD ||
                   result == simdjson::INCORRECT_TYPE;
        };
        if (!read("kod", error.code) || !read("meddelande", error.message)) return std::nullopt;
        return error;
    } catch (const RegistryError&) {
        return std::nullopt;
    }
}

Object::Ptr fromCode(const core::Code& code) {
    Object::Ptr object = new Object;
    object->set("kode", code.code);
    object->set("kodenavn", code.name);
    return object;
}

std::string stringify(const Object::Ptr& object) {
    std::ostringstream out;
    object->stringify(out);
    return out.str();
}

}  // namespace committee_report::registry::json
