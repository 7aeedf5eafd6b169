// The plugin's actions as the service knows them (parsed from cr_actions_json), and
// the checks a run request passes before anything is started: the action exists, the
// case or meeting it needs is there, every parameter is known and well formed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace committee_report::service {

struct ParameterInfo {
    std::string key;
    std::string type;  // text|date|choice|integer|boolean
    std::vector<std::string> allowedValues;
    bool required = false;
    std::string label;
};

struct ActionInfo {
    std::string id;
    std::string label;
    std::string menu;  // case|meeting|administration
    std::vector<ParameterInfo> parameters;
    std::string json;  // the action's whole descriptor object, for the panel
};

// A request to run an action, as the DMS or the panel asked for it.
struct RunRequest {
    std::string action;
    std::string caseDnr;
    std::string meeting;
    std::string user;
    std::vector<std::string> roles;
    std::map<std::string, std::string> parameters;
    std::string client;    // the DMS client ("panel" for the panel), for the audit log
    std::string limitKey;  // whose concurrency limit the run counts against

    // The request JSON of cr_run_json.
    [[nodiscard]] std::string toPluginJson() const;
};

class ActionCatalog {
  public:
    ActionCatalog() = default;
    // Throws std::runtime_error when the JSON is not the plugin's actions document.
    explicit ActionCatalog(const std::string& actionsJson);

    [[nodiscard]] const std::string& json() const { return json_; }
    [[nodiscard]] const ActionInfo* find(const std::string& id) const;

    // Throws ApiError(400/404) with a Swedish message naming what to correct.
    void check(const RunRequest& request) const;

  private:
    std::string json_;
    std::map<std::string, ActionInfo> actions_;
};

// Parses a POST /api/v1/runs body. Throws ApiError(400) for malformed JSON, unknown
// keys, wrong types and oversized values.
[[nodiscard]] RunRequest parseRunRequest(const std::string& body);
// The panel's body: {"parameters":{…}} only.
[[nodiscard]] std::map<std::string, std::string> parsePanelParameters(const std::string& body);

}  // namespace committee_report::service
