#include "plugin_runtime.h"

#include "logging.h"

namespace committee_report::entry {

PluginRuntime& PluginRuntime::instance() {
    static PluginRuntime runtime;
    return runtime;
}

std::shared_ptr<const config::Configuration> PluginRuntime::configuration(const std::string& file) {
    std::lock_guard lock(mutex_);
    std::error_code error;
    const auto modified = std::filesystem::last_write_time(file, error);
    if (configuration_ && file == configurationFile_ && !error && modified == configurationTime_)
        return configuration_;
    auto loaded = std::make_shared<const config::Configuration>(config::Configuration::load(file));
    configurationFile_ = file;
    configurationTime_ = modified;
    configuration_ = loaded;
    entry::configureLogging(*loaded);
    return loaded;
}

office::OfficeEngine& PluginRuntime::officeEngine(const config::Configuration& configuration) {
    std::lock_guard lock(mutex_);
    const auto& settings = configuration.office;
    const std::string key =
        settings.program.string() + "|" +
        (settings.workDirectory ? settings.workDirectory->string() : std::string()) + "|" +
        std::to_string(settings.processes) + "|" + std::to_string(settings.startTimeout.count()) +
        "|" + std::to_string(settings.jobTimeout.count()) + "|" +
        std::to_string(settings.queueTimeout.count()) + "|" +
        std::to_string(settings.maxJobsPerProcess) + "|" + std::to_string(settings.maxMemoryMb);
    if (!engine_ || key != engineKey_) {
        if (engine_) engine_->shutdown();
        office::OfficeEngineOptions options;
        options.program = settings.program;
        if (settings.workDirectory) options.workDirectory = *settings.workDirectory;
        options.processes = settings.processes;
        options.startTimeout = settings.startTimeout;
        options.jobTimeout = settings.jobTimeout;
        options.queueTimeout = settings.queueTimeout;
        options.maxJobsPerProcess = settings.maxJobsPerProcess;
        options.maxMemoryMb = settings.maxMemoryMb;
        engine_ = office::makeOfficeEngine(options);
        engineKey_ = key;
    }
    return *engine_;
}

void PluginRuntime::shutdown() {
    std::unique_ptr<office::OfficeEngine> engine;
    {
        std::lock_guard lock(mutex_);
        engine = std::move(engine_);
        configuration_.reset();
    }
    if (engine) engine->shutdown();
}

}  // namespace committee_report::entry
