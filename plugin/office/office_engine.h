// The office engine: turns a template plus document content into an editable
// ODT and an archival PDF/A, using headless LibreOffice processes it owns.
// Nothing outside plugin/office knows UNO; this header has no UNO types.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/document_content.h"

namespace committee_report::office {

struct OfficeEngineOptions {
    std::filesystem::path program = "/usr/lib/libreoffice/program/soffice.bin";
    // Each process gets <workDirectory>/profile-<n>; empty = a private temp folder removed on
    // shutdown.
    std::filesystem::path workDirectory;
    int processes = 1;  // 0 = one per core, at most four
    std::chrono::seconds startTimeout{60};
    std::chrono::seconds jobTimeout{300};
    std::chrono::seconds queueTimeout{600};
    // A process is replaced after this many jobs (bounded memory growth in long-running hosts).
    int maxJobsPerProcess = 200;
    // ... or once its resident memory has grown past this (checked before each job).
    int maxMemoryMb = 1024;
    // After a report, the idle process loads the same template again so the next report
    // starts filling at once (the load is off the official's wait). Costs one loaded
    // template per process in memory.
    bool keepTemplateLoaded = true;
};

struct RenderRequest {
    std::filesystem::path templateFile;  // flat ODF (.fott/.fodt) or ODT
    core::DocumentContent content;
    std::filesystem::path outputDirectory;
    std::string baseName;  // file name without extension; built from dnr and document type only
    bool writeOdt = true;
    bool writePdf = true;
    // Show the template's placeholders (the official's places to write) in the PDF: for draft
    // previews.
    bool pdfShowsPlaceholders = false;
};

struct RenderedDocument {
    std::filesystem::path odt;  // empty if not requested
    std::filesystem::path pdf;  // PDF/A-2b, tagged
};

class OfficeEngine {
  public:
    virtual ~OfficeEngine() = default;

    // Fills the template and writes the files atomically (a temporary name in the
    // same folder, renamed when complete). Throws OfficeError. Thread safe: jobs
    // queue for a free office process.
    virtual RenderedDocument render(const RenderRequest& request) = 0;
    // Loads an existing ODT (e.g. the official's edited draft) and exports PDF/A-2b.
    virtual void convertToPdfA(const std::filesystem::path& document,
                               const std::filesystem::path& pdf) = 0;
    // Starts the office processes now instead of at the first job (cold start paid up front).
    virtual void warmUp() = 0;
    // A report with this template is on its way (its data is still being fetched): in the
    // background, start an office process if none is idle and running, or replace one due
    // for recycling, and load the template on it, so the report finds it loaded. Returns at
    // once; does nothing when an idle process already has this version of the template, or
    // when keepTemplateLoaded is off. Problems are only logged: the report meets them itself.
    virtual void prepare(const std::filesystem::path& templateFile) = 0;
    // Waits until no job and no template load ahead is running (benchmarks, tests).
    virtual void waitUntilIdle() = 0;
    // Process ids of the running office processes (diagnostics, tests).
    [[nodiscard]] virtual std::vector<pid_t> processIds() const = 0;
    // Stops every office process and waits for them. Also done by the destructor.
    virtual void shutdown() = 0;
};

[[nodiscard]] std::unique_ptr<OfficeEngine> makeOfficeEngine(OfficeEngineOptions options);

// Removes the UNO sockets (/tmp/OSL_PIPE_…_committee-report-<pid>-…) of offices whose host
// ended without stopping them, killed outright: only where no process has that pid. Cheap
// (one listing of /tmp); run when a host starts and before each office starts.
void removeSocketsOfEndedHosts();

}  // namespace committee_report::office
