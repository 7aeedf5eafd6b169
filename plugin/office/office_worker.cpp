#include "office_worker.h"

#include <com/sun/star/bridge/UnoUrlResolver.hpp>
#include <com/sun/star/bridge/XUnoUrlResolver.hpp>
#include <com/sun/star/connection/NoConnectException.hpp>
#include <com/sun/star/frame/Desktop.hpp>
#include <com/sun/star/frame/XDesktop2.hpp>

#include <Poco/Logger.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "office_error.h"
#include "office_supervisor.h"
#include "uno_document.h"
#include "uno_support.h"

namespace committee_report::office {

using css::uno::Reference;
using css::uno::UNO_QUERY_THROW;

namespace {

Poco::Logger& logger() { return Poco::Logger::get("committee_report.office"); }

// LibreOffice exits with 81 after it has created a fresh user profile and wants a restart.
constexpr int kRestartRequested = 81;

std::string tail(const std::filesystem::path& file, size_t bytes = 600) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return {};
    in.seekg(0, std::ios::end);
    const auto size = static_cast<size_t>(in.tellg());
    in.seekg(static_cast<std::streamoff>(size > bytes ? size - bytes : 0));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text;
}

long residentMemoryKb(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

// Numbers the launches of this host, so that no two processes share a UNO pipe name.
std::atomic<unsigned> launches{0};

}  // namespace

OfficeWorker::OfficeWorker(int index, int poolSize, const OfficeEngineOptions& options,
                           OfficeSupervisor& supervisor)
    : index_(index), poolSize_(poolSize), options_(options), supervisor_(supervisor) {}

OfficeWorker::~OfficeWorker() {
    if (lockFd_ >= 0) close(lockFd_);
}

pid_t OfficeWorker::pid() const {
    std::lock_guard lock(processMutex_);
    return process_ && process_->pid() > 0 ? process_->pid() : -1;
}

void OfficeWorker::kill() const {
    std::lock_guard lock(processMutex_);
    if (process_) process_->sendSignal(SIGKILL);
}

bool OfficeWorker::usable() const {
    return process_ && loader_.is() && jobs_ < options_.maxJobsPerProcess;
}

bool OfficeWorker::processGone(bool waitForExit) {
    // A killed office closes its pipe a moment before it can be reaped: give it that moment.
    for (int i = 0; waitForExit && i < 100 && process_ && process_->running(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return !process_ || !process_->running();
}

std::string OfficeWorker::exitDescription() const {
    return process_ ? process_->exitDescription() : std::string("gone");
}

bool OfficeWorker::hasLoaded(const TemplateStamp& stamp) const {
    return loaded_ && loaded_->stamp == stamp;
}

void OfficeWorker::keepLoaded(const TemplateStamp& stamp,
                              Reference<css::lang::XComponent> document) {
    loaded_ = Loaded{stamp, std::move(document)};
}

Reference<css::lang::XComponent> OfficeWorker::takeLoaded(
    const std::optional<TemplateStamp>& stamp) {
    if (!loaded_) return {};
    Loaded loaded = std::move(*loaded_);
    loaded_.reset();
    if (stamp && loaded.stamp == *stamp) return loaded.document;
    closeQuietly(loaded.document);
    return {};
}

void OfficeWorker::ensureReady(const std::function<bool()>& stopping) {
    if (process_ && process_->running()) {
        if (jobs_ >= options_.maxJobsPerProcess) {
            logger().information("recycling office process %d after %d jobs", index_, jobs_);
            stop();
        } else if (const long residentMb =
                       options_.maxMemoryMb > 0 ? residentMemoryKb(process_->pid()) / 1024 : 0;
                   options_.maxMemoryMb > 0 && residentMb > options_.maxMemoryMb) {
            logger().information(
                "recycling office process %d: resident memory %ld MiB is over the limit of %d MiB",
                index_, residentMb, options_.maxMemoryMb);
            stop();
        }
    } else if (process_) {
        stop();
    }
    if (process_) return;
    const auto deadline = std::chrono::steady_clock::now() + options_.startTimeout;
    startProcess();
    connect(deadline, stopping);
}

void OfficeWorker::stop() {
    loader_.clear();
    loaded_.reset();  // it lived in that process
    jobs_ = 0;
    std::unique_ptr<OfficeProcess> process;
    {
        std::lock_guard lock(processMutex_);
        process = std::move(process_);
    }
    if (process) process->stop();
}

void OfficeWorker::replaceProcess(std::unique_ptr<OfficeProcess> process) {
    std::lock_guard lock(processMutex_);
    process_ = std::move(process);
}

void OfficeWorker::startProcess() {
    if (profile_.empty()) claimProfile();
    OfficeProcessOptions processOptions;
    processOptions.program = options_.program;
    processOptions.profileDirectory = profile_;
    processOptions.pipeName = "committee-report-" + std::to_string(getpid()) + "-" +
                              std::to_string(index_) + "-" + std::to_string(++launches);
    // Started from the supervisor thread: the office is killed when that thread
    // (i.e. the engine or the whole host) goes away.
    replaceProcess(
        supervisor_.call([&] { return std::make_unique<OfficeProcess>(processOptions); }));
    jobs_ = 0;
}

// Profiles are kept between runs so a fresh profile's slow first start is paid
// once; an flock keeps two hosts on one machine from sharing one.
void OfficeWorker::claimProfile() {
    for (int k = index_;; k += poolSize_) {
        const auto lockFile = options_.workDirectory / ("profile-" + std::to_string(k) + ".lock");
        const int fd = open(lockFile.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0)
            throw OfficeError(
                OfficeError::Kind::StartFailed,
                "Arbetsmappen " + options_.workDirectory.string() +
                    " är inte skrivbar. Rätta behörigheterna eller <office><work-directory>.",
                "open " + lockFile.string() + " failed");
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
            lockFd_ = fd;
            profile_ = options_.workDirectory / ("profile-" + std::to_string(k));
            return;
        }
        close(fd);
        if (k > 1000)
            throw OfficeError(OfficeError::Kind::StartFailed, "Inga lediga profilmappar.",
                              "no profile");
    }
}

void OfficeWorker::connect(std::chrono::steady_clock::time_point deadline,
                           const std::function<bool()>& stopping) {
    auto resolver = css::bridge::UnoUrlResolver::create(uno::localContext());
    const auto url = uno::toOUString(process_->unoUrl());
    for (;;) {
        try {
            Reference<css::uno::XComponentContext> remote(resolver->resolve(url), UNO_QUERY_THROW);
            auto desktop = css::frame::Desktop::create(remote);
            loader_.set(desktop, UNO_QUERY_THROW);
            process_->rememberSockets();
            logger().information("office process %d (pid %d) is ready", index_,
                                 static_cast<int>(process_->pid()));
            return;
        } catch (const css::connection::NoConnectException&) {
            // Not listening yet.
        } catch (const css::uno::RuntimeException&) {
            // The process may be restarting after creating its profile.
        }
        if (stopping())
            throw OfficeError(OfficeError::Kind::StartFailed, "Tjänsten håller på att avslutas.",
                              "engine shut down while office process " + std::to_string(index_) +
                                  " was starting");
        if (!process_->running()) {
            if (process_->exitCode() == kRestartRequested) {
                logger().information("office process %d created its profile and restarts", index_);
                replaceProcess(supervisor_.call(
                    [&] { return std::make_unique<OfficeProcess>(process_->options()); }));
                continue;
            }
            const std::string how = process_->exitDescription();
            const std::string log = tail(profile_ / "soffice.log");
            stop();
            throw OfficeError(
                OfficeError::Kind::StartFailed,
                "Kontorsprogrammet (" + options_.program.string() +
                    ") avslutades direkt vid start (" + how +
                    "). Kontrollera LibreOffice-installationen och att profilmappen " +
                    profile_.string() + " är skrivbar; kör committee-report doctor.",
                "soffice " + how + "; log: " + log);
        }
        if (std::chrono::steady_clock::now() > deadline) {
            stop();
            throw OfficeError(
                OfficeError::Kind::StartFailed,
                "Kontorsprogrammet svarade inte inom " +
                    std::to_string(options_.startTimeout.count()) +
                    " sekunder efter start. Datorn kan vara överbelastad; höj "
                    "<office><start-timeout-seconds> eller kör committee-report doctor.",
                "no UNO connection within start timeout");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

}  // namespace committee_report::office
