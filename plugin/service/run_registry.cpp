#include "run_registry.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/URI.h>
#include <openssl/rand.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "api_error.h"
#include "credentials.h"

namespace committee_report::service {

namespace {

Poco::Logger& logger() { return Poco::Logger::get("committee_report.service"); }

const std::vector<double> kDurationBuckets{0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600};

std::string randomId() {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
    return toHex(bytes, sizeof bytes);
}

std::string stringify(const Poco::JSON::Object& object) {
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

Poco::JSON::Array toArray(const std::vector<std::string>& values) {
    Poco::JSON::Array array;
    for (const auto& value : values) array.add(value);
    return array;
}

std::vector<std::string> stringArray(const Poco::JSON::Object& object, const std::string& key) {
    std::vector<std::string> values;
    if (const auto array = object.getArray(key))
        for (std::size_t i = 0; i < array->size(); ++i)
            values.push_back(array->get(static_cast<unsigned>(i)).convert<std::string>());
    return values;
}

std::string stateOfCode(int code) {
    switch (code) {
        case CR_OK:
            return "ok";
        case CR_INVALID:
            return "invalid";
        case CR_NOT_ALLOWED:
            return "not-allowed";
        case CR_REFUSED:
            return "refused";
        case CR_UNAVAILABLE:
            return "unavailable";
        case CR_CANCELLED:
            return "cancelled";
        default:
            return "failed";
    }
}

}  // namespace

std::string entryUrl(const std::string& linkTemplate, const std::string& id) {
    // The id is the registry's opaque string: percent-encoded, so that whatever it holds
    // stays inside the one path segment or query value the administrator put {id} in.
    std::string encoded;
    Poco::URI::encode(id, "!#$&'()*+,/:;=?@[]%", encoded);
    std::string url = linkTemplate;
    for (auto at = url.find("{id}"); at != std::string::npos; at = url.find("{id}", at + encoded.size()))
        url.replace(at, 4, encoded);
    return url;
}

bool isFinalState(const std::string& state) { return state != "queued" && state != "running"; }

Run::Run(std::string id, RunRequest request, std::string fingerprint)
    : id_(std::move(id)), request_(std::move(request)), fingerprint_(std::move(fingerprint)) {
    addEvent("state", "{\"state\":\"queued\"}");
}

std::string Run::state() const {
    std::lock_guard lock(mutex_);
    return state_;
}

std::string Run::progressJson() const {
    Poco::JSON::Object progress;
    progress.set("stage", stage_);
    progress.set("fraction", fraction_);
    progress.set("message", progressMessage_);
    return stringify(progress);
}

void Run::addEvent(std::string name, std::string data) {
    events_.push_back({std::move(name), std::move(data)});
    changed_.notify_all();
}

void Run::setState(const std::string& state) {
    std::lock_guard lock(mutex_);
    state_ = state;
    if (state == "running") {
        stage_ = "startar";
        progressMessage_ = "Startar";
    }
    addEvent("state", "{\"state\":\"" + state + "\"}");
}

void Run::progress(const std::string& stage, double fraction, const std::string& message) {
    std::lock_guard lock(mutex_);
    stage_ = stage;
    fraction_ = std::clamp(fraction, 0.0, 1.0);
    progressMessage_ = message;
    // A run reports a few dozen steps; the cap keeps a misbehaving one from growing without end.
    if (events_.size() < 2000) addEvent("progress", progressJson());
}

void Run::finish(int code, const std::string& resultJson) {
    std::string state = stateOfCode(code);
    std::string message;
    std::vector<std::string> files, createdIds, warnings;
    std::string entry;
    std::string checks = "[]";
    try {
        Poco::JSON::Parser parser;
        const auto result = parser.parse(resultJson).extract<Poco::JSON::Object::Ptr>();
        state = result->optValue<std::string>("status", state);
        message = result->optValue<std::string>("message", "");
        files = stringArray(*result, "files");
        createdIds = stringArray(*result, "createdIds");
        entry = result->optValue<std::string>("entry", "");
        warnings = stringArray(*result, "warnings");
        if (const auto array = result->getArray("checks")) {
            std::ostringstream out;
            array->stringify(out);
            checks = out.str();
        }
        if (const auto detail = result->optValue<std::string>("logDetail", ""); !detail.empty())
            logger().information("run %s (%s) %s: %s", id_, request_.action, state, detail);
    } catch (const Poco::Exception& error) {
        state = "failed";
        message = "Åtgärden gav inget läsbart svar. Kontakta administratören.";
        logger().error("run %s: unreadable result from the plugin: %s", id_, error.displayText());
    }
    if (!isFinalState(state)) state = "failed";
    std::lock_guard lock(mutex_);
    state_ = state;
    resultMessage_ = message;
    files_ = std::move(files);
    createdIds_ = std::move(createdIds);
    entry_ = std::move(entry);
    warnings_ = std::move(warnings);
    checksJson_ = checks;
    if (state == "ok") {
        fraction_ = 1.0;
        stage_ = "klar";
        progressMessage_ = message.empty() ? "Klar" : message;
    } else {
        stage_ = state;
        progressMessage_ = message;
    }
    finished_ = std::chrono::steady_clock::now();
    addEvent("end", "");  // data filled in by the reader: the whole run as JSON
}

std::string Run::toJson(const std::string& urlBase,
                        const std::optional<std::string>& entryLink) const {
    std::lock_guard lock(mutex_);
    Poco::JSON::Object run;
    run.set("id", id_);
    run.set("action", request_.action);
    if (!request_.caseDnr.empty()) run.set("case", request_.caseDnr);
    if (!request_.meeting.empty()) run.set("meeting", request_.meeting);
    run.set("state", state_);
    Poco::JSON::Parser parser;
    run.set("progress", parser.parse(progressJson()));
    if (isFinalState(state_)) {
        Poco::JSON::Object result;
        result.set("message", resultMessage_);
        Poco::JSON::Array files;
        for (const auto& path : files_) {
            Poco::JSON::Object file;
            const auto name = std::filesystem::path(path).filename().string();
            file.set("name", name);
            file.set("url", urlBase + "/files/" + name);
            files.add(file);
        }
        result.set("files", files);
        result.set("createdIds", toArray(createdIds_));
        if (!entry_.empty()) {
            Poco::JSON::Object entry;
            entry.set("id", entry_);
            if (entryLink) entry.set("url", entryUrl(*entryLink, entry_));
            result.set("entry", entry);
        }
        result.set("warnings", toArray(warnings_));
        Poco::JSON::Parser checksParser;
        result.set("checks", checksParser.parse(checksJson_));
        run.set("result", result);
    }
    return stringify(run);
}

std::optional<std::string> Run::resultFile(const std::string& name) const {
    std::lock_guard lock(mutex_);
    for (const auto& path : files_)
        if (std::filesystem::path(path).filename() == name) return path;
    return std::nullopt;
}

std::vector<RunEvent> Run::eventsAfter(std::size_t seen, std::chrono::milliseconds timeout,
                                       bool& ended) const {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout,
                      [&] { return events_.size() > seen || isFinalState(state_); });
    ended = isFinalState(state_);
    if (events_.size() <= seen) return {};
    return {events_.begin() + static_cast<std::ptrdiff_t>(seen), events_.end()};
}

RunRegistry::RunRegistry(Limits limits, std::shared_ptr<const c_api::Plugin> plugin)
    : limits_(limits), plugin_(std::move(plugin)) {
    for (int i = 0; i < std::max(1, limits_.workers); ++i)
        workers_.emplace_back([this] { work(); });
}

RunRegistry::~RunRegistry() { shutdown(std::chrono::seconds(0)); }

void RunRegistry::setPlugin(std::shared_ptr<const c_api::Plugin> plugin) {
    std::lock_guard lock(mutex_);
    plugin_ = std::move(plugin);
}

std::shared_ptr<const c_api::Plugin> RunRegistry::plugin() const {
    std::lock_guard lock(mutex_);
    return plugin_;
}

void RunRegistry::setLimits(Limits limits) {
    std::lock_guard lock(mutex_);
    limits.workers = limits_.workers;  // the worker threads stay as started
    limits_ = limits;
}

std::shared_ptr<Run> RunRegistry::submit(RunRequest request, const std::string& idempotencyKey,
                                         bool& created) {
    const auto pluginJson = request.toPluginJson();
    const auto digest = sha256(pluginJson);
    const auto fingerprint = toHex(digest.data(), digest.size());
    std::lock_guard lock(mutex_);
    created = false;
    if (stopping_)
        throw ApiError(503, "tjansten-stannar",
                       "Tjänsten håller på att stanna. Försök igen om en stund.");
    purge();
    const auto keyName = request.limitKey + "\n" + idempotencyKey;
    if (!idempotencyKey.empty()) {
        if (const auto it = idempotency_.find(keyName); it != idempotency_.end()) {
            const auto run = runs_.at(it->second);
            if (run->fingerprint() != fingerprint)
                throw ApiError(409, "idempotensnyckel-ateranvand",
                               "Idempotency-Key har redan använts för en annan begäran. Använd "
                               "en ny nyckel för en ny körning.");
            return run;
        }
    }
    if (queue_.size() >= static_cast<std::size_t>(limits_.maxQueued)) {
        ++rejectedQueueFull_;
        ApiError error(429, "ko-full",
                       "Tjänsten har för många körningar i kö just nu. Försök igen om en stund.");
        error.retryAfter = 5;
        throw error;
    }
    if (activeByClient_[request.limitKey] >= limits_.maxPerClient) {
        ApiError error(429, "for-manga-korningar",
                       "Du har redan " + std::to_string(limits_.maxPerClient) +
                           " körningar igång. Vänta tills någon är klar och försök igen.");
        error.retryAfter = 5;
        throw error;
    }
    auto run = std::make_shared<Run>(randomId(), std::move(request), fingerprint);
    runs_[run->id()] = run;
    if (!idempotencyKey.empty()) idempotency_[keyName] = run->id();
    ++activeByClient_[run->request().limitKey];
    queue_.push_back(run);
    created = true;
    wake_.notify_one();
    return run;
}

std::shared_ptr<Run> RunRegistry::find(const std::string& id) const {
    std::lock_guard lock(mutex_);
    const auto it = runs_.find(id);
    return it == runs_.end() ? nullptr : it->second;
}

bool RunRegistry::cancel(const std::string& id) {
    std::shared_ptr<Run> run;
    {
        std::lock_guard lock(mutex_);
        const auto it = runs_.find(id);
        if (it == runs_.end()) return false;
        run = it->second;
        const auto queued = std::find(queue_.begin(), queue_.end(), run);
        if (queued != queue_.end()) {
            queue_.erase(queued);
            --activeByClient_[run->request().limitKey];
            run->finish(
                CR_CANCELLED,
                R"({"status":"cancelled","message":"Körningen avbröts innan den startade."})");
            ++finishedByActionState_[{run->request().action, "cancelled"}];
            idle_.notify_all();
            return true;
        }
    }
    if (isFinalState(run->state())) return false;
    run->cancelRequested_ = true;
    return true;
}

void RunRegistry::work() {
    for (;;) {
        std::shared_ptr<Run> run;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, nothing left
            run = queue_.front();
            queue_.pop_front();
            ++running_;
        }
        execute(run);
        std::lock_guard lock(mutex_);
        --running_;
        idle_.notify_all();
    }
}

