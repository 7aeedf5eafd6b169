#include "office_engine.h"

#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/bridge/UnoUrlResolver.hpp>
#include <com/sun/star/bridge/XUnoUrlResolver.hpp>
#include <com/sun/star/connection/NoConnectException.hpp>
#include <com/sun/star/document/MacroExecMode.hpp>
#include <com/sun/star/frame/Desktop.hpp>
#include <com/sun/star/frame/XComponentLoader.hpp>
#include <com/sun/star/frame/XDesktop2.hpp>
#include <com/sun/star/frame/XStorable.hpp>
#include <com/sun/star/io/IOException.hpp>
#include <com/sun/star/lang/DisposedException.hpp>
#include <com/sun/star/lang/XComponent.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>
#include <com/sun/star/util/XCloseable.hpp>

#include <Poco/Logger.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "office_error.h"
#include "office_process.h"
#include "template_filler.h"
#include "uno_support.h"

namespace committee_report::office {

namespace css = ::com::sun::star;
using css::uno::Any;
using css::uno::Reference;
using css::uno::UNO_QUERY;
using css::uno::UNO_QUERY_THROW;
using uno::fileUrl;
using uno::properties;
using uno::toOUString;
using uno::toUtf8;

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

// Milliseconds per phase of a job, for the debug log.
class PhaseClock {
  public:
    std::string lap() {
        const auto now = std::chrono::steady_clock::now();
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - mark_);
        mark_ = now;
        return std::to_string(ms.count());
    }
    void restart() { mark_ = std::chrono::steady_clock::now(); }

  private:
    std::chrono::steady_clock::time_point mark_ = std::chrono::steady_clock::now();
};

// Closes a loaded document; never throws.
void closeQuietly(const Reference<css::lang::XComponent>& document) {
    try {
        Reference<css::util::XCloseable> closeable(document, UNO_QUERY);
        if (closeable.is())
            closeable->close(true);
        else if (document.is())
            document->dispose();
    } catch (...) {
        // The office process may be gone; the process is replaced anyway.
    }
}

// Closes a loaded document whatever happens to the job.
class DocumentCloser {
  public:
    explicit DocumentCloser(Reference<css::lang::XComponent> document)
        : document_(std::move(document)) {}
    ~DocumentCloser() { closeQuietly(document_); }
    DocumentCloser(const DocumentCloser&) = delete;
    DocumentCloser& operator=(const DocumentCloser&) = delete;

  private:
    Reference<css::lang::XComponent> document_;
};

// A file written under a temporary name and renamed into place only when complete,
// so a reader never sees half a file.
class PendingFile {
  public:
    explicit PendingFile(std::filesystem::path target) : target_(std::move(target)) {
        static std::atomic<unsigned> counter{0};
        temporary_ =
            target_.parent_path() / ("." + target_.filename().string() + ".partial-" +
                                     std::to_string(getpid()) + "-" + std::to_string(counter++));
    }
    ~PendingFile() {
        std::error_code ignored;
        if (!committed_) std::filesystem::remove(temporary_, ignored);
    }
    PendingFile(const PendingFile&) = delete;
    PendingFile& operator=(const PendingFile&) = delete;

    [[nodiscard]] const std::filesystem::path& temporary() const { return temporary_; }
    void commit() {
        std::filesystem::rename(temporary_, target_);
        committed_ = true;
    }

  private:
    std::filesystem::path target_;
    std::filesystem::path temporary_;
    bool committed_ = false;
};

// Writer's PDF export leaves the document setting PrintEmptyPages switched off; the
// editable ODT saved after it keeps the template's own value.
class PrintSettingGuard {
  public:
    explicit PrintSettingGuard(const Reference<css::lang::XComponent>& document) {
        Reference<css::lang::XMultiServiceFactory> factory(document, UNO_QUERY);
        if (factory.is())
            settings_.set(factory->createInstance("com.sun.star.text.DocumentSettings"), UNO_QUERY);
        if (settings_.is()) value_ = settings_->getPropertyValue("PrintEmptyPages");
    }
    ~PrintSettingGuard() {
        try {
            if (settings_.is() && value_.hasValue())
                settings_->setPropertyValue("PrintEmptyPages", value_);
        } catch (const css::uno::Exception&) {
            // The document or its process is gone; the job fails on its own.
        }
    }
    PrintSettingGuard(const PrintSettingGuard&) = delete;
    PrintSettingGuard& operator=(const PrintSettingGuard&) = delete;

