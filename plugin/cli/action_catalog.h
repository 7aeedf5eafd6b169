// The plugin's actions as the host reads them from cr_actions_json(): what the
// `actions` listing, the descriptor and the service's panel are built from.
#pragma once

#include <string>
#include <vector>

namespace committee_report::cli {

struct ParameterInfo {
    std::string key;
    std::string label;
    std::string type;  // text | date | choice | integer | boolean
    std::string defaultValue;
    std::vector<std::string> allowedValues;
    bool required = false;
    std::string help;
};

struct ActionInfo {
    std::string id;
    std::string label;
    std::string description;
    std::string menu;  // case | meeting | administration
    std::string requiredRole;
    std::vector<ParameterInfo> parameters;
};

struct ActionCatalog {
    int apiVersion = 0;
    std::string libraryVersion;
    std::vector<ActionInfo> actions;

    [[nodiscard]] const ActionInfo* find(const std::string& id) const;
    // Throws std::runtime_error when the text is not the plugin's actions JSON.
    [[nodiscard]] static ActionCatalog parse(const std::string& actionsJson);
};

}  // namespace committee_report::cli
