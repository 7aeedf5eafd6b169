// What every action shares: the no-exception boundary, the role check,
// parameter validation against the action's own descriptor, and turning each
// area's errors into a status with a Swedish message and an English log detail.
#pragma once

#include <map>
#include <string>

#include "action_api.h"
#include "config/configuration.h"
#include "office/office_engine.h"
#include "runtime.h"

namespace committee_report::entry {

namespace api = committee_report::plugin_api;

// A refusal or invalid input detected by an action: becomes the given status.
// Its log line is the detail alone (the message when there is none).
class ActionError : public Error {
  public:
    using Error::Error;
};

// The run's input after validation: parameters complete with defaults.
struct ValidatedRun {
    Runtime& runtime;
    const api::RunContext& context;
    std::map<std::string, std::string> parameters;
    std::shared_ptr<const config::Configuration> configuration;
    std::filesystem::path outputDirectory;
    // Set by the action when it used a template: recorded in the audit log.
    mutable std::string templateVersion;

    // The runtime's office engine; hold the pointer while using it (a configuration reload
    // never takes the engine away from a run that still holds it).
    [[nodiscard]] std::shared_ptr<office::OfficeEngine> office() const {
        return runtime.officeEngine(*configuration);
    }
    // Files the run uploaded to the registry: {file name, SHA-256 of exactly the bytes
    // sent}; the audit log records these rather than hashing the local copy afterwards.
    mutable std::vector<std::pair<std::string, std::string>> uploaded;
};

// An optional date parameter (YYYY-MM-DD) for an action's descriptor.
[[nodiscard]] api::ParameterSpec dateParameter(const char* key, const char* label,
                                               const char* help);

class ActionBase : public api::ReportAction {
  public:
    [[nodiscard]] api::RunResult run(Runtime& runtime, const api::RunContext& context,
                                     api::ProgressListener& progress) noexcept final;

  protected:
    virtual api::RunResult execute(const ValidatedRun& run, api::ProgressListener& progress) = 0;
    // Throws ActionError(Cancelled) when the listener asks to stop.
    static void checkCancelled(const api::ProgressListener& progress);
};

}  // namespace committee_report::entry
