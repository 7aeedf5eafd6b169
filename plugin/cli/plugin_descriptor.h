// The plugin descriptor (schemas/plugin-descriptor.xsd): what a DMS reads to
// register the plugin's menu entries and draw their dialogs, written from the
// actions the loaded plugin describes, so it can never drift from the plugin.
#pragma once

#include <string>

#include "action_catalog.h"

namespace committee_report::cli {

// `library` is the plugin library's file name as a DMS loads it.
[[nodiscard]] std::string pluginDescriptorXml(const ActionCatalog& catalog,
                                              const std::string& library,
                                              const std::string& version);

}  // namespace committee_report::cli
