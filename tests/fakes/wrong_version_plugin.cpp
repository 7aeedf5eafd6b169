// A plugin built for another interface version: the host must refuse it
// before touching its manifest.
#include <Poco/ClassLibrary.h>

#include "committee_report/plugin_api.h"

extern "C" POCO_LIBRARY_API int committeeReportPluginApiVersion() {
    return committee_report::plugin_api::kApiVersion + 98;
}

POCO_BEGIN_MANIFEST(committee_report::plugin_api::ReportAction)
POCO_END_MANIFEST
