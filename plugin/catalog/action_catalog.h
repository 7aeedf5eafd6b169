// The plugin's actions as a host reads them from cr_actions_json(): the one parser the
// CLI (`actions`, the descriptor) and the HTTP service (its checks, the panel) share.
#pragma once

#include <string>
#include <vector>

namespace committee_report::catalog {

struct ParameterInfo {
    std::string key;
    std::string label;  // the key when the descriptor has none
    std::string type;   // text | date | choice | integer | boolean ("text" when absent)
    std::string defaultValue;
    std::vector<std::string> allowedValues;
    bool required = false;
    std::string help;
};

struct ActionInfo {
    std::string id;
    std::string label;  // the id when the descriptor has none
    std::string description;
    std::string menu;  // case | meeting | administration ("case" when absent)
    std::string requiredRole;
    std::vector<ParameterInfo> parameters;
    std::string json;  // the action's whole descriptor object, as the panel builds its form
};

struct ActionCatalog {
    int apiVersion = 0;
    std::string libraryVersion;
    std::vector<ActionInfo> actions;  // in the plugin's order
    std::string json;                 // the whole document, as GET /api/v1/actions serves it

    [[nodiscard]] const ActionInfo* find(const std::string& id) const;
    // Throws std::runtime_error (English, for the log) when the text is not the plugin's
    // actions JSON.
    [[nodiscard]] static ActionCatalog parse(const std::string& actionsJson);
};

}  // namespace committee_report::catalog
