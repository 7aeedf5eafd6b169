#include "plugin_loader.h"

#include <Poco/Exception.h>
#include <Poco/SharedLibrary.h>

#include <algorithm>

namespace committee_report::cli {

namespace {
const char* const kVersionSymbol = "committeeReportPluginApiVersion";
}

int pluginApiVersion(const std::filesystem::path& library) {
    if (!std::filesystem::exists(library))
        throw PluginLoadError(
            "Tillägget " + library.string() +
            " finns inte. Installera paketet committee-report eller rätta <plugin> i "
            "konfigurationen.");
    try {
        Poco::SharedLibrary shared(library.string());
        if (!shared.hasSymbol(kVersionSymbol)) {
            shared.unload();
            throw PluginLoadError(
                library.string() +
                " är inte ett committee-report-tillägg (funktionen committeeReportPluginApiVersion "
                "saknas). Rätta <plugin> i konfigurationen.");
        }
        auto* version = reinterpret_cast<int (*)()>(shared.getSymbol(kVersionSymbol));
        const int value = version();
        shared.unload();
        return value;
    } catch (const Poco::LibraryLoadException& error) {
        throw PluginLoadError(
            "Tillägget " + library.string() + " kan inte laddas: " + error.message() +
            ". Kontrollera att paketets beroenden (Poco, LibreOffice) är installerade.");
    }
}

LoadedPlugin::LoadedPlugin(const std::filesystem::path& library) : library_(library) {
    const int version = pluginApiVersion(library);
    if (version != api::kApiVersion)
        throw PluginLoadError(
            "Tillägget " + library.string() + " är byggt för gränssnittsversion " +
            std::to_string(version) + ", men programmet kräver version " +
            std::to_string(api::kApiVersion) +
            ". Installera tillägg och program från samma version av paketet committee-report.");
    try {
        loader_.loadLibrary(library.string());
    } catch (const Poco::Exception& error) {
        throw PluginLoadError("Tillägget " + library.string() +
                              " kan inte laddas: " + error.displayText());
    }
    for (auto manifest = loader_.begin(); manifest != loader_.end(); ++manifest) {
        for (auto meta = manifest->second->begin(); meta != manifest->second->end(); ++meta) {
            std::unique_ptr<api::ReportAction> instance(meta->create());
            actions_.push_back(LoadedAction{instance->describe(), instance.get()});
            instances_.push_back(std::move(instance));
        }
    }
    std::sort(actions_.begin(), actions_.end(), [](const LoadedAction& a, const LoadedAction& b) {
        return a.descriptor.id < b.descriptor.id;
    });
}

LoadedPlugin::~LoadedPlugin() {
    actions_.clear();
    instances_.clear();  // destructors live in the library: destroy before unloading
    try {
        loader_.unloadLibrary(library_.string());
    } catch (...) {
    }
}

const LoadedAction* LoadedPlugin::find(const std::string& id) const {
    for (const auto& action : actions_)
        if (action.descriptor.id == id) return &action;
    return nullptr;
}

}  // namespace committee_report::cli
