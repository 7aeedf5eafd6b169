// Where the registry client's bearer token comes from: a file only its owner
// can read, or an environment variable. The token is held in memory only and
// never written to a log line, an error message or an exception.
#pragma once

#include <filesystem>
#include <string>

#include "config/configuration.h"

namespace committee_report::registry {

// Reads the token named by the settings. Throws RegistryError (Configuration)
// when the file is readable or writable by group or others (the message says
// to run chmod 600), cannot be read, or the file/variable is empty.
[[nodiscard]] std::string loadBearerToken(const config::RegistrySettings& settings);

[[nodiscard]] std::string readTokenFile(const std::filesystem::path& file);
[[nodiscard]] std::string readTokenEnvironment(const std::string& variable);

}  // namespace committee_report::registry
