// committee-report: a thin, header-only C++17 layer over the C interface
// (committee_report.h) for C++ hosts. It adds ownership (RAII) and std::string,
// nothing else: every call goes through the same C entry points a .NET, Java or
// Python host uses, so a C++ host need not share our compiler, standard library
// or Poco. JSON stays JSON; parse it with the library of your choice.
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "committee_report.h"

namespace committee_report::c_api {

// Owns a string the library returned.
struct FreeText {
    void operator()(char* text) const noexcept { cr_free(text); }
};
using Text = std::unique_ptr<char, FreeText>;

inline std::string take(char* text) {
    Text owned(text);
    return owned ? std::string(owned.get()) : std::string();
}

// cr_open failed: what() is the error JSON ({"status","message","logDetail"}).
class OpenError : public std::runtime_error {
  public:
    OpenError(int code, const std::string& errorJson)
        : std::runtime_error(errorJson), code_(code) {}
    [[nodiscard]] int code() const noexcept { return code_; }

  private:
    int code_;
};

struct RunOutcome {
    int code = CR_FAILED;    // CR_OK …
    std::string resultJson;  // see cr_run_json
};

// Return true to ask the run to stop.
using ProgressFunction =
    std::function<bool(const char* stage, double fraction, const char* message)>;

class Plugin {
  public:
    // Throws OpenError when the configuration cannot be used.
    explicit Plugin(const std::string& configurationFile) {
        cr_plugin* handle = nullptr;
        char* error = nullptr;
        const int code = cr_open(configurationFile.c_str(), &handle, &error);
        if (code != CR_OK) throw OpenError(code, take(error));
        cr_free(error);
        handle_.reset(handle);
    }

    [[nodiscard]] std::string actionsJson() const { return take(cr_actions_json(handle_.get())); }

    // Blocks until the run is done; safe to call from several threads at once.
    [[nodiscard]] RunOutcome run(const std::string& requestJson,
                                 const ProgressFunction& progress = {}) const {
        char* result = nullptr;
        RunOutcome outcome;
        outcome.code = cr_run_json(handle_.get(), requestJson.c_str(),
                                   progress ? &Plugin::forward : nullptr,
                                   const_cast<ProgressFunction*>(&progress), &result);
        outcome.resultJson = take(result);
        return outcome;
    }

    [[nodiscard]] cr_plugin* handle() const noexcept { return handle_.get(); }

  private:
    static int forward(void* user, const char* stage, double fraction,
                       const char* message) noexcept {
        try {
            return (*static_cast<ProgressFunction*>(user))(stage, fraction, message) ? 1 : 0;
        } catch (...) {
            return 1;  // a callback that throws asks the run to stop
        }
    }
    struct Close {
        void operator()(cr_plugin* handle) const noexcept { cr_close(handle); }
    };
    std::unique_ptr<cr_plugin, Close> handle_;
};

}  // namespace committee_report::c_api
