#include "fakes/fake_committee_report.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <unistd.h>

#include "committee_report/committee_report.h"

struct cr_plugin {
    std::string configuration;
    std::filesystem::path output;
};

namespace committee_report::tests::fake_plugin {
namespace {
std::atomic<int> started{0};
std::mutex mutex;
std::condition_variable released;
bool held = false;
std::string heldStage = "i-ko";
std::string last;
}  // namespace

int runsStarted() { return started.load(); }
std::string lastRequest() {
    std::lock_guard lock(mutex);
    return last;
}
void hold(bool value) {
    {
        std::lock_guard lock(mutex);
        held = value;
    }
    released.notify_all();
}
void holdStage(const std::string& stage) {
    std::lock_guard lock(mutex);
    heldStage = stage;
}
void reset() {
    started = 0;
    hold(false);
    holdStage("i-ko");
}

}  // namespace committee_report::tests::fake_plugin

namespace {

namespace fake = committee_report::tests::fake_plugin;

char* copy(const std::string& text) {
    char* out = static_cast<char*>(std::malloc(text.size() + 1));
    std::memcpy(out, text.c_str(), text.size() + 1);
    return out;
}

const char* const kActions = R"({"apiVersion":1,"libraryVersion":"fake","actions":[
{"id":"skapa-tjansteskrivelse","label":"Skapa tjänsteskrivelse","description":"Sammanställer hot, desinformation och förebyggande arbete ur diariet.","menu":"case","requiredRole":"handlaggare","parameters":[
 {"key":"from","label":"Från och med","type":"date","default":"","required":false,"help":"Första dagen i redovisningsperioden."},
 {"key":"to","label":"Till och med","type":"date","default":"","required":false,"help":"Sista dagen i redovisningsperioden."},
 {"key":"ny-version","label":"Skapa ny version","type":"boolean","default":"nej","required":false,"help":"ja: skapa en ny version."}]},
{"id":"kontrollera-installation","label":"Kontrollera installationen","description":"Kontrollerar installationen.","menu":"administration","requiredRole":"administrator","parameters":[]},
{"id":"provutskrift","label":"Provutskrift av mall","description":"Skriver ut mallen med exempeldata.","menu":"administration","requiredRole":"administrator","parameters":[]}]})";

int finish(char** result_json, int code, const std::string& status, const std::string& message,
           const Poco::JSON::Array& files = {}, const Poco::JSON::Array& ids = {}) {
    if (result_json) {
        Poco::JSON::Object result;
        result.set("status", status);
        result.set("message", message);
        result.set("logDetail", "fake plugin: " + status);
        result.set("files", files);
        result.set("createdIds", ids);
        if (ids.size() > 0) result.set("entry", ids.get(0));
        result.set("warnings", Poco::JSON::Array());
        Poco::JSON::Array checks;
        Poco::JSON::Object check;
        check.set("name", "Konfigurationen");
        check.set("ok", true);
        check.set("message", "Giltig");
        check.set("fix", "");
        checks.add(check);
        result.set("checks", checks);
        std::ostringstream out;
        result.stringify(out);
        *result_json = copy(out.str());
    }
    return code;
}

}  // namespace

extern "C" {

int cr_api_version(void) { return CR_API_VERSION; }
const char* cr_library_version(void) { return "fake"; }

int cr_open(const char* configuration_file, cr_plugin** out, char** error_json) {
    *out = new cr_plugin{configuration_file ? configuration_file : "",
                         std::filesystem::temp_directory_path()};
    if (error_json) *error_json = nullptr;
    return CR_OK;
}

char* cr_actions_json(cr_plugin* plugin) { return plugin ? copy(kActions) : nullptr; }

int cr_run_json(cr_plugin* plugin, const char* request_json, cr_progress_fn progress, void* user,
                char** result_json) {
    Poco::JSON::Object::Ptr request;
    try {
        Poco::JSON::Parser parser;
        request = parser.parse(request_json).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
        return finish(result_json, CR_INVALID, "invalid", "Begäran är inte giltig JSON.");
    }
    {
        std::lock_guard lock(fake::mutex);
        fake::last = request_json;
    }
    const auto action = request->optValue<std::string>("action", "");
    std::string role = action == "skapa-tjansteskrivelse" ? "handlaggare" : "administrator";
    bool allowed = false;
    if (const auto roles = request->getArray("roles"))
        for (std::size_t i = 0; i < roles->size(); ++i)
            allowed = allowed || roles->getElement<std::string>(static_cast<unsigned>(i)) == role;
    if (!allowed)
        return finish(result_json, CR_NOT_ALLOWED, "not-allowed",
                      "Du saknar rollen " + role + " som åtgärden kräver.");
    ++fake::started;
    {
        std::unique_lock lock(fake::mutex);
        const auto stage = fake::heldStage;  // this run's, as it was when it started
        while (fake::held) {
            fake::released.wait_for(lock, std::chrono::milliseconds(20));
            lock.unlock();
            const bool stop = progress && progress(user, stage.c_str(), 0.0, "Väntar") != 0;
            lock.lock();
            if (stop) {
                lock.unlock();
                return finish(result_json, CR_CANCELLED, "cancelled", "Körningen avbröts.");
            }
        }
    }
    // CR_FAKE_STEP_MS slows the steps down for the browser test, which watches the bar.
    const char* stepText = std::getenv("CR_FAKE_STEP_MS");
    const int stepMs = stepText ? std::atoi(stepText) : 15;
    for (int step = 1; step <= 10; ++step) {
        std::this_thread::sleep_for(std::chrono::milliseconds(stepMs));
        if (progress && progress(user, step < 10 ? "beraknar" : "klar", step / 10.0,
                                 ("Steg " + std::to_string(step) + " av 10").c_str()) != 0)
            return finish(result_json, CR_CANCELLED, "cancelled", "Körningen avbröts.");
    }
    Poco::JSON::Array files, ids;
    if (action == "skapa-tjansteskrivelse") {
        const auto file = plugin->output / ("fake-" + std::to_string(fake::started.load()) + "-" +
                                            std::to_string(::getpid()) + ".pdf");
        std::ofstream(file) << "%PDF-1.7\n% fake report\n";
        files.add(file.string());
        ids.add("fake-entry-1");
    }
    return finish(result_json, CR_OK, "ok", "Klart.", files, ids);
}

void cr_free(char* text) { std::free(text); }
void cr_close(cr_plugin* plugin) { delete plugin; }

}  // extern "C"
