// The plugin's only exported door: the C functions of committee_report.h. Each
// turns JSON into the internal run types, runs the action on the handle's
// Runtime and turns the result back into JSON. No exception leaves this file.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <set>
#include <sstream>

#include "action_api.h"
#include "committee_report/committee_report.h"
#include "config/xml_schema_validation.h"
#include "runtime.h"

#ifndef COMMITTEE_REPORT_VERSION
#define COMMITTEE_REPORT_VERSION "0.0.0"
#endif

namespace api = committee_report::plugin_api;
using committee_report::entry::Runtime;

struct cr_plugin {
    explicit cr_plugin(const std::string& file) : runtime(file) {}
    Runtime runtime;
};

namespace {

// A request larger than this is refused unread: a real one is a few hundred bytes.
constexpr std::size_t kMaxRequestBytes = 1024 * 1024;
// Arrays and objects nested deeper than this are refused before parsing: a real request
// nests 2 levels (parameters in the request), and a parser that descends recursively
// must never get a depth that could exhaust a host thread's stack, however small.
constexpr int kMaxRequestNesting = 16;

Poco::Logger& logger() { return Poco::Logger::get("committee_report.entry"); }

char* copyOut(const std::string& text) noexcept {
    auto* copy = static_cast<char*>(std::malloc(text.size() + 1));
    if (copy) std::memcpy(copy, text.c_str(), text.size() + 1);
    return copy;
}

int codeOf(api::Status status) {
    switch (status) {
        case api::Status::Ok:
            return CR_OK;
        case api::Status::InvalidInput:
            return CR_INVALID;
        case api::Status::NotAllowed:
            return CR_NOT_ALLOWED;
        case api::Status::Refused:
            return CR_REFUSED;
        case api::Status::Unavailable:
            return CR_UNAVAILABLE;
        case api::Status::Cancelled:
            return CR_CANCELLED;
        case api::Status::Failed:
            return CR_FAILED;
    }
    return CR_FAILED;
}

const char* menuName(api::Menu menu) {
    switch (menu) {
        case api::Menu::Case:
            return "case";
        case api::Menu::Meeting:
            return "meeting";
        case api::Menu::Administration:
            return "administration";
    }
    return "case";
}

const char* typeName(api::ParameterType type) {
    switch (type) {
        case api::ParameterType::Text:
            return "text";
        case api::ParameterType::Date:
            return "date";
        case api::ParameterType::Choice:
            return "choice";
        case api::ParameterType::Integer:
            return "integer";
        case api::ParameterType::Boolean:
            return "boolean";
    }
    return "text";
}

std::string stringify(const Poco::JSON::Object& object) {
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

Poco::JSON::Array strings(const std::vector<std::string>& values) {
    Poco::JSON::Array array;
    for (const auto& value : values) array.add(value);
    return array;
}

std::string resultJson(const api::RunResult& result) {
    Poco::JSON::Object json(Poco::JSON_PRESERVE_KEY_ORDER);
    json.set("status", api::statusName(result.status));
    json.set("message", result.message);
    json.set("logDetail", result.logDetail);
    json.set("files", strings(result.files));
    json.set("createdIds", strings(result.createdIds));
    if (!result.entryId.empty()) json.set("entry", result.entryId);
    json.set("warnings", strings(result.warnings));
    Poco::JSON::Array checks;
    for (const auto& check : result.checks) {
        Poco::JSON::Object c(Poco::JSON_PRESERVE_KEY_ORDER);
        c.set("name", check.name);
        c.set("ok", check.ok);
        c.set("message", check.message);
        c.set("fix", check.fix);
        checks.add(c);
    }
    json.set("checks", checks);
    return stringify(json);
}

api::RunResult invalid(std::string message, std::string detail) {
    api::RunResult result;
    result.status = api::Status::InvalidInput;
    result.message = std::move(message);
    result.logDetail = std::move(detail);
    return result;
}

// Ends a call: hands the result to the caller (if it wants it) and returns its code.
int finish(const api::RunResult& result, char** resultJsonOut) noexcept {
    if (resultJsonOut) {
        try {
            *resultJsonOut = copyOut(resultJson(result));
        } catch (...) {
            *resultJsonOut = nullptr;
        }
    }
    return codeOf(result.status);
}

// RFC 3629 UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool isValidUtf8(const unsigned char* s, std::size_t n) {
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int length;
        unsigned min;
        unsigned code;
        if ((c & 0xE0) == 0xC0) {
            length = 2, min = 0x80, code = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3, min = 0x800, code = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            length = 4, min = 0x10000, code = c & 0x07;
        } else {
            return false;
        }
        if (i + length > n) return false;
        for (int k = 1; k < length; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return false;
            code = (code << 6) | (s[i + k] & 0x3F);
        }
        if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
        i += length;
    }
    return true;
}

