#include "logging.h"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/FileChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/PatternFormatter.h>
#include <Poco/SplitterChannel.h>

#include <filesystem>
#include <mutex>
#include <string>

namespace committee_report::entry {

namespace {

constexpr const char* kLoggerName = "committee_report";

// Passes on only messages at or above a priority: the host's terminal gets warnings and
// errors while the file gets everything the configured level lets through.
class AtLeastChannel : public Poco::Channel {
  public:
    AtLeastChannel(Poco::AutoPtr<Poco::Channel> next, Poco::Message::Priority lowest)
        : next_(std::move(next)), lowest_(lowest) {}
    void log(const Poco::Message& message) override {
        if (message.getPriority() <= lowest_) next_->log(message);
    }

  private:
    Poco::AutoPtr<Poco::Channel> next_;
    Poco::Message::Priority lowest_;
};

std::mutex mutex;
std::string configured;                    // the settings in force, to skip a repeat
Poco::AutoPtr<Poco::Channel> hostChannel;  // the root's channel before we first ran

// AtLeastChannel's code lives in this plugin, its objects in Poco's logger registry, which
// outlives the plugin: when the host unloads the plugin (or exits), the loggers are handed
// back the host's channel first, or releasing ours later would call unmapped code.
struct DetachOnUnload {
    ~DetachOnUnload() {
        std::lock_guard lock(mutex);
        if (configured.empty()) return;
        Poco::Logger::setChannel(kLoggerName, hostChannel);
        hostChannel = nullptr;
    }
} detachOnUnload;

}  // namespace

void configureLogging(const config::Configuration& configuration) {
    std::lock_guard lock(mutex);
    const int level = Poco::Logger::parseLevel(configuration.logLevel);
    const std::string file = configuration.logFile ? configuration.logFile->string() : "";
    const std::string key = file + "|" + configuration.logLevel + "|" +
                            std::to_string(configuration.logRotateMb) + "|" +
                            std::to_string(configuration.logKeep);
    if (key == configured) return;

    // Poco's Logger::setLevel/setChannel by name change only loggers that already exist;
    // one made later copies its nearest existing ancestor. Making "committee_report"
    // itself first is what lets committee_report.office, made on first use, inherit this.
    auto& base = Poco::Logger::get(kLoggerName);
    if (!hostChannel) hostChannel = Poco::Logger::root().getChannel();

    // Without a file, the host's channel (a terminal, the journal) still gets only warnings
    // and errors: a run's information lines belong in the configured file.
    Poco::AutoPtr<Poco::Channel> channel;
    if (hostChannel)
        channel = new AtLeastChannel(hostChannel, Poco::Message::PRIO_WARNING);
    Poco::AutoPtr<Poco::FileChannel> fileChannel;
    if (!file.empty()) {
        fileChannel = new Poco::FileChannel(file);
        fileChannel->setProperty("rotation", std::to_string(configuration.logRotateMb) + " M");
        fileChannel->setProperty("archive", "number");  // committee-report.log.0, .1 …
        fileChannel->setProperty("purgeCount", std::to_string(configuration.logKeep));
        try {
            // Opened now: a file that cannot be written is said once, here, instead of
            // failing every later log call (and with it the action that logs).
            std::filesystem::create_directories(configuration.logFile->parent_path());
            fileChannel->open();
        } catch (const std::exception& error) {
            fileChannel = nullptr;
            if (hostChannel)
                hostChannel->log(Poco::Message(kLoggerName,
                                               "cannot write the log file " + file + ": " +
                                                   error.what() + "; logging to the host only",
                                               Poco::Message::PRIO_ERROR));
        }
    }
    if (fileChannel) {
        Poco::AutoPtr<Poco::PatternFormatter> format(
            new Poco::PatternFormatter("%Y-%m-%dT%H:%M:%S%z %p %s [%P] %t"));
        Poco::AutoPtr<Poco::SplitterChannel> both(new Poco::SplitterChannel);
        both->addChannel(
            Poco::AutoPtr<Poco::Channel>(new Poco::FormattingChannel(format, fileChannel)));
        if (hostChannel)
            both->addChannel(Poco::AutoPtr<Poco::Channel>(
                new AtLeastChannel(hostChannel, Poco::Message::PRIO_WARNING)));
        channel = both;
    }
    base.setChannel(channel);
    base.setLevel(level);
    Poco::Logger::setChannel(kLoggerName, channel);
    Poco::Logger::setLevel(kLoggerName, level);
    configured = key;
}

}  // namespace committee_report::entry
