#include "registry/json_mapping.h"

#include <limits>
#include <sstream>

#include "registry/registry_error.h"

namespace committee_report::registry::json {
namespace {

using Poco::JSON::Object;
using Type = Value::Type;

// Swedish names of the resources, for the official's message.
std::string swedishName(std::string_view resource) {
    if (resource == "arende") return "ett ärende";
    if (resource == "handling") return "en handling";
    if (resource == "dokument") return "ett dokument";
    if (resource == "sammantrade") return "ett sammanträde";
    if (resource == "arendepunkt") return "en ärendepunkt";
    return "en lista";
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

// Reads the fields of one resource, remembering its name and id for errors.
// A Fields lives only while its resource is mapped: `id` views the resource's
// own systemId in the parsed document, and a nested object's Fields refers to
// its parent's for the field path, which is only built for an error message
// (building "handlaggare." etc. for every nested object was an allocation and
// a free each).
class Fields {
  public:
    Fields(const Value& object, std::string_view resource, std::string_view id = {})
        : object_(object), resource_(resource), id_(id) {
        if (id_.empty()) {
            if (const Value* value = object_.find("systemId"); value && value->isString())
                id_ = value->string();
        }
    }

    [[nodiscard]] std::string_view id() const { return id_; }
    [[nodiscard]] std::string path(std::string_view key) const {
        std::string result = prefix();
        result += key;
        return result;
    }

    // The member, or nullptr when absent or null.
    [[nodiscard]] const Value* present(std::string_view key) const {
        const Value* value = object_.find(key);
        return value && !value->isNull() ? value : nullptr;
    }

    [[noreturn]] void missing(std::string_view key) const {
        fieldError(resource_, id_, path(key), "is missing or null", "saknas");
    }
    [[noreturn]] void mistyped(std::string_view key, std::string_view expected) const {
        fieldError(resource_, id_, path(key), "is not " + std::string(expected),
                   "har fel typ (ska vara " + swedishType(expected) + ")");
    }

    [[nodiscard]] std::string string(std::string_view key) const {
        auto value = optionalString(key);
        if (!value) missing(key);
        return std::move(*value);
    }
    [[nodiscard]] std::optional<std::string> optionalString(std::string_view key) const {
        const Value* value = present(key);
        if (!value) return std::nullopt;
        if (!value->isString()) mistyped(key, "a string");
        return std::string(value->string());
    }
    [[nodiscard]] std::int64_t integer(std::string_view key) const {
        auto value = optionalInteger(key);
        if (!value) missing(key);
        return *value;
    }
    [[nodiscard]] std::optional<std::int64_t> optionalInteger(std::string_view key) const {
        const Value* value = present(key);
        if (!value) return std::nullopt;
        if (value->type() != Type::Integer) mistyped(key, "an integer");
        return value->integer();
    }
    [[nodiscard]] core::Date date(std::string_view key) const {
        auto value = optionalDate(key);
        if (!value) missing(key);
        return *value;
    }
    [[nodiscard]] std::optional<core::Date> optionalDate(std::string_view key) const {
        const Value* value = present(key);
        if (!value) return std::nullopt;
        if (!value->isString()) mistyped(key, "a date YYYY-MM-DD");
        auto date = core::Date::parse(value->string());
        if (!date) mistyped(key, "a date YYYY-MM-DD");
        return date;
    }
    [[nodiscard]] Fields object(std::string_view key) const {
        auto fields = optionalObject(key);
        if (!fields) missing(key);
        return *fields;
    }
    [[nodiscard]] std::optional<Fields> optionalObject(std::string_view key) const {
        const Value* value = present(key);
        if (!value) return std::nullopt;
        if (!value->isObject()) mistyped(key, "an object");
        return Fields(*value, *this, key, -1);
    }
    [[nodiscard]] std::optional<std::span<const Value>> optionalArray(std::string_view key) const {
        const Value* value = present(key);
        if (!value) return std::nullopt;
        if (!value->isArray()) mistyped(key, "an array");
        return value->array();
    }
    [[nodiscard]] core::Code code(std::string_view key) const {
        auto fields = object(key);
        return core::Code{fields.string("kode"), fields.optionalString("kodenavn").value_or("")};
    }
    [[nodiscard]] std::optional<core::Code> optionalCode(std::string_view key) const {
        auto fields = optionalObject(key);
        if (!fields) return std::nullopt;
        return core::Code{fields->string("kode"), fields->optionalString("kodenavn").value_or("")};
    }
    [[nodiscard]] Fields element(std::span<const Value> array, std::size_t index,
                                 std::string_view key) const {
        if (!array[index].isObject())
            fieldError(resource_, id_, path(key) + "[" + std::to_string(index) + "]",
                       "is not an object", "har fel typ (ska vara ett objekt)");
        return Fields(array[index], *this, key, static_cast<std::int64_t>(index));
    }
    [[nodiscard]] const Value& raw() const { return object_; }

  private:
    // A nested object: the member `key` of `parent`, or its element `index` (when at least 0).
    Fields(const Value& object, const Fields& parent, std::string_view key, std::int64_t index)
        : object_(object),
          resource_(parent.resource_),
          id_(parent.id_),
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

    static std::string swedishType(std::string_view expected) {
        if (expected == "a string") return "text";
        if (expected == "an integer") return "ett heltal";
        if (expected == "an object") return "ett objekt";
        if (expected == "an array") return "en lista";
        if (expected == "a date YYYY-MM-DD") return "ett datum ÅÅÅÅ-MM-DD";
        return std::string(expected);
    }

    const Value& object_;
    std::string_view resource_;
    std::string_view id_;
    const Fields* parent_ = nullptr;
    std::string_view key_;
    std::int64_t index_ = -1;
};

Fields fieldsOf(const Value& object, std::string_view resource) {
    if (!object.isObject()) {
        throw RegistryError(ErrorKind::BadResponse,
                            "Diariet skickade " + swedishName(resource) +
                                " som inte är ett JSON-objekt; kontakta administratören.",
                            std::string(resource) + ": not a JSON object");
    }
    Fields fields(object, resource);
    (void)fields.string("systemId");  // every resource has one; errors name it
    return fields;
}

std::vector<core::Party> parties(const Fields& fields, std::string_view key) {
    std::vector<core::Party> result;
    const auto array = fields.optionalArray(key);
    if (!array) return result;
    for (std::size_t i = 0; i < array->size(); ++i)
        result.push_back({fields.element(*array, i, key).string("namn")});
    return result;
}

int toInt(const Fields& fields, std::string_view key, std::int64_t value) {
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max())
        fields.mistyped(key, "an integer");
    return static_cast<int>(value);
}

}  // namespace

Document parseOwnedObject(std::string&& body, std::string_view resource) {
    Document value;
    try {
        value = parseOwned(std::move(body));
    } catch (const SyntaxError& error) {
        throw RegistryError(ErrorKind::BadResponse,
                            "Diariet skickade ett svar som inte är giltig JSON (" +
                                std::string(resource) + "); kontakta administratören.",
                            std::string(resource) + ": malformed JSON: " + error.what());
    }
    if (!value.isObject())
        throw RegistryError(ErrorKind::BadResponse,
                            "Diariet skickade ett svar som inte är ett JSON-objekt (" +
                                std::string(resource) + "); kontakta administratören.",
                            std::string(resource) + ": JSON body is not an object");
    return value;
}

Document parseObject(std::string_view body, std::string_view resource) {
    return parseOwnedObject(std::string(body), resource);
}

core::Properties toProperties(const Value& object) {
    core::Properties properties;
    properties.reserve(object.members().size());
    for (const auto& [key, value] : object.members()) {
        switch (value.type()) {
            case Type::Null:
                properties.emplace(key, std::monostate{});
                break;
            case Type::Boolean:
                properties.emplace(key, value.boolean());
                break;
            case Type::Integer:
                properties.emplace(key, value.integer());
                break;
            case Type::Double:
                properties.emplace(key, value.number());
                break;
            case Type::String:
                if (auto date = core::Date::parse(value.string()))
                    properties.emplace(key, *date);
                else
                    properties.emplace(key, std::string(value.string()));
                break;
            default:
                break;  // nested objects and arrays are not part of the flat egenskaper: ignored
        }
    }
    return properties;
}

core::CaseRecord toCase(const Value& object) {
    const auto fields = fieldsOf(object, "arende");
    core::CaseRecord record;
    record.systemId = fields.id();
    record.dnr = fields.string("diarienummer");
    record.title = fields.string("arendemening");
    record.publicTitle = fields.optionalString("offentligArendemening").value_or("");
    record.type = fields.code("arendetyp");
    record.classification = fields.optionalCode("klassificering").value_or(core::Code{});
    record.status = fields.code("status");
    record.registered = fields.date("registreringsdatum");
    record.closed = fields.optionalDate("avslutad");
    record.organ = fields.string("organ");
    record.unit = fields.optionalString("enhet").value_or("");
    if (auto officer = fields.optionalObject("handlaggare")) {
        record.officer =
            core::Officer{officer->string("namn"), officer->optionalString("titel").value_or(""),
                          officer->optionalString("enhet").value_or(""),
                          officer->optionalString("epost").value_or("")};
    }
    if (auto secrecy = fields.optionalObject("sekretess"))
        record.confidentiality = secrecy->string("lagrum");
    if (auto properties = fields.optionalObject("egenskaper"))
        record.properties = toProperties(properties->raw());
    return record;
}

core::RegistryEntry toEntry(const Value& object) {
    const auto fields = fieldsOf(object, "handling");
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

core::DocumentRecord toDocument(const Value& object) {
    const auto fields = fieldsOf(object, "dokument");
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

core::Meeting toMeeting(const Value& object) {
    const auto fields = fieldsOf(object, "sammantrade");
    core::Meeting meeting;
    meeting.systemId = fields.id();
    meeting.organ = fields.string("organ");
    meeting.date = fields.date("sammantradesdatum");
    meeting.place = fields.optionalString("plats").value_or("");
    meeting.status = fields.code("status");
    return meeting;
}

core::AgendaItem toAgendaItem(const Value& object) {
    const auto fields = fieldsOf(object, "arendepunkt");
    core::AgendaItem item;
    item.systemId = fields.id();
    item.number = toInt(fields, "punkt", fields.integer("punkt"));
    if (auto paragraph = fields.optionalInteger("paragraf"))
        item.paragraph = toInt(fields, "paragraf", *paragraph);
    item.title = fields.string("rubrik");
    item.dnr = fields.optionalString("diarienummer").value_or("");
    item.caseId = fields.optionalString("arendeId").value_or("");
    if (const auto array = fields.optionalArray("bilagor")) {
        for (std::size_t i = 0; i < array->size(); ++i) {
            auto attachment = fields.element(*array, i, "bilagor");
            item.attachments.push_back(
                {attachment.string("dokumentId"), attachment.optionalString("titel").value_or("")});
        }
    }
    return item;
}

Page toPage(const Value& object, std::string_view resource) {
    Fields fields(object, resource, "list");
    Page page;
    page.count = fields.integer("count");
    if (page.count < 0) fields.mistyped("count", "a count of at least 0");
    page.results = fields.optionalArray("results");
    if (auto links = fields.optionalObject("_links")) {
        if (auto next = links->optionalObject("next")) page.next = next->string("href");
    }
    return page;
}

std::optional<ErrorBody> toErrorBody(const std::string& body) {
    try {
        const Document value = parse(body);
        const Value* fel = value.find("fel");
        if (!fel || !fel->isObject()) return std::nullopt;
        ErrorBody error;
        if (const Value* code = fel->find("kod"); code && code->isString())
            error.code = std::string(code->string());
        if (const Value* text = fel->find("meddelande"); text && text->isString())
            error.message = std::string(text->string());
        return error;
    } catch (const SyntaxError&) {
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
