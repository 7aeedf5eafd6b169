// The HTTP service a DMS calls: API v1 (runs, events, files), health and metrics,
// and the web panel opened from a signed link. A thin door: every action runs through
// the plugin's C interface (committee_report::c_api::Plugin), nothing is done here
// that the CLI or an in-process host could not do the same way.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "committee_report/committee_report.hpp"
#include "config/configuration.h"

namespace committee_report::service {

class RunRegistry;

class HttpService {
  public:
    // Reads the token and secret files now; throws std::runtime_error (English, for the
    // log) when the settings cannot be used. `listen` overrides settings.listen.
    HttpService(const config::ServiceSettings& settings,
                std::shared_ptr<const c_api::Plugin> plugin,
                const std::optional<std::string>& listen = std::nullopt);
    ~HttpService();
    HttpService(const HttpService&) = delete;
    HttpService& operator=(const HttpService&) = delete;

    // Starts listening; baseUrl() is then e.g. "http://127.0.0.1:41234".
    void start();
    [[nodiscard]] std::string baseUrl() const;

    // New tokens, secret, limits and plugin for what comes next; runs in flight keep
    // the plugin they started with. The listen address and TLS stay as they are.
    void reload(const config::ServiceSettings& settings,
                std::shared_ptr<const c_api::Plugin> plugin);

    // Stops accepting connections; runs in flight get `grace` to finish, then are
    // cancelled; returns when none is left.
    void stop(std::chrono::seconds grace);

    [[nodiscard]] RunRegistry& runs();

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace committee_report::service