// Whether arrays and objects in a JSON text nest deeper than limit. Brackets inside
// strings do not count; the text need not be valid JSON (the parser judges that later).
bool nestsDeeperThan(const char* text, std::size_t length, int limit) {
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < length; ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;  // whatever is escaped, it cannot end the string
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

// A JSON request that cannot be run: turned into InvalidInput by cr_run_json.
struct BadRequest {
    std::string message;  // Swedish
    std::string detail;   // English
};

std::string textMember(const Poco::JSON::Object& request, const std::string& key) {
    if (!request.has(key) || request.isNull(key)) return {};
    const auto value = request.get(key);
    if (!value.isString())
        throw BadRequest{"Fältet \"" + key + "\" i begäran ska vara en text.",
                         "request: " + key + " is not a string"};
    return value.extract<std::string>();
}

struct ParsedRequest {
    std::string action;
    api::RunContext context;
};

ParsedRequest parseRequest(const char* text) {
    if (!text) throw BadRequest{"Begäran saknas.", "request_json is NULL"};
    const std::size_t length = std::strlen(text);
    if (length > kMaxRequestBytes)
        throw BadRequest{"Begäran är för stor (högst 1 MiB).",
                         "request of " + std::to_string(length) + " bytes refused"};
    if (!isValidUtf8(reinterpret_cast<const unsigned char*>(text), length))
        throw BadRequest{"Begäran är inte giltig UTF-8.", "request is not valid UTF-8"};
    if (nestsDeeperThan(text, length, kMaxRequestNesting))
        throw BadRequest{"Begäran är för djupt nästlad (högst " +
                             std::to_string(kMaxRequestNesting) +
                             " nivåer av listor och objekt). Skicka fälten som i "
                             "cr-request.schema.json.",
                         "request nests arrays/objects deeper than " +
                             std::to_string(kMaxRequestNesting) + " levels; refused unparsed"};
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser;
        parsed = parser.parse(std::string(text, length));
    } catch (const Poco::Exception& error) {
        throw BadRequest{"Begäran är inte giltig JSON.",
                         "request is not JSON: " + error.displayText()};
    }
    const auto object = parsed.type() == typeid(Poco::JSON::Object::Ptr)
                            ? parsed.extract<Poco::JSON::Object::Ptr>()
                            : Poco::JSON::Object::Ptr();
    if (!object)
        throw BadRequest{"Begäran ska vara ett JSON-objekt.", "request is not a JSON object"};
    static const std::set<std::string> known = {"action", "case",       "meeting", "user",
                                                "roles",  "parameters", "output",  "client"};
    for (const auto& [key, value] : *object)
        if (!known.count(key))
            throw BadRequest{
                "Begäran har ett okänt fält (giltiga: action, case, meeting, user, roles, "
                "parameters, output, client).",
                "request: unknown key of " + std::to_string(key.size()) + " bytes"};
    ParsedRequest request;
    request.action = textMember(*object, "action");
    if (request.action.empty())
        throw BadRequest{"Ange vilken åtgärd som ska köras (\"action\").", "request: no action"};
    request.context.caseDnr = textMember(*object, "case");
    request.context.meetingId = textMember(*object, "meeting");
    request.context.userId = textMember(*object, "user");
    if (request.context.userId.empty())
        throw BadRequest{"Ange den handlande användarens id (\"user\").", "request: no user"};
    request.context.outputDirectory = textMember(*object, "output");
    request.context.client = textMember(*object, "client");
    if (object->has("roles") && !object->isNull("roles")) {
        const auto roles = object->getArray("roles");
        if (!roles)
            throw BadRequest{"Fältet \"roles\" ska vara en lista av texter.",
                             "request: roles is not an array"};
        for (std::size_t i = 0; i < roles->size(); ++i) {
            const auto role = roles->get(static_cast<unsigned>(i));
            if (!role.isString())
                throw BadRequest{"Fältet \"roles\" ska vara en lista av texter.",
                                 "request: a role is not a string"};
            request.context.userRoles.push_back(role.extract<std::string>());
        }
    }
    if (object->has("parameters") && !object->isNull("parameters")) {
        const auto parameters = object->getObject("parameters");
        if (!parameters)
            throw BadRequest{"Fältet \"parameters\" ska vara ett objekt med texter som värden.",
                             "request: parameters is not an object"};
        for (const auto& [key, value] : *parameters) {
            if (!value.isString())
                throw BadRequest{"Parametern \"" + key + "\" ska ha en text som värde.",
                                 "request: parameter value is not a string"};
            request.context.parameters[key] = value.extract<std::string>();
        }
    }
    return request;
}

