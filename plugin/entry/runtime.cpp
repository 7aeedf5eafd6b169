#include "runtime.h"

#include <Poco/Logger.h>

#include "attach_to_agenda_action.h"
#include "create_report_action.h"
#include "finalise_report_action.h"
#include "installation_check_action.h"
#include "logging.h"
#include "sample_action.h"

namespace committee_report::entry {

namespace {

std::filesystem::file_time_type modificationTime(const std::filesystem::path& file) {
    std::error_code error;
    const auto time = std::filesystem::last_write_time(file, error);
    return error ? std::filesystem::file_time_type{} : time;
}

std::string engineKey(const config::OfficeSettings& settings) {
    return settings.program.string() + "|" +
           (settings.workDirectory ? settings.workDirectory->string() : std::string()) + "|" +
           std::to_string(settings.processes) + "|" +
           std::to_string(settings.startTimeout.count()) + "|" +
           std::to_string(settings.jobTimeout.count()) + "|" +
           std::to_string(settings.queueTimeout.count()) + "|" +
           std::to_string(settings.maxJobsPerProcess) + "|" + std::to_string(settings.maxMemoryMb);
}

// The engine is shut down by whoever lets go of it last: the runtime when the settings change
// and no run holds it, or the last run that was still using it.
std::shared_ptr<office::OfficeEngine> shared(std::unique_ptr<office::OfficeEngine> engine) {
    return std::shared_ptr<office::OfficeEngine>(engine.release(), [](office::OfficeEngine* e) {
        try {
            e->shutdown();
        } catch (...) {
        }
        delete e;
    });
}

}  // namespace

Runtime::Runtime(std::filesystem::path configurationFile)
    : configurationFile_(std::move(configurationFile)) {
    configurationTime_ = modificationTime(configurationFile_);
    configuration_ = std::make_shared<const config::Configuration>(
        config::Configuration::load(configurationFile_));
    configureLogging(*configuration_);
    office::removeSocketsOfEndedHosts();  // of a host killed before (its office died with it)
    actions_.push_back(std::make_unique<CreateReportAction>());
    actions_.push_back(std::make_unique<FinaliseReportAction>());
    actions_.push_back(std::make_unique<AttachToAgendaAction>());
    actions_.push_back(std::make_unique<SampleAction>());
    actions_.push_back(std::make_unique<InstallationCheckAction>());
}

Runtime::~Runtime() {
    std::shared_ptr<office::OfficeEngine> engine;
    {
        std::lock_guard lock(mutex_);
        engine = std::move(engine_);
    }
    if (engine) engine->shutdown();
}

plugin_api::ReportAction* Runtime::find(const std::string& id) const {
    for (const auto& action : actions_)
        if (action->describe().id == id) return action.get();
    return nullptr;
}

std::shared_ptr<const config::Configuration> Runtime::configuration() {
    std::lock_guard lock(mutex_);
    const auto modified = modificationTime(configurationFile_);
    if (configuration_ && modified == configurationTime_) return configuration_;
    auto loaded = std::make_shared<const config::Configuration>(
        config::Configuration::load(configurationFile_));
    Poco::Logger::get("committee_report.entry")
        .information("configuration %s reloaded", configurationFile_.string());
    configurationTime_ = modified;
    configuration_ = loaded;
    configureLogging(*loaded);
    return loaded;
}

std::shared_ptr<office::OfficeEngine> Runtime::officeEngine(
    const config::Configuration& configuration) {
    std::shared_ptr<office::OfficeEngine> retired;
    std::lock_guard lock(mutex_);
    const auto& settings = configuration.office;
    const auto key = engineKey(settings);
    if (!engine_ || key != engineKey_) {
        office::OfficeEngineOptions options;
        options.program = settings.program;
        if (settings.workDirectory) options.workDirectory = *settings.workDirectory;
        options.processes = settings.processCount();
        options.startTimeout = settings.startTimeout;
        options.jobTimeout = settings.jobTimeout;
        options.queueTimeout = settings.queueTimeout;
        options.maxJobsPerProcess = settings.maxJobsPerProcess;
        options.maxMemoryMb = settings.maxMemoryMb;
        retired = std::move(engine_);  // shut down when the last run using it is done
        engine_ = shared(office::makeOfficeEngine(options));
        engineKey_ = key;
    }
    return engine_;
}

}  // namespace committee_report::entry
