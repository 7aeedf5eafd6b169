// The plugin's actions as the service knows them (cr_actions_json, read by the parser
// the CLI shares: plugin/catalog), and the checks a run request passes before anything is started: the action exists, the
// case or meeting it needs is there, every parameter is known and well formed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/action_catalog.h"

namespace committee_report::service {

using catalog::ActionInfo;
using catalog::ParameterInfo;

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

    [[nodiscard]] const std::string& json() const { return catalog_.json; }
    [[nodiscard]] const ActionInfo* find(const std::string& id) const {
        return catalog_.find(id);
    }

    // Throws ApiError(400/404) with a Swedish message naming what to correct.
    void check(const RunRequest& request) const;

  private:
    catalog::ActionCatalog catalog_;
};

// Parses a POST /api/v1/runs body. Throws ApiError(400) for malformed JSON, unknown
// keys, wrong types and oversized values.
[[nodiscard]] RunRequest parseRunRequest(const std::string& body);
// The panel's body: {"parameters":{…}} only.
[[nodiscard]] std::map<std::string, std::string> parsePanelParameters(const std::string& body);

}  // namespace committee_report::service