// The host's progress callback as the actions' listener. Once the callback has asked to
// stop, the run is cancelled at its next step.
class CallbackProgress final : public api::ProgressListener {
  public:
    CallbackProgress(cr_progress_fn callback, void* user) : callback_(callback), user_(user) {}
    void onProgress(std::string_view stage, double fraction,
                    std::string_view message) noexcept override {
        if (!callback_) return;
        try {
            const std::string stageText(stage);
            const std::string messageText(message);
            if (callback_(user_, stageText.c_str(), fraction, messageText.c_str()) != 0)
                cancel_.store(true);
        } catch (...) {
            cancel_.store(true);
        }
    }
    [[nodiscard]] bool cancelRequested() const noexcept override { return cancel_.load(); }

  private:
    cr_progress_fn callback_;
    void* user_;
    std::atomic<bool> cancel_{false};
};

std::string defaultConfigurationFile() {
    const char* fromEnvironment = std::getenv("COMMITTEE_REPORT_CONFIG");
    return fromEnvironment && *fromEnvironment ? fromEnvironment
                                               : "/etc/committee-report/committee-report.xml";
}

std::string errorJson(const char* status, const std::string& message, const std::string& detail) {
    Poco::JSON::Object json(Poco::JSON_PRESERVE_KEY_ORDER);
    json.set("status", status);
    json.set("message", message);
    json.set("logDetail", detail);
    return stringify(json);
}

}  // namespace

