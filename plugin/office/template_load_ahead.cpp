#include "template_load_ahead.h"

#include <Poco/Logger.h>

#include "office_worker.h"
#include "uno_document.h"
#include "uno_support.h"
#include "worker_pool.h"

namespace committee_report::office {

namespace {

Poco::Logger& logger() { return Poco::Logger::get("committee_report.office"); }

}  // namespace

TemplateLoadAhead::TemplateLoadAhead(WorkerPool& pool, std::function<void(OfficeWorker&)> arm,
                                     std::function<void(OfficeWorker&)> disarm)
    : pool_(pool), arm_(std::move(arm)), disarm_(std::move(disarm)), thread_([this] { run(); }) {}

TemplateLoadAhead::~TemplateLoadAhead() {
    stop();
    if (thread_.joinable()) thread_.join();
}

void TemplateLoadAhead::request(const TemplateStamp& stamp, bool mayStart) {
    std::lock_guard lock(mutex_);
    if (stop_) return;
    // A newer wish replaces an older one, but keeps its leave to start a process.
    const bool start = mayStart || (wanted_ && wanted_->mayStart);
    wanted_ = Wish{stamp, start};
    wake_.notify_all();
}

void TemplateLoadAhead::waitUntilIdle() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [&] { return !wanted_ && !working_; });
}

void TemplateLoadAhead::stop() {
    std::lock_guard lock(mutex_);
    stop_ = true;
    wanted_.reset();
    wake_.notify_all();
    idle_.notify_all();
}

void TemplateLoadAhead::done() {
    std::lock_guard lock(mutex_);
    working_ = false;
    idle_.notify_all();
}

void TemplateLoadAhead::run() {
    for (;;) {
        Wish wish;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stop_ || wanted_.has_value(); });
            if (stop_) return;
            wish = *wanted_;
            wanted_.reset();
            working_ = true;  // until the worker is handed back: waitUntilIdle() waits for it
        }
        OfficeWorker* chosen =
            pool_.tryAcquire([&](const auto& free) { return choose(wish, free); });
        if (chosen) load(*chosen, wish);
        done();
    }
}

// An idle, running process without this template loaded; on prepare() (mayStart), when
// no idle process has it loaded, any idle one (not running, or due for recycling).
OfficeWorker* TemplateLoadAhead::choose(const Wish& wish, const std::vector<OfficeWorker*>& free) {
    OfficeWorker* chosen = nullptr;
    bool loadedSomewhere = false;
    for (auto* worker : free) {
        const bool ready = worker->usable();
        if (ready && worker->hasLoaded(wish.stamp)) {
            loadedSomewhere = true;
            continue;
        }
        if (ready && !chosen) chosen = worker;
    }
    if (!chosen && wish.mayStart && !loadedSomewhere && !free.empty()) chosen = free.front();
    return chosen;
}

void TemplateLoadAhead::load(OfficeWorker& worker, const Wish& wish) {
    bool broken = false;
    (void)worker.takeLoaded(std::nullopt);  // closes a copy of another template
    try {
        if (!worker.usable()) worker.ensureReady([this] { return pool_.stopping(); });
        arm_(worker);
        auto document = loadDocument(worker.loader(), wish.stamp.file, true);
        if (pool_.stopping())
            document.clear();  // its process is being stopped
        else
            worker.keepLoaded(wish.stamp, document);
    } catch (const std::exception& error) {
        broken = worker.processGone(false);
        logger().warning("office process %d could not load the template ahead: %s", worker.index(),
                         std::string(error.what()));
    } catch (const css::uno::Exception& error) {
        broken = true;
        logger().warning("office process %d could not load the template ahead: %s", worker.index(),
                         uno::toUtf8(error.Message));
    }
    disarm_(worker);
    // A process started while the engine was shutting down is stopped here.
    pool_.release(worker, broken || pool_.stopping());
}

}  // namespace committee_report::office