  private:
    Reference<css::beans::XPropertySet> settings_;
    Any value_;
};

css::uno::Sequence<css::beans::PropertyValue> pdfExportProperties(bool showPlaceholders = false) {
    // PDF/A-2b (fonts embedded), tagged for screen readers, headings as bookmarks.
    const auto filterData = properties({
        {"SelectPdfVersion", Any(sal_Int32(2))},
        {"UseTaggedPDF", Any(true)},
        {"ExportBookmarks", Any(true)},
        {"ExportNotes", Any(false)},
        {"ExportFormFields", Any(false)},
        {"ExportPlaceholders", Any(showPlaceholders)},
        {"UseLosslessCompression", Any(false)},
        {"Quality", Any(sal_Int32(90))},
        {"ReduceImageResolution", Any(true)},
        {"MaxImageResolution", Any(sal_Int32(300))},
    });
    return properties(
        {{"FilterName", Any(toOUString("writer_pdf_Export"))}, {"FilterData", Any(filterData)}});
}

[[noreturn]] void throwExportFailed(const std::filesystem::path& file, const std::string& detail) {
    throw OfficeError(
        OfficeError::Kind::ExportFailed,
        "Filen " + file.filename().string() + " kunde inte skrivas till " +
            file.parent_path().string() +
            ". Kontrollera att mappen finns, är skrivbar och att disken inte är full.",
        "store " + file.string() + ": " + detail);
}

void store(const Reference<css::lang::XComponent>& document, const std::filesystem::path& target,
           const css::uno::Sequence<css::beans::PropertyValue>& arguments) {
    PendingFile pending(target);
    Reference<css::frame::XStorable> storable(document, UNO_QUERY_THROW);
    try {
        storable->storeToURL(fileUrl(pending.temporary()), arguments);
    } catch (const css::io::IOException& error) {
        throwExportFailed(target, toUtf8(error.Message));
    }
    std::error_code error;
    if (std::filesystem::file_size(pending.temporary(), error) == 0 || error)
        throwExportFailed(target, "office wrote no data");
    try {
        pending.commit();
    } catch (const std::filesystem::filesystem_error& failure) {
        throwExportFailed(target, failure.what());
    }
}

