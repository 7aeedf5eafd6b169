#include "action_catalog.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <chrono>
#include <set>
#include <sstream>
#include <stdexcept>

#include "api_error.h"

namespace committee_report::service {

namespace {

constexpr std::size_t kMaxText = 200;
constexpr std::size_t kMaxParameterValue = 1000;
constexpr std::size_t kMaxItems = 50;

ApiError badRequest(const std::string& code, const std::string& message) {
    return ApiError(400, code, message);
}

Poco::JSON::Object::Ptr parseObject(const std::string& body) {
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser;
        parsed = parser.parse(body);
    } catch (const Poco::Exception&) {
        throw badRequest("ogiltig-json",
                         "Begäran är inte giltig JSON. Skicka ett JSON-objekt enligt "
                         "/api/v1/openapi.json.");
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
        throw badRequest("ogiltig-json", "Begäran ska vara ett JSON-objekt.");
    return parsed.extract<Poco::JSON::Object::Ptr>();
}

std::string text(const Poco::JSON::Object& object, const std::string& key, bool required) {
    if (!object.has(key) || object.isNull(key)) {
        if (required) throw badRequest("saknat-falt", "Fältet \"" + key + "\" saknas i begäran.");
        return {};
    }
    const auto value = object.get(key);
    if (!value.isString())
        throw badRequest("fel-typ", "Fältet \"" + key + "\" ska vara en textsträng.");
    auto result = value.convert<std::string>();
    if (result.size() > kMaxText)
        throw badRequest("for-langt-varde", "Fältet \"" + key + "\" är längre än " +
                                                std::to_string(kMaxText) + " tecken.");
    if (required && result.empty())
        throw badRequest("saknat-falt", "Fältet \"" + key + "\" är tomt.");
    return result;
}

std::map<std::string, std::string> parameters(const Poco::JSON::Object& object) {
    std::map<std::string, std::string> values;
    if (!object.has("parameters") || object.isNull("parameters")) return values;
    const auto parameters = object.getObject("parameters");
    if (!parameters) throw badRequest("fel-typ", "Fältet \"parameters\" ska vara ett JSON-objekt.");
    if (parameters->size() > kMaxItems)
        throw badRequest("for-manga-parametrar", "Begäran har för många parametrar.");
    for (const auto& [key, value] : *parameters) {
        std::string textValue;
        if (value.isString())
            textValue = value.convert<std::string>();
        else if (value.isInteger())
            textValue = std::to_string(value.convert<long long>());
        else if (value.isBoolean())
            textValue = value.convert<bool>() ? "ja" : "nej";
        else
            throw badRequest("fel-typ", "Parametern \"" + key +
                                            "\" ska vara en textsträng, ett heltal eller "
                                            "true/false.");
        if (textValue.size() > kMaxParameterValue)
            throw badRequest("for-langt-varde", "Parametern \"" + key + "\" är för lång.");
        values[key] = textValue;
    }
    return values;
}

bool validDate(const std::string& value) {
    if (value.size() != 10 || value[4] != '-' || value[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (value[i] < '0' || value[i] > '9') return false;
    const std::chrono::year_month_day date{std::chrono::year(std::stoi(value.substr(0, 4))),
                                           std::chrono::month(std::stoi(value.substr(5, 2))),
                                           std::chrono::day(std::stoi(value.substr(8, 2)))};
    return date.ok();
}

bool validInteger(const std::string& value) {
    if (value.empty() || value.size() > 18) return false;
    std::size_t start = value[0] == '-' ? 1 : 0;
    if (start == value.size()) return false;
    for (std::size_t i = start; i < value.size(); ++i)
        if (value[i] < '0' || value[i] > '9') return false;
    return true;
}

}  // namespace

std::string RunRequest::toPluginJson() const {
    Poco::JSON::Object request;
    request.set("action", action);
    if (!caseDnr.empty()) request.set("case", caseDnr);
    if (!meeting.empty()) request.set("meeting", meeting);
    request.set("user", user);
    Poco::JSON::Array roleArray;
    for (const auto& role : roles) roleArray.add(role);
    request.set("roles", roleArray);
    Poco::JSON::Object parameterObject;
    for (const auto& [key, value] : parameters) parameterObject.set(key, value);
    request.set("parameters", parameterObject);
    if (!client.empty()) request.set("client", client);
    std::ostringstream out;
    request.stringify(out);
    return out.str();
}

ActionCatalog::ActionCatalog(const std::string& actionsJson)
    : catalog_(catalog::ActionCatalog::parse(actionsJson)) {}

void ActionCatalog::check(const RunRequest& request) const {
    const auto* action = find(request.action);
    if (!action)
        throw ApiError(404, "okand-atgard",
                       "Åtgärden \"" + request.action +
                           "\" finns inte. GET /api/v1/actions visar de åtgärder som finns.");
    if (action->menu == "case" && request.caseDnr.empty())
        throw badRequest("saknat-arende", "Åtgärden \"" + action->id +
                                              "\" körs på ett ärende: ange diarienumret i "
                                              "fältet \"case\".");
    if (action->menu == "meeting" && request.meeting.empty())
        throw badRequest("saknat-sammantrade", "Åtgärden \"" + action->id +
                                                   "\" körs på ett sammanträde: ange det i "
                                                   "fältet \"meeting\".");
    for (const auto& [key, value] : request.parameters) {
        const ParameterInfo* spec = nullptr;
        for (const auto& p : action->parameters)
            if (p.key == key) spec = &p;
        if (!spec)
            throw badRequest("okand-parameter", "Åtgärden \"" + action->id +
                                                    "\" har ingen parameter \"" + key + "\".");
        const std::string where = "Parametern \"" + key + "\" (" + spec->label + ")";
        if (spec->type == "date" && !value.empty() && !validDate(value))
            throw badRequest("ogiltigt-datum", where + " ska vara ett datum som ÅÅÅÅ-MM-DD.");
        if (spec->type == "integer" && !value.empty() && !validInteger(value))
            throw badRequest("ogiltigt-heltal", where + " ska vara ett heltal.");
        if (spec->type == "boolean" && !value.empty() && value != "ja" && value != "nej")
            throw badRequest("ogiltigt-val", where + " ska vara ja eller nej.");
        if (spec->type == "choice" && !value.empty()) {
            bool allowed = false;
            for (const auto& a : spec->allowedValues) allowed = allowed || a == value;
            if (!allowed)
                throw badRequest("ogiltigt-val", where + " har inte ett av de tillåtna värdena.");
        }
    }
    for (const auto& p : action->parameters)
        if (p.required && !request.parameters.count(p.key))
            throw badRequest("saknad-parameter",
                             "Parametern \"" + p.key + "\" (" + p.label + ") måste anges.");
}

RunRequest parseRunRequest(const std::string& body) {
    const auto object = parseObject(body);
    static const std::set<std::string> kKnown{"action", "case",  "meeting",
                                              "user",   "roles", "parameters"};
    for (const auto& [key, value] : *object)
        if (!kKnown.count(key))
            throw badRequest("okant-falt", "Fältet \"" + key +
                                               "\" finns inte i API:t. Tillåtna fält: action, "
                                               "case, meeting, user, roles, parameters.");
    RunRequest request;
    request.action = text(*object, "action", true);
    request.caseDnr = text(*object, "case", false);
    request.meeting = text(*object, "meeting", false);
    request.user = text(*object, "user", true);
    if (!object->has("roles") || object->isNull("roles"))
        throw badRequest("saknat-falt",
                         "Fältet \"roles\" saknas: ange användarens roller som en lista (kan "
                         "vara tom).");
    const auto roles = object->getArray("roles");
    if (!roles) throw badRequest("fel-typ", "Fältet \"roles\" ska vara en lista av textsträngar.");
    if (roles->size() > kMaxItems) throw badRequest("for-manga-roller", "För många roller.");
    for (std::size_t i = 0; i < roles->size(); ++i) {
        const auto role = roles->get(static_cast<unsigned>(i));
        if (!role.isString())
            throw badRequest("fel-typ", "Fältet \"roles\" ska vara en lista av textsträngar.");
        request.roles.push_back(role.convert<std::string>());
    }
    request.parameters = parameters(*object);
    return request;
}

std::map<std::string, std::string> parsePanelParameters(const std::string& body) {
    const auto object = parseObject(body);
    for (const auto& [key, value] : *object)
        if (key != "parameters")
            throw badRequest("okant-falt", "Fältet \"" + key + "\" finns inte.");
    return parameters(*object);
}

}  // namespace committee_report::service
