// The plugin library's exports: its interface version and the ClassLoader
// manifest of its actions. Loading and unloading hooks manage the office engine.
#include <Poco/ClassLibrary.h>

#include "attach_to_agenda_action.h"
#include "committee_report/plugin_api.h"
#include "create_report_action.h"
#include "finalise_report_action.h"
#include "installation_check_action.h"
#include "plugin_runtime.h"
#include "sample_action.h"

#ifndef COMMITTEE_REPORT_PLUGIN_API_VERSION
#define COMMITTEE_REPORT_PLUGIN_API_VERSION committee_report::plugin_api::kApiVersion
#endif

extern "C" POCO_LIBRARY_API int committeeReportPluginApiVersion() {
    return COMMITTEE_REPORT_PLUGIN_API_VERSION;
}

POCO_BEGIN_MANIFEST(committee_report::plugin_api::ReportAction)
POCO_EXPORT_CLASS(committee_report::entry::CreateReportAction)
POCO_EXPORT_CLASS(committee_report::entry::FinaliseReportAction)
POCO_EXPORT_CLASS(committee_report::entry::AttachToAgendaAction)
POCO_EXPORT_CLASS(committee_report::entry::SampleAction)
POCO_EXPORT_CLASS(committee_report::entry::InstallationCheckAction)
POCO_END_MANIFEST

void pocoInitializeLibrary() {}

// Called by Poco::ClassLoader when the host unloads the plugin: no office process outlives it.
void pocoUninitializeLibrary() { committee_report::entry::PluginRuntime::instance().shutdown(); }
