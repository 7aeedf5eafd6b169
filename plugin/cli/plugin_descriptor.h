// The plugin descriptor (schemas/plugin-descriptor.xsd): what a DMS reads to
// register the plugin's menu entries and draw their dialogs, written from the
// actions the loaded plugin describes, so it can never drift from the plugin.
#pragma once

#include <string>

#include "plugin_loader.h"

namespace committee_report::cli {

[[nodiscard]] std::string pluginDescriptorXml(const LoadedPlugin& plugin,
                                              const std::string& version);

}  // namespace committee_report::cli
