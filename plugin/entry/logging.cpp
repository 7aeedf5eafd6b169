#include "logging.h"

#include <Poco/AutoPtr.h>
#include <Poco/FileChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/PatternFormatter.h>

#include <mutex>

namespace committee_report::entry {

void configureLogging(const config::Configuration& configuration) {
    static std::mutex mutex;
    static std::string currentFile;
    std::lock_guard lock(mutex);
    // Logger::setLevel/setChannel by name change only loggers that exist already; a logger
    // created later copies its nearest existing ancestor. So the ancestor of all of ours,
    // "committee_report", is created first: "committee_report.office", made on the first
    // office job, then inherits the file and the level from it.
    auto& root = Poco::Logger::get("committee_report");
    const int level = Poco::Logger::parseLevel(configuration.logLevel);
    if (configuration.logFile && configuration.logFile->string() != currentFile) {
        std::filesystem::create_directories(configuration.logFile->parent_path());
        Poco::AutoPtr<Poco::FileChannel> file(new Poco::FileChannel(configuration.logFile->string()));
        file->setProperty("rotation", "10 M");
        file->setProperty("archive", "timestamp");
        file->setProperty("purgeCount", "10");
        Poco::AutoPtr<Poco::PatternFormatter> format(
            new Poco::PatternFormatter("%Y-%m-%dT%H:%M:%S%z %p %s [%P] %t"));
        Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(format, file));
        Poco::Logger::setChannel(root.name(), channel);
        currentFile = configuration.logFile->string();
    }
    Poco::Logger::setLevel(root.name(), level);
}

}  // namespace committee_report::entry
