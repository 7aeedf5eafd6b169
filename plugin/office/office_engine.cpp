// PooledOfficeEngine puts together what turns a render request into files:
//   WorkerPool         the job queue over the workers (worker_pool.h)
//   OfficeWorker       one office process's life cycle and profile (office_worker.h)
//   OfficeSupervisor   the thread that starts processes and kills hung jobs (office_supervisor.h)
//   TemplateLoadAhead  loads the next report's template while idle (template_load_ahead.h)
//   TableShapeCache    what earlier fills learnt of a template's tables (table_shape_cache.h)
//   uno_document.h     UNO load and store of one document
// and runs each job on a worker: retried once on a fresh process if the process died,
// with UNO's failures turned into OfficeError.
#include "office_engine.h"

#include <com/sun/star/lang/DisposedException.hpp>

#include <Poco/Logger.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>

#include "office_error.h"
#include "office_supervisor.h"
#include "office_worker.h"
#include "table_shape_cache.h"
#include "template_filler.h"
#include "template_load_ahead.h"
#include "template_stamp.h"
#include "uno_document.h"
#include "uno_support.h"
#include "worker_pool.h"

namespace committee_report::office {

using uno::toUtf8;

namespace {

Poco::Logger& logger() { return Poco::Logger::get("committee_report.office"); }

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

void prepareOutputDirectory(const std::filesystem::path& directory) {
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error || access(directory.c_str(), W_OK) != 0)
        throw OfficeError(OfficeError::Kind::ExportFailed,
                          "Utdatamappen " + directory.string() +
                              " kan inte skrivas. Kontrollera sökvägen och behörigheterna.",
                          "output directory " + directory.string() + ": " +
                              (error ? error.message() : std::string("not writable")));
}

// The folder the office processes' profiles live in; a private temporary one when none is
// configured (`owned` is then set: it is removed on shutdown).
std::filesystem::path workDirectory(std::filesystem::path configured, bool& owned) {
    if (configured.empty()) {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "committee-report-office-XXXXXX").string();
        if (!mkdtemp(pattern.data()))
            throw OfficeError(OfficeError::Kind::StartFailed,
                              "Det går inte att skapa en tillfällig mapp för kontorsprogrammet. "
                              "Kontrollera att /tmp är skrivbar och inte full.",
                              "mkdtemp failed");
        configured = pattern;
        owned = true;
    }
    std::error_code error;
    std::filesystem::create_directories(configured, error);
    if (error)
        throw OfficeError(OfficeError::Kind::StartFailed,
                          "Arbetsmappen för kontorsprogrammet " + configured.string() +
                              " kan inte skapas. Rätta <office><work-directory> i konfigurationen "
                              "eller gör mappen skrivbar för tjänstens användare.",
                          error.message());
    return configured;
}

class PooledOfficeEngine final : public OfficeEngine {
  public:
    explicit PooledOfficeEngine(OfficeEngineOptions options)
        : options_(withWorkDirectory(std::move(options), ownsWorkDirectory_)),
          pool_(options_, supervisor_) {
        if (options_.keepTemplateLoaded)
            loadAhead_.emplace(
                pool_, [this](OfficeWorker& worker) { armWatchdog(worker); },
                [this](OfficeWorker& worker) { supervisor_.disarm(worker.index()); });
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
        runJob([&](OfficeWorker& worker) { fillAndExport(worker, request, stamp, result); },
               stamp ? &*stamp : nullptr);
        if (loadAhead_ && stamp) loadAhead_->request(*stamp, false);
        return result;
    }

    void convertToPdfA(const std::filesystem::path& document,
                       const std::filesystem::path& pdf) override {
        if (!std::filesystem::exists(document))
            throw OfficeError(OfficeError::Kind::TemplateInvalid,
                              "Dokumentet " + document.string() + " finns inte.",
                              "missing " + document.string());
        prepareOutputDirectory(pdf.parent_path());
        runJob([&](OfficeWorker& worker) {
            auto loaded = loadDocument(worker.loader(), document, false);
            DocumentCloser closer(loaded);
            storePdfA(loaded, pdf);
        });
    }

    void warmUp() override {
        for (size_t i = 0; i < pool_.size(); ++i) {
            OfficeWorker& worker = pool_.acquire();
            try {
                worker.ensureReady(stopping());
            } catch (...) {
                pool_.release(worker, true);
                throw;
            }
            pool_.release(worker, false);
        }
    }

    void prepare(const std::filesystem::path& templateFile) override {
        if (!loadAhead_) return;
        const auto stamp = stampOf(templateFile);
        if (!stamp) return;  // a missing template: the report says so itself
        loadAhead_->request(*stamp, true);
    }

    void waitUntilIdle() override {
        if (loadAhead_) loadAhead_->waitUntilIdle();  // a load ahead holds its worker busy
        pool_.waitUntilIdle();
    }

    std::vector<pid_t> processIds() const override { return pool_.processIds(); }

    void shutdown() override {
        if (stopped_.exchange(true)) return;
        if (loadAhead_) loadAhead_->stop();
        pool_.beginStop();
        loadAhead_.reset();  // waits for its thread, which a killed process has freed
        pool_.stopIdleWorkers();
        supervisor_.stop();
        if (ownsWorkDirectory_) {
            std::error_code ignored;
            std::filesystem::remove_all(options_.workDirectory, ignored);
        }
    }

  private:
    static OfficeEngineOptions withWorkDirectory(OfficeEngineOptions options, bool& owned) {
        options.workDirectory = workDirectory(std::move(options.workDirectory), owned);
        return options;
    }

