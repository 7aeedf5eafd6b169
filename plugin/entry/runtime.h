// One open plugin: the administrator's configuration, the office engine it
// runs, and the actions. Every host — the C ABI, and through it the command
// line and the HTTP service — holds one Runtime per open configuration and
// passes it into each run; nothing is process-wide, so two runtimes (two
// configurations, or two tests) never share or destroy each other's state.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "action_api.h"
#include "config/configuration.h"
#include "office/office_engine.h"

namespace committee_report::entry {

class Runtime {
  public:
    // Loads and validates the configuration (throws config::XmlFileError) and points the
    // plugin's log at the configured file. The office processes start when a run needs them.
    explicit Runtime(std::filesystem::path configurationFile);
    // Stops the office processes this runtime started (waits for none of them to finish a job:
    // call it when no run is in progress).
    ~Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    [[nodiscard]] const std::vector<std::unique_ptr<plugin_api::ReportAction>>& actions() const {
        return actions_;
    }
    [[nodiscard]] plugin_api::ReportAction* find(const std::string& id) const;

    // The configuration as it is now: reloaded (and the log re-pointed) when its file has
    // changed since the last run. Throws config::XmlFileError for an invalid file; runs
    // already under way keep the configuration they started with.
    [[nodiscard]] std::shared_ptr<const config::Configuration> configuration();

    // The office engine for these settings, kept warm between runs. A run holds the returned
    // pointer for as long as it uses the engine: when the office settings change, the next
    // run gets a new engine and the old one is shut down only once the last run holding it
    // has let go of it.
    [[nodiscard]] std::shared_ptr<office::OfficeEngine> officeEngine(
        const config::Configuration& configuration);

    [[nodiscard]] const std::filesystem::path& configurationFile() const {
        return configurationFile_;
    }

  private:
    std::filesystem::path configurationFile_;
    std::vector<std::unique_ptr<plugin_api::ReportAction>> actions_;

    std::mutex mutex_;
    std::filesystem::file_time_type configurationTime_{};
    std::shared_ptr<const config::Configuration> configuration_;
    std::shared_ptr<office::OfficeEngine> engine_;
    std::string engineKey_;
};

}  // namespace committee_report::entry
