// The actions' internal interface: what an action describes and how a run is
// passed to it. Internal to the plugin library since interface version 1 of the
// C ABI (committee_report/committee_report.h), which is the only door a host
// sees: the C ABI, the command-line host and the HTTP service all reach these
// types through it, so they never cross the library boundary.
//
// Rules kept from when this was the public C++ interface:
// - run() is noexcept: failures come back as RunResult::status with a Swedish
//   message for the official and an English detail for the administrator's log.
// - run() may be called from any thread and concurrently for different runs;
//   it blocks until the run is done, reporting progress through the listener,
//   and stops early (status Cancelled) when the listener asks it to.
// - No personal data is ever put in a result or a message.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace committee_report::entry {
class Runtime;
}

namespace committee_report::plugin_api {
inline namespace v1 {

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
    std::string userId;  // acting user's id (never a name); goes to the audit log
    std::string client;  // the host or DMS client that asked (audit log); empty = unknown
    std::vector<std::string> userRoles;
    std::string caseDnr;    // for Menu::Case
    std::string meetingId;  // for Menu::Meeting
    std::map<std::string, std::string> parameters;
    std::string outputDirectory;  // empty = the configured one
};

// Ok, InvalidInput, NotAllowed, Refused, Unavailable, Failed, Cancelled: the same values
// every error of the plugin carries (core/error.h).
using Status = committee_report::Status;

// The status as every door names it: the C interface's "status", the service's run state,
// the audit log's "result".
[[nodiscard]] constexpr const char* statusName(Status status) {
    switch (status) {
        case Status::Ok:
            return "ok";
        case Status::InvalidInput:
            return "invalid";
        case Status::NotAllowed:
            return "not-allowed";
        case Status::Refused:
            return "refused";
        case Status::Unavailable:
            return "unavailable";
        case Status::Failed:
            return "failed";
        case Status::Cancelled:
            return "cancelled";
    }
    return "failed";
}

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
    // The registry entry (handling) the run drew up or finalised, created now or earlier;
    // empty when it worked on none. What a DMS links to ("entry" in the result JSON).
    std::string entryId;
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
    // `runtime` is the open plugin the run belongs to: its configuration, office engine and
    // audit log (passed in; there is no process-wide runtime).
    [[nodiscard]] virtual RunResult run(entry::Runtime& runtime, const RunContext& context,
                                        ProgressListener& progress) noexcept = 0;
};

}  // namespace v1
}  // namespace committee_report::plugin_api
