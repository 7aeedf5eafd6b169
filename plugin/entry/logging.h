// Points the plugin's loggers (committee_report and every logger below it,
// including those created later) at the configured log file and level.
#pragma once

#include "config/configuration.h"

namespace committee_report::entry {

// Poco loggers are process-wide: with two configurations open in one process, the
// one configured last decides where the plugin logs.
void configureLogging(const config::Configuration& configuration);

}  // namespace committee_report::entry
