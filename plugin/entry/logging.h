// The plugin's log: every logger under "committee_report" (entry, registry, office …)
// writes to the configured file at the configured level, rotated as configured.
#pragma once

#include "config/configuration.h"

namespace committee_report::entry {

// Points "committee_report" and every logger under it — those that exist and those made
// later — at the configured file (<log file=… level=… rotate-mb=… keep=…>). Warnings and
// errors also still reach what the host put on the root logger (the terminal, for the
// committee-report host). Without a file the level is set and the root's channel kept.
// Called on every configuration (re)load; a second call with the same settings keeps the
// open file. A log file that cannot be opened is reported on the host's channel once (as an
// error) and the plugin logs to the host only; doctor's "Loggmapp" check says what to fix.
void configureLogging(const config::Configuration& configuration);

}  // namespace committee_report::entry
