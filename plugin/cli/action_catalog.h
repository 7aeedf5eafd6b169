// The plugin's actions as the CLI reads them from cr_actions_json(): the shared parser
// in plugin/catalog (the HTTP service uses the same one), under the CLI's names.
#pragma once

#include "catalog/action_catalog.h"

namespace committee_report::cli {

using catalog::ActionCatalog;
using catalog::ActionInfo;
using catalog::ParameterInfo;

}  // namespace committee_report::cli
