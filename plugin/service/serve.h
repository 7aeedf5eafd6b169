// `committee-report --config FILE serve [--listen HOST:PORT]`: the HTTP service as a
// long-running process (systemd's committee-report.service).
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

namespace committee_report::service {

struct ServeOptions {
    std::string configurationFile;      // the administrator's configuration (XML)
    std::optional<std::string> listen;  // overrides <service><listen>
    std::ostream* out = nullptr;        // where the base URL goes (default std::cout)
    std::ostream* err = nullptr;        // Swedish messages on failure (default std::cerr)
};

// Opens the plugin through its C interface, listens, prints the base URL (e.g.
// "http://127.0.0.1:41234") as the first line on `out`, then serves until SIGTERM or
// SIGINT: no new connections, runs in flight get <shutdown-seconds> to finish and are
// then cancelled, the office processes are stopped. SIGHUP re-reads the configuration
// (tokens, secret, limits, the plugin's own settings) without breaking runs in flight.
// Returns the process exit code (0; 2 for an unusable configuration; 1 otherwise).
int serve(const ServeOptions& options);

}  // namespace committee_report::service