void RunRegistry::execute(const std::shared_ptr<Run>& run) {
    const auto plugin = this->plugin();  // kept alive until this run ends
    run->started_ = std::chrono::steady_clock::now();
    run->setState("running");
    c_api::RunOutcome outcome;
    try {
        outcome = plugin->run(run->request().toPluginJson(), [&](const char* stage, double fraction,
                                                                 const char* message) {
            run->progress(stage ? stage : "", fraction, message ? message : "");
            return run->cancelRequested_.load();
        });
    } catch (const std::exception& error) {
        logger().error("run %s: %s", run->id(), std::string(error.what()));
        outcome.code = CR_FAILED;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - run->started_).count();
    // The client's count and the figures change together with the run's end, under the
    // registry's lock: a client that sees its run end (its event stream wakes in finish())
    // and at once starts the next must not find the ended run still counted against its
    // limit (it got 429 "for-manga-korningar" when it came back before this thread did).
    std::lock_guard lock(mutex_);
    --activeByClient_[run->request().limitKey];
    run->finish(outcome.code, outcome.resultJson);
    const auto state = run->state();
    logger().information("run %s: %s for client %s, user %s: %s in %.2f s", run->id(),
                         run->request().action, run->request().client, run->request().user, state,
                         seconds);
    ++finishedByActionState_[{run->request().action, state}];
    auto& counts = durationCounts_[run->request().action];
    counts.resize(kDurationBuckets.size());
    for (std::size_t i = 0; i < kDurationBuckets.size(); ++i)
        if (seconds <= kDurationBuckets[i]) ++counts[i];
    durationSums_[run->request().action] += seconds;
    ++durationTotals_[run->request().action];
}