    [[nodiscard]] std::function<bool()> stopping() const {
        return [this] { return pool_.stopping(); };
    }

    void fillAndExport(OfficeWorker& worker, const RenderRequest& request,
                       const std::optional<TemplateStamp>& stamp, const RenderedDocument& result) {
        PhaseClock clock;
        auto document = worker.takeLoaded(stamp);
        const bool loadedAhead = document.is();
        if (!loadedAhead) document = loadDocument(worker.loader(), request.templateFile, true);
        DocumentCloser closer(document);
        const auto loadMs = loadedAhead ? std::string("(loaded ahead) 0") : clock.lap();
        clock.restart();
        auto shapes = shapes_.known(stamp);
        fillDocument(document, request.content, request.templateFile, &shapes);
        shapes_.remember(stamp, std::move(shapes));
        const auto fillMs = clock.lap();
        // PDF first: its export lays the document out once and the ODT save after it
        // reuses that layout; the other way round the document was laid out twice
        // (~100 ms a report, measured with report-bench --office-log).
        if (request.writePdf) {
            const PrintSettingGuard keep(document);  // the PDF export turns a print option off
            storePdfA(document, result.pdf, request.pdfShowsPlaceholders);
        }
        const auto pdfMs = clock.lap();
        if (request.writeOdt) storeOdt(document, result.odt);
        const auto odtMs = clock.lap();
        logger().debug("render on office process %d: load %s ms, fill %s ms, PDF %s ms, ODT %s ms",
                       worker.index(), loadMs, fillMs, pdfMs, odtMs);
    }

    // Runs `job` on a free, connected office process. A process that dies mid-job
    // is replaced and the job tried once more; a job past its time limit kills the process.
    void runJob(const std::function<void(OfficeWorker&)>& job,
                const TemplateStamp* preferLoaded = nullptr) {
        for (int attempt = 1;; ++attempt) {
            OfficeWorker& worker = pool_.acquire(attempt == 1 ? preferLoaded : nullptr);
            bool broken = false;
            try {
                worker.ensureReady(stopping());
                armWatchdog(worker);
                try {
                    job(worker);
                } catch (const css::lang::DisposedException& error) {
                    supervisor_.disarm(worker.index());
                    broken = true;
                    throw translate(worker, toUtf8(error.Message), true);
                } catch (const css::uno::Exception& error) {
                    supervisor_.disarm(worker.index());
                    broken = true;
                    const std::string message = toUtf8(error.Message);
                    throw translate(worker, message,
                                    message.find("bridge already disposed") != std::string::npos);
                }
                supervisor_.disarm(worker.index());
                worker.jobDone();
                pool_.release(worker, false);
                return;
            } catch (const OfficeError& error) {
                supervisor_.disarm(worker.index());
                const bool retry = error.kind() == OfficeError::Kind::ProcessDied && attempt == 1 &&
                                   !pool_.stopping();
                pool_.release(worker, broken || error.kind() == OfficeError::Kind::ProcessDied ||
                                          error.kind() == OfficeError::Kind::Timeout ||
                                          error.kind() == OfficeError::Kind::StartFailed);
                if (retry) {
                    logger().warning(
                        "office process %d died during a job (%s); retrying on a fresh process",
                        worker.index(), error.detail());
                    continue;
                }
                throw;
            } catch (...) {
                supervisor_.disarm(worker.index());
                pool_.release(worker, true);
                throw;
            }
        }
    }

    void armWatchdog(OfficeWorker& worker) {
        supervisor_.arm(
            worker.index(), std::chrono::steady_clock::now() + options_.jobTimeout, [&worker] {
                logger().warning("office process %d exceeded the job timeout; killing pid %d",
                                 worker.index(), static_cast<int>(worker.pid()));
                worker.kill();
            });
    }

    OfficeError translate(OfficeWorker& worker, const std::string& unoMessage, bool bridgeGone) {
        const bool gone = worker.processGone(bridgeGone);
        if (supervisor_.expired(worker.index()))
            return OfficeError(
                OfficeError::Kind::Timeout,
                "Kontorsprogrammet blev inte klart inom " +
                    std::to_string(options_.jobTimeout.count()) +
                    " sekunder och har startats om. Försök igen; om felet återkommer, "
                    "kontakta administratören.",
                "job timeout on office process " + std::to_string(worker.index()) + ": " +
                    unoMessage);
        if (bridgeGone || gone)
            return OfficeError(
                OfficeError::Kind::ProcessDied,
                "Kontorsprogrammet avslutades oväntat under arbetet. Försök igen; om felet "
                "återkommer, kontrollera minne och LibreOffice-installationen (committee-report "
                "doctor).",
                "office process " + std::to_string(worker.index()) + " " +
                    worker.exitDescription() + ": " + unoMessage);
        return OfficeError(OfficeError::Kind::ExportFailed,
                           "Kontorsprogrammet kunde inte skapa dokumentet: " + unoMessage,
                           "UNO error: " + unoMessage);
    }

    bool ownsWorkDirectory_ = false;
    const OfficeEngineOptions options_;
    OfficeSupervisor supervisor_;
    WorkerPool pool_;
    std::optional<TemplateLoadAhead> loadAhead_;
    TableShapeCache shapes_;
    std::atomic<bool> stopped_{false};
};

}  // namespace

std::unique_ptr<OfficeEngine> makeOfficeEngine(OfficeEngineOptions options) {
    return std::make_unique<PooledOfficeEngine>(std::move(options));
}

}  // namespace committee_report::office
