#include "action_base.h"

#include <Poco/Logger.h>

#include <algorithm>

#include "config/xml_schema_validation.h"
#include "core/date.h"
#include "core/file_naming.h"
#include "office/office_error.h"
#include "plugin_runtime.h"

namespace committee_report::entry {

namespace {

Poco::Logger& logger() { return Poco::Logger::get("committee_report.entry"); }

std::map<std::string, std::string> validateParameters(const api::ActionDescriptor& descriptor,
                                                      const api::RunContext& context) {
    std::map<std::string, std::string> values;
    for (const auto& [key, value] : context.parameters) {
        const auto spec = std::find_if(descriptor.parameters.begin(), descriptor.parameters.end(),
                                       [&](const api::ParameterSpec& s) { return s.key == key; });
        if (spec == descriptor.parameters.end()) {
            std::string known;
            for (const auto& s : descriptor.parameters)
                known += (known.empty() ? "" : ", ") + s.key;
            throw ActionError(api::Status::InvalidInput,
                              "Åtgärden \"" + descriptor.label +
                                  "\" har ingen parameter som heter \"" + key + "\"." +
                                  (known.empty() ? " Den tar inga parametrar."
                                                 : " Giltiga parametrar: " + known + "."));
        }
        const auto fail = [&](const std::string& expected) {
            throw ActionError(api::Status::InvalidInput, "Parametern " + key + " (" + spec->label +
                                                             ") ska vara " + expected +
                                                             ", men är \"" + value + "\".");
        };
        switch (spec->type) {
            case api::ParameterType::Date:
                if (!core::Date::parse(value)) fail("ett datum i formen ÅÅÅÅ-MM-DD");
                break;
            case api::ParameterType::Integer:
                if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos ||
                    value.size() > 9)
                    fail("ett heltal");
                break;
            case api::ParameterType::Boolean:
                if (value != "ja" && value != "nej" && value != "true" && value != "false")
                    fail("ja eller nej");
                break;
            case api::ParameterType::Choice:
                if (std::find(spec->allowedValues.begin(), spec->allowedValues.end(), value) ==
                    spec->allowedValues.end()) {
                    std::string allowed;
                    for (const auto& a : spec->allowedValues)
                        allowed += (allowed.empty() ? "" : ", ") + a;
                    fail("ett av " + allowed);
                }
                break;
            case api::ParameterType::Text:
                if (value.size() > 500) fail("en text på högst 500 tecken");
                break;
        }
        values[key] = value;
    }
    for (const auto& spec : descriptor.parameters) {
        if (values.count(spec.key)) continue;
        if (spec.required && spec.defaultValue.empty())
            throw ActionError(api::Status::InvalidInput,
                              "Parametern " + spec.key + " (" + spec.label + ") saknas.");
        if (!spec.defaultValue.empty()) values[spec.key] = spec.defaultValue;
    }
    return values;
}

api::RunResult failure(api::Status status, std::string message, std::string detail) {
    api::RunResult result;
    result.status = status;
    result.message = std::move(message);
    result.logDetail = std::move(detail);
    return result;
}

api::Status statusOf(office::OfficeError::Kind kind) {
    switch (kind) {
        case office::OfficeError::Kind::StartFailed:
        case office::OfficeError::Kind::ProcessDied:
        case office::OfficeError::Kind::Timeout:
        case office::OfficeError::Kind::Busy:
            return api::Status::Unavailable;
        default:
            return api::Status::Failed;
    }
}

}  // namespace

void ActionBase::checkCancelled(const api::ProgressListener& progress) {
    if (progress.cancelRequested())
        throw ActionError(api::Status::Cancelled, "Åtgärden avbröts.", "cancelled");
}

api::RunResult ActionBase::run(const api::RunContext& context,
                               api::ProgressListener& progress) noexcept {
    api::RunResult result;
    std::string actionId = "?";
    try {
        const auto descriptor = describe();
        actionId = descriptor.id;
        if (!descriptor.requiredRole.empty() &&
            std::find(context.userRoles.begin(), context.userRoles.end(),
                      descriptor.requiredRole) == context.userRoles.end())
            throw ActionError(api::Status::NotAllowed,
                              "Du saknar behörigheten \"" + descriptor.requiredRole +
                                  "\" som krävs för \"" + descriptor.label +
                                  "\". Kontakta systemförvaltaren.");
        if (descriptor.menu == api::Menu::Case && !core::isPlausibleDnr(context.caseDnr))
            throw ActionError(api::Status::InvalidInput,
                              context.caseDnr.empty() ? "Ange ärendets diarienummer."
                                                      : "\"" + context.caseDnr +
                                                            "\" är inte ett giltigt diarienummer.");
        auto parameters = validateParameters(descriptor, context);
        auto configuration = PluginRuntime::instance().configuration(context.configurationFile);
        const std::filesystem::path output =
            context.outputDirectory.empty()
                ? configuration->outputDirectory
                : std::filesystem::absolute(context.outputDirectory).lexically_normal();
        logger().information("action %s started by user %s", actionId, context.userId);
        result =
            execute(ValidatedRun{context, std::move(parameters), std::move(configuration), output},
                    progress);
        logger().information("action %s finished", actionId);
        return result;
    } catch (const ActionError& error) {
        result = failure(error.status(), error.what(),
                         error.detail().empty() ? error.what() : error.detail());
    } catch (const config::XmlFileError& error) {
        result =
            failure(api::Status::Failed,
                    std::string("Konfigurationen kan inte användas. Kontakta administratören.\n") +
                        error.what(),
                    std::string("configuration: ") + error.what());
    } catch (const office::OfficeError& error) {
        result = failure(statusOf(error.kind()), error.what(), "office: " + error.detail());
    } catch (const std::exception& error) {
        result = failure(api::Status::Failed,
                         "Ett oväntat fel inträffade. Försök igen; om felet återkommer, kontakta "
                         "administratören "
                         "och ange tidpunkten.",
                         std::string("unexpected: ") + error.what());
    } catch (...) {
        result =
            failure(api::Status::Failed, "Ett oväntat fel inträffade. Kontakta administratören.",
                    "unexpected non-standard exception");
    }
    try {
        logger().error("action %s failed: %s", actionId, result.logDetail);
    } catch (...) {
    }
    return result;
}

}  // namespace committee_report::entry
