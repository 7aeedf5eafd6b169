// What the plugin keeps between runs inside one host process: the parsed
// configuration and the warm office engine. Created on first use, shut down
// when the library is unloaded (pocoUninitializeLibrary).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "config/configuration.h"
#include "office/office_engine.h"

namespace committee_report::entry {

class PluginRuntime {
  public:
    static PluginRuntime& instance();

    // The configuration in `file`, validated; cached until the file changes.
    // Also points the plugin's log at the configured file.
    [[nodiscard]] std::shared_ptr<const config::Configuration> configuration(
        const std::string& file);
    // The office engine for these settings, started lazily and kept warm.
    [[nodiscard]] office::OfficeEngine& officeEngine(const config::Configuration& configuration);
    // Stops the office processes. Safe to call more than once.
    void shutdown();

  private:
    PluginRuntime() = default;

    std::mutex mutex_;
    std::string configurationFile_;
    std::filesystem::file_time_type configurationTime_{};
    std::shared_ptr<const config::Configuration> configuration_;
    std::unique_ptr<office::OfficeEngine> engine_;
    std::string engineKey_;
};

}  // namespace committee_report::entry
