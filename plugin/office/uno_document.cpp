#include "uno_document.h"

#include <com/sun/star/document/MacroExecMode.hpp>
#include <com/sun/star/frame/XStorable.hpp>
#include <com/sun/star/io/IOException.hpp>
#include <com/sun/star/lang/IllegalArgumentException.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>
#include <com/sun/star/util/XCloseable.hpp>

#include <unistd.h>

#include <atomic>
#include <string>
#include <utility>
#include <vector>

#include "office_error.h"
#include "uno_support.h"

namespace committee_report::office {

using css::uno::Any;
using css::uno::Reference;
using css::uno::UNO_QUERY;
using css::uno::UNO_QUERY_THROW;
using uno::fileUrl;
using uno::properties;
using uno::toOUString;
using uno::toUtf8;

namespace {

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

}  // namespace

Reference<css::lang::XComponent> loadDocument(const Reference<css::frame::XComponentLoader>& loader,
                                              const std::filesystem::path& file, bool asTemplate) {
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
        document = loader->loadComponentFromURL(fileUrl(file), "_blank", 0, arguments);
    } catch (const css::lang::IllegalArgumentException& error) {
        document.clear();
        why = "IllegalArgumentException: " + toUtf8(error.Message);
    } catch (const css::io::IOException& error) {
        document.clear();
        why = "IOException: " + toUtf8(error.Message);
    }
    if (!document.is())
        throw OfficeError(OfficeError::Kind::TemplateInvalid,
                          "Filen " + file.string() +
                              " kan inte öppnas som ett ODF-dokument. Kontrollera att den är en "
                              "giltig mall (flat ODF, .fott) eller ett ODT-dokument.",
                          "loadComponentFromURL(" + file.string() + "): " + why);
    return document;
}

void storePdfA(const Reference<css::lang::XComponent>& document,
               const std::filesystem::path& target, bool showPlaceholders) {
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
    store(document, target,
          properties({{"FilterName", Any(toOUString("writer_pdf_Export"))},
                      {"FilterData", Any(filterData)}}));
}

void storeOdt(const Reference<css::lang::XComponent>& document,
              const std::filesystem::path& target) {
    store(document, target,
          properties({{"FilterName", Any(toOUString("writer8"))}, {"NoThumbnail", Any(true)}}));
}

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

PrintSettingGuard::PrintSettingGuard(const Reference<css::lang::XComponent>& document) {
    Reference<css::lang::XMultiServiceFactory> factory(document, UNO_QUERY);
    if (factory.is())
        settings_.set(factory->createInstance("com.sun.star.text.DocumentSettings"), UNO_QUERY);
    if (settings_.is()) value_ = settings_->getPropertyValue("PrintEmptyPages");
}

PrintSettingGuard::~PrintSettingGuard() {
    try {
        if (settings_.is() && value_.hasValue())
            settings_->setPropertyValue("PrintEmptyPages", value_);
    } catch (const css::uno::Exception&) {
        // The document or its process is gone; the job fails on its own.
    }
}

}  // namespace committee_report::office
