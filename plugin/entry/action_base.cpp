#include "action_base.h"

#include <Poco/Logger.h>

#include <algorithm>

#include "audit_log.h"
#include "core/date.h"
#include "core/error.h"
#include "core/file_naming.h"
#include "core/safe_echo.h"
#include "report_workflow.h"

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
                                  "\" har ingen parameter som heter \"" + core::safeEcho(key) +
                                  "\"." +
                                  (known.empty() ? " Den tar inga parametrar."
                                                 : " Giltiga parametrar: " + known + "."));
        }
        const auto fail = [&](const std::string& expected) {
            throw ActionError(api::Status::InvalidInput,
                              "Parametern " + key + " (" + spec->label + ") ska vara " + expected +
                                  ", men är \"" + core::safeEcho(value) + "\".");
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

}  // namespace

api::ParameterSpec dateParameter(const char* key, const char* label, const char* help) {
    api::ParameterSpec spec;
    spec.key = key;
    spec.label = label;
    spec.type = api::ParameterType::Date;
    spec.help = help;
    return spec;
}

void ActionBase::checkCancelled(const api::ProgressListener& progress) {
    if (progress.cancelRequested())
        throw ActionError(api::Status::Cancelled, "Åtgärden avbröts.", "cancelled");
}

namespace {

void audit(const std::filesystem::path& file, const api::RunContext& context,
           const std::string& actionId, const api::RunResult& result,
           const std::string& templateVersion,
           const std::vector<std::pair<std::string, std::string>>& uploaded) {
    AuditRecord record;
    record.time = nowIso8601();
    record.client = core::safeEcho(context.client, 200);
    record.action = actionId;
    // Only a plausible dnr is recorded as given; anything else as a short, escaped echo.
    record.caseDnr =
        core::isPlausibleDnr(context.caseDnr) ? context.caseDnr : core::safeEcho(context.caseDnr);
    record.userId = core::safeEcho(context.userId, 200);
    record.meetingId = core::safeEcho(context.meetingId);
    record.createdIds = result.createdIds;
    for (const auto& [name, sha256] : uploaded) record.files.push_back({name, sha256});
    for (const auto& path : result.files) {
        const auto name = std::filesystem::path(path).filename().string();
        if (std::none_of(uploaded.begin(), uploaded.end(),
                         [&](const auto& u) { return u.first == name; }))
            record.files.push_back({name, sha256OfFile(path)});
    }
    record.templateVersion = templateVersion;
    record.result = api::statusName(result.status);
    appendAuditRecord(file, record);
}

}  // namespace

api::RunResult ActionBase::run(Runtime& runtime, const api::RunContext& context,
                               api::ProgressListener& progress) noexcept {
    api::RunResult result;
    std::string actionId = "?";
    std::filesystem::path auditFile;
    std::string templateVersion;
    std::vector<std::pair<std::string, std::string>> uploaded;
    auto writeAudit = [&] {
        if (auditFile.empty()) return;
        try {
            audit(auditFile, context, actionId, result, templateVersion, uploaded);
        } catch (const std::exception& error) {
            logger().error("audit log: " + std::string(error.what()));
        }
    };
    try {
        const auto descriptor = describe();
        actionId = descriptor.id;
        // Loaded first so that every run, refused ones too, reaches the audit log.
        auto configuration = runtime.configuration();
        auditFile = configuration->auditLog;
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
                                                      : "\"" + core::safeEcho(context.caseDnr) +
                                                            "\" är inte ett giltigt diarienummer.");
        auto parameters = validateParameters(descriptor, context);
        const std::filesystem::path output =
            context.outputDirectory.empty()
                ? configuration->outputDirectory
                : std::filesystem::absolute(context.outputDirectory).lexically_normal();
        logger().information("action " + actionId + " started by user " +
                             core::safeEcho(context.userId));
        removeLeftoversOfEndedRuns(output);
        const ValidatedRun validated{
            runtime, context, std::move(parameters), std::move(configuration), output, {}, {}};
        try {
            result = execute(validated, progress);
        } catch (...) {
            templateVersion = validated.templateVersion;
            uploaded = validated.uploaded;
            throw;
        }
        templateVersion = validated.templateVersion;
        uploaded = validated.uploaded;
        logger().information("action %s finished: %s", actionId,
                             std::string(api::statusName(result.status)));
        writeAudit();
        return result;
    } catch (const Error& error) {
        // Every area's error (configuration, registry, office, report, the action's own)
        // carries its Swedish message, its English log line and the run's status.
        result = failure(error.status(), error.userMessage(), error.logDetail());
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
        const bool expected =
            result.status == api::Status::Refused || result.status == api::Status::InvalidInput ||
            result.status == api::Status::NotAllowed || result.status == api::Status::Cancelled;
        if (expected)
            logger().information("action %s: %s: %s", actionId,
                                 std::string(api::statusName(result.status)), result.logDetail);
        else
            logger().error("action %s failed: %s", actionId, result.logDetail);
    } catch (...) {
    }
    writeAudit();
    return result;
}

}  // namespace committee_report::entry