extern "C" {

int cr_api_version(void) { return CR_API_VERSION; }

const char* cr_library_version(void) { return COMMITTEE_REPORT_VERSION; }

int cr_open(const char* configuration_file, cr_plugin** out, char** error_json) {
    if (error_json) *error_json = nullptr;
    if (!out) {
        if (error_json)
            *error_json = copyOut(errorJson("invalid", "Anropet saknar plats för handtaget.",
                                            "cr_open: out is NULL"));
        return CR_INVALID;
    }
    *out = nullptr;
    std::string file;
    try {
        file = configuration_file && *configuration_file ? configuration_file
                                                         : defaultConfigurationFile();
        *out = new cr_plugin(file);
        return CR_OK;
    } catch (const committee_report::config::XmlFileError& error) {
        if (error_json)
            *error_json = copyOut(errorJson(
                "invalid",
                std::string("Konfigurationen kan inte användas. Kontakta administratören.\n") +
                    error.what(),
                std::string("configuration: ") + error.what()));
        return CR_INVALID;
    } catch (const std::exception& error) {
        if (error_json)
            *error_json = copyOut(
                errorJson("failed", "Tillägget kunde inte öppnas. Kontakta administratören.",
                          std::string("cr_open ") + file + ": " + error.what()));
        return CR_FAILED;
    } catch (...) {
        if (error_json)
            *error_json = copyOut(
                errorJson("failed", "Tillägget kunde inte öppnas. Kontakta administratören.",
                          "cr_open: unexpected non-standard exception"));
        return CR_FAILED;
    }
}

char* cr_actions_json(cr_plugin* plugin) {
    if (!plugin) return nullptr;
    try {
        Poco::JSON::Object json(Poco::JSON_PRESERVE_KEY_ORDER);
        json.set("apiVersion", CR_API_VERSION);
        json.set("libraryVersion", COMMITTEE_REPORT_VERSION);
        Poco::JSON::Array actions;
        for (const auto& action : plugin->runtime.actions()) {
            const auto d = action->describe();
            Poco::JSON::Object a(Poco::JSON_PRESERVE_KEY_ORDER);
            a.set("id", d.id);
            a.set("label", d.label);
            a.set("description", d.description);
            a.set("menu", menuName(d.menu));
            a.set("requiredRole", d.requiredRole);
            Poco::JSON::Array parameters;
            for (const auto& p : d.parameters) {
                Poco::JSON::Object parameter(Poco::JSON_PRESERVE_KEY_ORDER);
                parameter.set("key", p.key);
                parameter.set("label", p.label);
                parameter.set("type", typeName(p.type));
                parameter.set("default", p.defaultValue);
                parameter.set("allowedValues", strings(p.allowedValues));
                parameter.set("required", p.required);
                parameter.set("help", p.help);
                parameters.add(parameter);
            }
            a.set("parameters", parameters);
            actions.add(a);
        }
        json.set("actions", actions);
        return copyOut(stringify(json));
    } catch (...) {
        return nullptr;
    }
}

int cr_run_json(cr_plugin* plugin, const char* request_json, cr_progress_fn progress, void* user,
                char** result_json) {
    if (result_json) *result_json = nullptr;
    try {
        if (!plugin)
            return finish(invalid("Tillägget är inte öppnat.", "cr_run_json: plugin is NULL"),
                          result_json);
        ParsedRequest request;
        try {
            request = parseRequest(request_json);
        } catch (const BadRequest& bad) {
            logger().information("request refused: %s", bad.detail);
            return finish(invalid(bad.message, bad.detail), result_json);
        }
        auto* action = plugin->runtime.find(request.action);
        if (!action) {
            // Named back only when it looks like an action id (no echo of arbitrary input).
            const bool plain = request.action.size() <= 64 &&
                               request.action.find_first_not_of(
                                   "abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
            const std::string name = plain ? "\"" + request.action + "\" " : "";
            return finish(invalid("Åtgärden " + name + "finns inte. Se listan över åtgärder.",
                                  "unknown action " + (plain ? request.action : "(not shown)")),
                          result_json);
        }
        CallbackProgress listener(progress, user);
        const auto result = action->run(plugin->runtime, request.context, listener);
        return finish(result, result_json);
    } catch (...) {
        api::RunResult failed;
        failed.status = api::Status::Failed;
        failed.message = "Ett oväntat fel inträffade. Kontakta administratören.";
        failed.logDetail = "cr_run_json: unexpected exception";
        return finish(failed, result_json);
    }
}

void cr_free(char* text) { std::free(text); }

void cr_close(cr_plugin* plugin) {
    try {
        delete plugin;
    } catch (...) {
    }
}

}  // extern "C"
