// Loads the committee-report plugin the way a DMS does: checks its interface
// version, then reads its Poco ClassLoader manifest and creates its actions.
#pragma once

#include <Poco/ClassLoader.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "committee_report/plugin_api.h"

namespace committee_report::cli {

namespace api = committee_report::plugin_api;

// A plugin that cannot be used; what() is Swedish and says what to do.
class PluginLoadError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct LoadedAction {
    api::ActionDescriptor descriptor;
    api::ReportAction* action = nullptr;  // owned by LoadedPlugin
};

class LoadedPlugin {
  public:
    // Throws PluginLoadError for a missing file, a library that is not a
    // committee-report plugin, or one built for another interface version.
    explicit LoadedPlugin(const std::filesystem::path& library);
    // Destroys the actions and unloads the library (which stops its office processes).
    ~LoadedPlugin();
    LoadedPlugin(const LoadedPlugin&) = delete;
    LoadedPlugin& operator=(const LoadedPlugin&) = delete;

    [[nodiscard]] const std::vector<LoadedAction>& actions() const { return actions_; }
    [[nodiscard]] const LoadedAction* find(const std::string& id) const;
    [[nodiscard]] const std::filesystem::path& library() const { return library_; }

  private:
    std::filesystem::path library_;
    Poco::ClassLoader<api::ReportAction> loader_;
    std::vector<std::unique_ptr<api::ReportAction>> instances_;
    std::vector<LoadedAction> actions_;
};

// The plugin's interface version, read without loading its manifest.
[[nodiscard]] int pluginApiVersion(const std::filesystem::path& library);

}  // namespace committee_report::cli
