// committee-report plugin interface, version 1.
//
// This header is all a DMS vendor needs to host the committee-report plugin.
// The plugin is a shared library (committee-report-plugin.so) that exports:
//
//   extern "C" int committeeReportPluginApiVersion();   // must equal kApiVersion
//   a Poco ClassLoader manifest (pocoBuildManifest) of classes derived from
//   committee_report::plugin_api::v1::ReportAction
//
// A host first checks committeeReportPluginApiVersion() and refuses a plugin
// built for another version; then it loads the manifest with
// Poco::ClassLoader<ReportAction>, creates each action once, and asks it to
// describe() itself to build its menus and parameter dialogs. Both sides must
// be built with the same compiler and standard library (the interface passes
// std::string and std::vector).
//
// Rules of the boundary:
// - No exception crosses it: every function is noexcept; failures come back as
//   RunResult::status with a Swedish message for the official and an English
//   detail for the administrator's log.
// - run() may be called from any thread and concurrently for different runs;
//   it blocks until the run is done, reporting progress through the listener,
//   and stops early (status Cancelled) when the listener asks it to.
// - Registry ids and file paths in the result are the only things a host needs
//   to show or link; no personal data is ever put in a result or a message.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace committee_report::plugin_api {
inline namespace v1 {

inline constexpr int kApiVersion = 1;

// Where a DMS shows the action.
enum class Menu {
    Case,            // on a case (ärende): the run gets RunContext::caseDnr
    Meeting,         // on a committee meeting (sammanträde): the run gets RunContext::meetingId
    Administration,  // in the administrator's tools
};

enum class ParameterType { Text, Date, Choice, Integer, Boolean };

// One field of the dialog a DMS draws before a run.
struct ParameterSpec {
    std::string key;    // passed back in RunContext::parameters, e.g. "from"
    std::string label;  // Swedish label, e.g. "Från och med"
    ParameterType type = ParameterType::Text;
    std::string defaultValue;                // empty = no default; dates as YYYY-MM-DD
    std::vector<std::string> allowedValues;  // for Choice
    bool required = false;
    std::string help;  // Swedish help text: what the value means and its format
};

struct ActionDescriptor {
    std::string id;           // stable identifier, e.g. "skapa-tjansteskrivelse"
    std::string label;        // Swedish menu label, e.g. "Skapa tjänsteskrivelse"
    std::string description;  // Swedish, one sentence
    Menu menu = Menu::Case;
    std::string requiredRole;  // role the acting user needs, e.g. "handlaggare"
    std::vector<ParameterSpec> parameters;
};

struct RunContext {
    std::string configurationFile;  // the administrator's configuration (XML)
    std::string userId;             // acting user's id (never a name); goes to the audit log
    std::vector<std::string> userRoles;
    std::string caseDnr;    // for Menu::Case
    std::string meetingId;  // for Menu::Meeting
    std::map<std::string, std::string> parameters;
    std::string outputDirectory;  // empty = the configured one
};

enum class Status {
    Ok,
    InvalidInput,  // a parameter or the context is wrong; the message says which
    NotAllowed,    // the user lacks the role
    Refused,       // the action will not do this (e.g. unfilled places in a draft); see warnings
    Unavailable,   // a service (registry, office) could not be reached; try again later
    Failed,        // anything else; the detail is for the log
    Cancelled,
};

// One check of an installation, as the administrator sees it.
struct CheckResult {
    std::string name;  // Swedish, e.g. "Kontorsprogrammet startar och skapar PDF/A"
    bool ok = false;
    std::string message;  // what was found
    std::string fix;      // what to do when it failed
};

struct RunResult {
    Status status = Status::Ok;
    std::string message;                  // Swedish, for the official
    std::string logDetail;                // English, for the administrator's log
    std::vector<std::string> createdIds;  // registry systemIds created by the run
    std::vector<std::string> files;       // files written (absolute paths)
    std::vector<std::string> warnings;    // Swedish
    std::vector<CheckResult> checks;      // for administration actions
};

class ProgressListener {
  public:
    virtual ~ProgressListener() = default;
    // stage: a stable id ("hamtar", "beraknar", "skapar-dokument" …); fraction 0..1;
    // message: Swedish, for the official.
    virtual void onProgress(std::string_view stage, double fraction,
                            std::string_view message) noexcept = 0;
    // Polled between steps; true stops the run with Status::Cancelled.
    [[nodiscard]] virtual bool cancelRequested() const noexcept = 0;
};

class ReportAction {
  public:
    virtual ~ReportAction() = default;
    [[nodiscard]] virtual ActionDescriptor describe() const noexcept = 0;
    [[nodiscard]] virtual RunResult run(const RunContext& context,
                                        ProgressListener& progress) noexcept = 0;
};

}  // namespace v1
}  // namespace committee_report::plugin_api

// Exported by the plugin library; the host compares it with kApiVersion before loading the
// manifest.
extern "C" int committeeReportPluginApiVersion();