void RunRegistry::purge() {
    const auto now = std::chrono::steady_clock::now();
    std::vector<std::shared_ptr<Run>> finished;
    for (const auto& [id, run] : runs_) {
        std::lock_guard runLock(run->mutex_);
        if (isFinalState(run->state_)) finished.push_back(run);
    }
    std::sort(finished.begin(), finished.end(),
              [](const auto& a, const auto& b) { return a->finished_ < b->finished_; });
    std::size_t excess =
        finished.size() > limits_.maxRetained ? finished.size() - limits_.maxRetained : 0;
    for (const auto& run : finished) {
        const bool old = now - run->finished_ > limits_.retention;
        if (!old && excess == 0) break;
        if (excess > 0) --excess;
        runs_.erase(run->id());
        std::erase_if(idempotency_, [&](const auto& entry) { return entry.second == run->id(); });
    }
    std::erase_if(activeByClient_, [](const auto& entry) { return entry.second <= 0; });
}

bool Run::writingBack() const {
    std::lock_guard lock(mutex_);
    // The actions' stages while they write to the registry (plugin/entry/*_action.cpp).
    return state_ == "running" &&
           (stage_ == "registrerar" || stage_ == "status" || stage_ == "bifogar");
}

void RunRegistry::shutdown(std::chrono::seconds grace, std::chrono::seconds writeBackGrace) {
    std::vector<std::thread> workers;
    {
        std::unique_lock lock(mutex_);
        stopping_ = true;
        // Queued runs will not start now.
        for (const auto& run : queue_) {
            --activeByClient_[run->request().limitKey];
            run->finish(
                CR_CANCELLED,
                R"({"status":"cancelled","message":"Tjänsten stannade innan körningen startade. Försök igen."})");
        }
        queue_.clear();
        wake_.notify_all();
        idle_.wait_for(lock, grace, [&] { return running_ == 0; });
        if (running_ > 0) {
            std::size_t writing = 0;
            for (const auto& [id, run] : runs_) {
                if (run->writingBack())
                    ++writing;
                else
                    run->cancelRequested_ = true;
            }
            logger().warning("shutdown: cancelling %z runs still in flight, %z writing to the "
                             "registry get up to %d s more",
                             running_ - std::min(writing, running_), writing,
                             static_cast<int>(writeBackGrace.count()));
            if (writing > 0) {
                idle_.wait_for(lock, writeBackGrace, [&] { return running_ == 0; });
                if (running_ > 0) {
                    logger().warning("shutdown: cancelling %z runs still writing back", running_);
                    for (const auto& [id, run] : runs_) run->cancelRequested_ = true;
                }
            }
        }
        workers.swap(workers_);
    }
    for (auto& worker : workers) worker.join();
}

RunRegistry::Metrics RunRegistry::metrics() const {
    std::lock_guard lock(mutex_);
    Metrics metrics;
    metrics.runsByActionState = finishedByActionState_;
    for (const auto& [id, run] : runs_) {
        const auto state = run->state();
        if (!isFinalState(state)) ++metrics.runsByActionState[{run->request().action, state}];
    }
    metrics.durationBuckets = kDurationBuckets;
    metrics.durationCounts = durationCounts_;
    metrics.durationSums = durationSums_;
    metrics.durationTotals = durationTotals_;
    metrics.queued = queue_.size();
    metrics.running = running_;
    metrics.rejectedQueueFull = rejectedQueueFull_;
    return metrics;
}

}  // namespace committee_report::service