long residentMemoryKb(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

// Which version of a template file a loaded copy was made from.
struct TemplateStamp {
    std::filesystem::path file;
    std::filesystem::file_time_type modified;
    std::uintmax_t size = 0;
    auto operator<=>(const TemplateStamp&) const = default;
    bool operator==(const TemplateStamp&) const = default;
};

std::optional<TemplateStamp> stampOf(const std::filesystem::path& file) {
    std::error_code error;
    TemplateStamp stamp{std::filesystem::absolute(file, error), {}, 0};
    if (!error) stamp.modified = std::filesystem::last_write_time(file, error);
    if (!error) stamp.size = std::filesystem::file_size(file, error);
    if (error) return std::nullopt;
    return stamp;
}

// A template loaded ahead, while the process was idle, for the next report.
struct Spare {
    TemplateStamp stamp;
    Reference<css::lang::XComponent> document;
};

// What the load-ahead thread is asked to do: load this template on an idle process;
// mayStart: start (or replace) a process for it if none is idle and running.
struct AheadRequest {
    TemplateStamp stamp;
    bool mayStart = false;
};

struct Worker {
    int index = 0;
    std::optional<Spare> spare;  // touched only by the thread that has the worker busy
    std::unique_ptr<OfficeProcess> process;
    Reference<css::frame::XComponentLoader> loader;
    int jobs = 0;
    bool busy = false;
    bool timedOut = false;
    int lockFd = -1;  // flock on the profile, so two hosts never share one
    std::filesystem::path profile;
};

class PooledOfficeEngine final : public OfficeEngine {
  public:
    explicit PooledOfficeEngine(OfficeEngineOptions options) : options_(std::move(options)) {
        if (options_.workDirectory.empty()) {
            std::string pattern =
                (std::filesystem::temp_directory_path() / "committee-report-office-XXXXXX")
                    .string();
            if (!mkdtemp(pattern.data()))
                throw OfficeError(
                    OfficeError::Kind::StartFailed,
                    "Det går inte att skapa en tillfällig mapp för kontorsprogrammet. "
                    "Kontrollera att /tmp är skrivbar och inte full.",
                    "mkdtemp failed");
            options_.workDirectory = pattern;
            ownsWorkDirectory_ = true;
        }
        std::error_code error;
        std::filesystem::create_directories(options_.workDirectory, error);
        if (error)
            throw OfficeError(
                OfficeError::Kind::StartFailed,
                "Arbetsmappen för kontorsprogrammet " + options_.workDirectory.string() +
                    " kan inte skapas. Rätta <office><work-directory> i konfigurationen "
                    "eller gör mappen skrivbar för tjänstens användare.",
                error.message());
        if (options_.processes <= 0)
            options_.processes =
                static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
        workers_.resize(static_cast<size_t>(options_.processes));
        for (size_t i = 0; i < workers_.size(); ++i) workers_[i].index = static_cast<int>(i);
        supervisor_ = std::thread([this] { supervise(); });
        if (options_.keepTemplateLoaded) ahead_ = std::thread([this] { loadAheadLoop(); });
    }

    ~PooledOfficeEngine() override { shutdown(); }

    RenderedDocument render(const RenderRequest& request) override {
        if (!std::filesystem::exists(request.templateFile))
            throw OfficeError(OfficeError::Kind::TemplateInvalid,
                              "Mallen " + request.templateFile.string() +
                                  " finns inte. Kontrollera <templates> i konfigurationen och "
                                  "rapportdefinitionen.",
                              "missing template " + request.templateFile.string());
        prepareOutputDirectory(request.outputDirectory);
        RenderedDocument result;
        if (request.writeOdt) result.odt = request.outputDirectory / (request.baseName + ".odt");
        if (request.writePdf) result.pdf = request.outputDirectory / (request.baseName + ".pdf");
        const auto stamp = stampOf(request.templateFile);
        runJob([&](Worker& worker) { fillAndExport(worker, request, stamp, result); },
               stamp ? &*stamp : nullptr);
        if (options_.keepTemplateLoaded && stamp) loadAhead(*stamp, false);
        return result;
    }

    void fillAndExport(Worker& worker, const RenderRequest& request,
                       const std::optional<TemplateStamp>& stamp, const RenderedDocument& result) {
        PhaseClock clock;
        auto document = takeSpare(worker, stamp);
        const bool loadedAhead = document.is();
        if (!loadedAhead) document = load(worker, request.templateFile, true);
        DocumentCloser closer(document);
        const auto loadMs = loadedAhead ? std::string("(loaded ahead) 0") : clock.lap();
        clock.restart();
        auto shapes = knownShapes(stamp);
        fillDocument(document, request.content, request.templateFile, &shapes);
        rememberShapes(stamp, std::move(shapes));
        const auto fillMs = clock.lap();
        // PDF first: its export lays the document out once and the ODT save after it
        // reuses that layout; the other way round the document was laid out twice
        // (~100 ms a report, measured with report-bench --office-log).
        if (request.writePdf) {
            const PrintSettingGuard keep(document);  // the PDF export turns a print option off
            store(document, result.pdf, pdfExportProperties(request.pdfShowsPlaceholders));
        }
        const auto pdfMs = clock.lap();
        if (request.writeOdt)
            store(document, result.odt,
                  properties(
                      {{"FilterName", Any(toOUString("writer8"))}, {"NoThumbnail", Any(true)}}));
        const auto odtMs = clock.lap();
        logger().debug("render on office process %d: load %s ms, fill %s ms, PDF %s ms, ODT %s ms",
                       worker.index, loadMs, fillMs, pdfMs, odtMs);
    }

    void convertToPdfA(const std::filesystem::path& document,
                       const std::filesystem::path& pdf) override {
        if (!std::filesystem::exists(document))
            throw OfficeError(OfficeError::Kind::TemplateInvalid,
                              "Dokumentet " + document.string() + " finns inte.",
                              "missing " + document.string());
        prepareOutputDirectory(pdf.parent_path());
        runJob([&](Worker& worker) {
            auto loaded = load(worker, document, false);
            DocumentCloser closer(loaded);
            store(loaded, pdf, pdfExportProperties());
        });
    }

    void warmUp() override {
        for (size_t i = 0; i < workers_.size(); ++i) {
            Worker& worker = acquire();
            try {
                ensureReady(worker);
            } catch (...) {
                release(worker, true);
                throw;
            }
            release(worker, false);
        }
    }

    void prepare(const std::filesystem::path& templateFile) override {
        if (!options_.keepTemplateLoaded) return;
        const auto stamp = stampOf(templateFile);
        if (!stamp) return;  // a missing template: the report says so itself
        loadAhead(*stamp, true);
    }

    void waitUntilIdle() override {
        std::unique_lock lock(mutex_);
        freed_.wait(lock, [&] {
            if (aheadWanted_) return false;  // a load ahead, once started, holds its worker busy
            for (const auto& worker : workers_)
                if (worker.busy) return false;
            return true;
        });
    }

    std::vector<pid_t> processIds() const override {
        std::lock_guard lock(mutex_);
        std::vector<pid_t> ids;
        for (const auto& worker : workers_)
            if (worker.process && worker.process->pid() > 0) ids.push_back(worker.process->pid());
        return ids;
    }

    void shutdown() override {
        {
            std::unique_lock lock(mutex_);
            if (stopping_) return;
            stopping_ = true;
            aheadWanted_.reset();
            freed_.notify_all();
            aheadWake_.notify_all();
            const auto allFree = [&] {
                for (const auto& worker : workers_)
                    if (worker.busy) return false;
                return true;
            };
            // Running jobs and loads ahead may finish: wait briefly for them to hand back their
            // worker.
            freed_.wait_for(lock, std::chrono::seconds(5), allFree);
            // What still runs is hung or still starting its process: kill that process, as the
            // watchdog does, so the thread running it fails at once (a start in progress sees
            // stopping_) and hands its worker back. Only then are the processes released:
            // a thread that holds a worker may still be using its process object.
            for (auto& worker : workers_)
                if (worker.busy && worker.process) worker.process->sendSignal(SIGKILL);
            freed_.wait_for(lock, std::chrono::seconds(10), allFree);
        }
        if (ahead_.joinable()) ahead_.join();
        for (auto& worker : workers_) {
            bool busy = false;
            {
                std::lock_guard lock(mutex_);
                busy = worker.busy;
            }
            // A worker still held (which the waits above make next to impossible) keeps its
            // process object; the process itself dies with the supervisor thread below.
            if (!busy) stopWorker(worker);
        }
        {
            std::lock_guard lock(mutex_);
            supervisorStop_ = true;
        }
        supervisorWake_.notify_all();
        if (supervisor_.joinable()) supervisor_.join();
        for (auto& worker : workers_)
            if (worker.lockFd >= 0) close(worker.lockFd);
        if (ownsWorkDirectory_) {
            std::error_code ignored;
            std::filesystem::remove_all(options_.workDirectory, ignored);
        }
    }

  private:
    static void prepareOutputDirectory(const std::filesystem::path& directory) {
        std::error_code error;
        std::filesystem::create_directories(directory, error);
        if (error || access(directory.c_str(), W_OK) != 0)
            throw OfficeError(OfficeError::Kind::ExportFailed,
                              "Utdatamappen " + directory.string() +
                                  " kan inte skrivas. Kontrollera sökvägen och behörigheterna.",
                              "output directory " + directory.string() + ": " +
                                  (error ? error.message() : std::string("not writable")));
    }

    Reference<css::lang::XComponent> load(Worker& worker, const std::filesystem::path& file,
                                          bool asTemplate) {
        // Read-only: a template or a draft is only read, never saved back. Asking for
        // ReadOnly=false made the office open the file for writing, which fails when the
        // service user may not write it (templates under /usr/share are root's).
        std::vector<std::pair<const char*, Any>> values = {
            {"Hidden", Any(true)},
            {"AsTemplate", Any(asTemplate)},
            {"ReadOnly", Any(true)},
            {"MacroExecutionMode", Any(css::document::MacroExecMode::NEVER_EXECUTE)},
        };
        // Type detection takes a .fott (flat template) for a web page; name the filter.
        const auto extension = file.extension().string();
        if (extension == ".fott" || extension == ".fodt")
            values.emplace_back("FilterName", Any(toOUString("OpenDocument Text Flat XML")));
        const auto arguments = properties(values);
        Reference<css::lang::XComponent> document;
        std::string why = "it returned nothing";
        try {
            document = worker.loader->loadComponentFromURL(fileUrl(file), "_blank", 0, arguments);
        } catch (const css::lang::IllegalArgumentException& error) {
            document.clear();
            why = "IllegalArgumentException: " + toUtf8(error.Message);
        } catch (const css::io::IOException& error) {
            document.clear();
            why = "IOException: " + toUtf8(error.Message);
        }
        if (!document.is())
            throw OfficeError(
                OfficeError::Kind::TemplateInvalid,
                "Filen " + file.string() +
                    " kan inte öppnas som ett ODF-dokument. Kontrollera att den är en giltig "
                    "mall (flat ODF, .fott) eller ett ODT-dokument.",
                "loadComponentFromURL(" + file.string() + "): " + why);
        return document;
    }

    // Runs `job` on a free, connected office process. A process that dies mid-job
    // is replaced and the job tried once more; a job past its time limit kills the process.
    void runJob(const std::function<void(Worker&)>& job,
                const TemplateStamp* preferLoaded = nullptr) {
        for (int attempt = 1;; ++attempt) {
            Worker& worker = acquire(attempt == 1 ? preferLoaded : nullptr);
            bool broken = false;
            try {
                ensureReady(worker);
                armWatchdog(worker);
                try {
                    job(worker);
                } catch (const css::lang::DisposedException& error) {
                    disarmWatchdog(worker);
                    broken = true;
                    throw translate(worker, toUtf8(error.Message), true);
                } catch (const css::uno::Exception& error) {
                    disarmWatchdog(worker);
                    broken = true;
                    const std::string message = toUtf8(error.Message);
                    throw translate(worker, message,
                                    message.find("bridge already disposed") != std::string::npos);
                }
                disarmWatchdog(worker);
                ++worker.jobs;
                release(worker, false);
                return;
            } catch (const OfficeError& error) {
                disarmWatchdog(worker);
                const bool retry =
                    error.kind() == OfficeError::Kind::ProcessDied && attempt == 1 && !stopping();
                release(worker, broken || error.kind() == OfficeError::Kind::ProcessDied ||
                                    error.kind() == OfficeError::Kind::Timeout ||
                                    error.kind() == OfficeError::Kind::StartFailed);
                if (retry) {
                    logger().warning(
                        "office process %d died during a job (%s); retrying on a fresh process",
                        worker.index, error.detail());
                    continue;
                }
                throw;
            } catch (...) {
                disarmWatchdog(worker);
                release(worker, true);
                throw;
            }
        }
    }

    // What earlier fills learnt of this template version's tables (empty if nothing).
    TableShapes knownShapes(const std::optional<TemplateStamp>& stamp) {
        if (!stamp) return {};
        std::lock_guard lock(mutex_);
        const auto known = shapes_.find(*stamp);
        return known == shapes_.end() ? TableShapes{} : known->second;
    }

    void rememberShapes(const std::optional<TemplateStamp>& stamp, TableShapes shapes) {
        if (!stamp || shapes.empty()) return;
        std::lock_guard lock(mutex_);
        if (shapes_.size() >= 32) shapes_.clear();  // old versions of templates: start afresh
        shapes_[*stamp] = std::move(shapes);
    }

    // The worker's template loaded ahead, if it is of this very file version; a stale one
    // is closed.
    Reference<css::lang::XComponent> takeSpare(Worker& worker,
                                               const std::optional<TemplateStamp>& stamp) {
        if (!worker.spare) return {};
        Spare spare = std::move(*worker.spare);
        worker.spare.reset();
        if (stamp && spare.stamp == *stamp) return spare.document;
        closeQuietly(spare.document);
        return {};
    }

    void loadAhead(const TemplateStamp& stamp, bool mayStart) {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        // A newer wish replaces an older one, but keeps its leave to start a process.
        const bool start = mayStart || (aheadWanted_ && aheadWanted_->mayStart);
        aheadWanted_ = AheadRequest{stamp, start};
        aheadWake_.notify_all();
    }

    // Whether a worker's process can take the next job as it is (running, not due for
    // recycling by its job count).
    bool usable(const Worker& worker) const {
        return worker.process && worker.loader.is() && worker.jobs < options_.maxJobsPerProcess;
    }

    // Background thread. After a report, an idle, running process loads the template for
    // the next one; that never starts a process. On prepare() it may also start a process
    // (or replace one due for recycling) first. It never waits for a busy process; a job
    // that needs the worker meanwhile queues behind the load like behind any job.
    void loadAheadLoop() {
        for (;;) {
            AheadRequest request;
            Worker* chosen = nullptr;
            {
                std::unique_lock lock(mutex_);
                aheadWake_.wait(lock, [&] { return stopping_ || aheadWanted_.has_value(); });
                if (stopping_) return;
                request = *aheadWanted_;
                aheadWanted_.reset();
                bool loadedSomewhere = false;
                for (auto& worker : workers_) {
                    if (worker.busy) continue;
                    const bool ready = usable(worker);
                    if (ready && worker.spare && worker.spare->stamp == request.stamp) {
                        loadedSomewhere = true;
                        continue;
                    }
                    if (ready && !chosen) chosen = &worker;
                }
                if (!chosen && request.mayStart && !loadedSomewhere)
                    for (auto& worker : workers_)
                        if (!worker.busy) {  // not running, or due for recycling
                            chosen = &worker;
                            break;
                        }
                if (!chosen) {
                    freed_.notify_all();
                    continue;
                }
                chosen->busy = true;
            }
            Worker& worker = *chosen;
            bool broken = false;
            (void)takeSpare(worker, std::nullopt);  // closes a copy of another template
            try {
                if (!usable(worker)) ensureReady(worker);  // only on prepare(), see above
                armWatchdog(worker);
                auto document = load(worker, request.stamp.file, true);
                std::lock_guard lock(mutex_);
                if (stopping_)
                    document.clear();  // its process is being stopped
                else
                    worker.spare = Spare{request.stamp, document};
            } catch (const std::exception& error) {
                broken = !worker.process || !worker.process->running();
                logger().warning("office process %d could not load the template ahead: %s",
                                 worker.index, std::string(error.what()));
            } catch (const css::uno::Exception& error) {
                broken = true;
                logger().warning("office process %d could not load the template ahead: %s",
                                 worker.index, toUtf8(error.Message));
            }
            disarmWatchdog(worker);
            // A process started while the engine was shutting down is stopped here.
            release(worker, broken || stopping());
        }
    }

    OfficeError translate(Worker& worker, const std::string& unoMessage, bool bridgeGone) {
        // A killed office closes its pipe a moment before it can be reaped: give it that moment.
        for (int i = 0; bridgeGone && i < 100 && worker.process && worker.process->running(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        std::lock_guard lock(mutex_);
        if (worker.timedOut)
            return OfficeError(
                OfficeError::Kind::Timeout,
                "Kontorsprogrammet blev inte klart inom " +
                    std::to_string(options_.jobTimeout.count()) +
                    " sekunder och har startats om. Försök igen; om felet återkommer, "
                    "kontakta administratören.",
                "job timeout on office process " + std::to_string(worker.index) + ": " +
                    unoMessage);
        if (bridgeGone || !worker.process || !worker.process->running())
            return OfficeError(
                OfficeError::Kind::ProcessDied,
                "Kontorsprogrammet avslutades oväntat under arbetet. Försök igen; om felet "
                "återkommer, kontrollera minne och LibreOffice-installationen (committee-report "
                "doctor).",
                "office process " + std::to_string(worker.index) + " " +
                    (worker.process ? worker.process->exitDescription() : std::string("gone")) +
                    ": " + unoMessage);
        return OfficeError(OfficeError::Kind::ExportFailed,
                           "Kontorsprogrammet kunde inte skapa dokumentet: " + unoMessage,
                           "UNO error: " + unoMessage);
    }

    bool stopping() {
        std::lock_guard lock(mutex_);
        return stopping_;
    }

    // A free worker; one that has `preferLoaded` loaded ahead if there is one.
    Worker& acquire(const TemplateStamp* preferLoaded = nullptr) {
        std::unique_lock lock(mutex_);
        Worker* chosen = nullptr;
        const bool got = freed_.wait_for(lock, options_.queueTimeout, [&] {
            if (stopping_) return true;
            for (auto& worker : workers_) {
                if (worker.busy) continue;
                if (!chosen) chosen = &worker;
                if (preferLoaded && worker.spare && worker.spare->stamp == *preferLoaded) {
                    chosen = &worker;
                    break;
                }
            }
            return chosen != nullptr;
        });
        if (stopping_)
            throw OfficeError(OfficeError::Kind::Busy, "Tjänsten håller på att avslutas.",
                              "engine shutting down");
        if (!got || !chosen)
            throw OfficeError(OfficeError::Kind::Busy,
                              "Alla kontorsprocesser var upptagna i " +
                                  std::to_string(options_.queueTimeout.count()) +
                                  " sekunder. Försök igen om en stund.",
                              "queue timeout");
        chosen->busy = true;
        return *chosen;
    }

    void release(Worker& worker, bool broken) {
        if (broken) stopWorker(worker);
        std::lock_guard lock(mutex_);
        worker.busy = false;
        freed_.notify_all();
    }

    void ensureReady(Worker& worker) {
        if (worker.process && worker.process->running()) {
            if (worker.jobs >= options_.maxJobsPerProcess) {
                logger().information("recycling office process %d after %d jobs", worker.index,
                                     worker.jobs);
                stopWorker(worker);
            } else if (const long residentMb = options_.maxMemoryMb > 0
                                                   ? residentMemoryKb(worker.process->pid()) / 1024
                                                   : 0;
                       options_.maxMemoryMb > 0 && residentMb > options_.maxMemoryMb) {
                logger().information(
                    "recycling office process %d: resident memory %ld MiB is over the limit of "
                    "%d MiB",
                    worker.index, residentMb, options_.maxMemoryMb);
                stopWorker(worker);
            }
        } else if (worker.process) {
            stopWorker(worker);
        }
        if (worker.process) return;
        const auto deadline = std::chrono::steady_clock::now() + options_.startTimeout;
        startProcess(worker);
        connect(worker, deadline);
    }

    void startProcess(Worker& worker) {
        if (worker.profile.empty()) claimProfile(worker);
        OfficeProcessOptions processOptions;
        processOptions.program = options_.program;
        processOptions.profileDirectory = worker.profile;
        processOptions.pipeName = "committee-report-" + std::to_string(getpid()) + "-" +
                                  std::to_string(worker.index) + "-" + std::to_string(++launches());
        // Started from the supervisor thread: the office is killed when that thread
        // (i.e. the engine or the whole host) goes away.
        auto process =
            onSupervisor([&] { return std::make_unique<OfficeProcess>(processOptions); });
        std::lock_guard lock(mutex_);
        worker.process = std::move(process);
        worker.jobs = 0;
        worker.timedOut = false;
    }

    // Profiles are kept between runs so a fresh profile's slow first start is paid
    // once; an flock keeps two hosts on one machine from sharing one.
    void claimProfile(Worker& worker) {
        for (int k = worker.index;; k += static_cast<int>(workers_.size())) {
            const auto lockFile =
                options_.workDirectory / ("profile-" + std::to_string(k) + ".lock");
            const int fd = open(lockFile.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
            if (fd < 0)
                throw OfficeError(
                    OfficeError::Kind::StartFailed,
                    "Arbetsmappen " + options_.workDirectory.string() +
                        " är inte skrivbar. Rätta behörigheterna eller <office><work-directory>.",
                    "open " + lockFile.string() + " failed");
            if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
                worker.lockFd = fd;
                worker.profile = options_.workDirectory / ("profile-" + std::to_string(k));
                return;
            }
            close(fd);
            if (k > 1000)
                throw OfficeError(OfficeError::Kind::StartFailed, "Inga lediga profilmappar.",
                                  "no profile");
        }
    }

    void connect(Worker& worker, std::chrono::steady_clock::time_point deadline) {
        auto resolver = css::bridge::UnoUrlResolver::create(uno::localContext());
        const auto url = toOUString(worker.process->unoUrl());
        for (;;) {
            try {
                Reference<css::uno::XComponentContext> remote(resolver->resolve(url),
                                                              UNO_QUERY_THROW);
                auto desktop = css::frame::Desktop::create(remote);
                std::lock_guard lock(mutex_);
                worker.loader.set(desktop, UNO_QUERY_THROW);
                logger().information("office process %d (pid %d) is ready", worker.index,
                                     static_cast<int>(worker.process->pid()));
                return;
            } catch (const css::connection::NoConnectException&) {
                // Not listening yet.
            } catch (const css::uno::RuntimeException&) {
                // The process may be restarting after creating its profile.
            }
            if (stopping())
                throw OfficeError(OfficeError::Kind::StartFailed,
                                  "Tjänsten håller på att avslutas.",
                                  "engine shut down while office process " +
                                      std::to_string(worker.index) + " was starting");
            if (!worker.process->running()) {
                if (worker.process->exitCode() == kRestartRequested) {
                    logger().information("office process %d created its profile and restarts",
                                         worker.index);
                    auto restarted = onSupervisor(
                        [&] { return std::make_unique<OfficeProcess>(worker.process->options()); });
                    std::lock_guard lock(mutex_);
                    worker.process = std::move(restarted);
                    continue;
                }
                const std::string how = worker.process->exitDescription();
                const std::string log = tail(worker.profile / "soffice.log");
                stopWorker(worker);
                throw OfficeError(
                    OfficeError::Kind::StartFailed,
                    "Kontorsprogrammet (" + options_.program.string() +
                        ") avslutades direkt vid start (" + how +
                        "). Kontrollera LibreOffice-installationen och att profilmappen " +
                        worker.profile.string() + " är skrivbar; kör committee-report doctor.",
                    "soffice " + how + "; log: " + log);
            }
            if (std::chrono::steady_clock::now() > deadline) {
                stopWorker(worker);
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

    void stopWorker(Worker& worker) {
        std::unique_ptr<OfficeProcess> process;
        {
            std::lock_guard lock(mutex_);
            worker.loader.clear();
            worker.spare.reset();  // it lived in that process
            process = std::move(worker.process);
            worker.jobs = 0;
        }
        if (process) process->stop();
    }

    void armWatchdog(Worker& worker) {
        std::lock_guard lock(mutex_);
        worker.timedOut = false;
        deadlines_[worker.index] = std::chrono::steady_clock::now() + options_.jobTimeout;
        supervisorWake_.notify_all();
    }

    void disarmWatchdog(Worker& worker) {
        std::lock_guard lock(mutex_);
        deadlines_.erase(worker.index);
    }

    template <typename F>
    auto onSupervisor(F&& function) -> decltype(function()) {
        std::packaged_task<decltype(function())()> task(std::forward<F>(function));
        auto result = task.get_future();
        {
            std::lock_guard lock(mutex_);
            tasks_.emplace_back([&task] { task(); });
        }
        supervisorWake_.notify_all();
        return result.get();
    }

    // The supervisor thread starts office processes (so they die with it) and
    // kills those whose job ran past its deadline.
    void supervise() {
        std::unique_lock lock(mutex_);
        while (!supervisorStop_) {
            while (!tasks_.empty()) {
                auto task = std::move(tasks_.front());
                tasks_.pop_front();
                lock.unlock();
                task();
                lock.lock();
            }
            const auto now = std::chrono::steady_clock::now();
            auto next = now + std::chrono::seconds(1);
            for (auto it = deadlines_.begin(); it != deadlines_.end();) {
                if (it->second <= now) {
                    Worker& worker = workers_[static_cast<size_t>(it->first)];
                    worker.timedOut = true;
                    if (worker.process) {
                        logger().warning(
                            "office process %d exceeded the job timeout; killing pid %d",
                            worker.index, static_cast<int>(worker.process->pid()));
                        worker.process->sendSignal(SIGKILL);
                    }
                    it = deadlines_.erase(it);
                } else {
                    next = std::min(next, it->second);
                    ++it;
                }
            }
            supervisorWake_.wait_until(lock, next,
                                       [&] { return supervisorStop_ || !tasks_.empty(); });
        }
    }

    OfficeEngineOptions options_;
    bool ownsWorkDirectory_ = false;
    mutable std::mutex mutex_;
    std::condition_variable freed_;
    std::condition_variable supervisorWake_;
    std::vector<Worker> workers_;
    std::map<int, std::chrono::steady_clock::time_point> deadlines_;
    std::deque<std::function<void()>> tasks_;
    std::thread supervisor_;
    std::thread ahead_;  // loads templates ahead (keepTemplateLoaded)
    std::condition_variable aheadWake_;
    std::optional<AheadRequest> aheadWanted_;
    std::map<TemplateStamp, TableShapes> shapes_;  // per template version, see knownShapes()
    bool stopping_ = false;
    bool supervisorStop_ = false;
    // Counted across every engine of the process: after a reload two engines live side by
    // side (runs in flight keep the old one), and their pipe names must differ.
    static std::atomic<unsigned>& launches() {
        static std::atomic<unsigned> count{0};
        return count;
    }
};

}  // namespace

std::unique_ptr<OfficeEngine> makeOfficeEngine(OfficeEngineOptions options) {
    return std::make_unique<PooledOfficeEngine>(std::move(options));
}

}  // namespace committee_report::office
