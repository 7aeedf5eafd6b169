// One document in an office process, over UNO: opened read-only, written to a
// file atomically (PDF/A-2b or ODT), closed whatever happens to the job.
// Used by the office engine only; knows nothing of processes or queues.
#pragma once

#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/frame/XComponentLoader.hpp>
#include <com/sun/star/lang/XComponent.hpp>

#include <filesystem>

namespace committee_report::office {

namespace css = ::com::sun::star;

// Opens `file` (a flat ODF template or an ODT) hidden, read-only, with macros off.
// Throws OfficeError(TemplateInvalid) whose detail keeps UNO's own message.
[[nodiscard]] css::uno::Reference<css::lang::XComponent> loadDocument(
    const css::uno::Reference<css::frame::XComponentLoader>& loader,
    const std::filesystem::path& file, bool asTemplate);

// Writes the document as PDF/A-2b (tagged, headings as bookmarks) or as ODT, under a
// temporary name renamed into place when complete. Throws OfficeError(ExportFailed).
void storePdfA(const css::uno::Reference<css::lang::XComponent>& document,
               const std::filesystem::path& target, bool showPlaceholders = false);
void storeOdt(const css::uno::Reference<css::lang::XComponent>& document,
              const std::filesystem::path& target);

// Closes a loaded document; never throws (its process may be gone).
void closeQuietly(const css::uno::Reference<css::lang::XComponent>& document);

// Closes a loaded document whatever happens to the job.
class DocumentCloser {
  public:
    explicit DocumentCloser(css::uno::Reference<css::lang::XComponent> document)
        : document_(std::move(document)) {}
    ~DocumentCloser() { closeQuietly(document_); }
    DocumentCloser(const DocumentCloser&) = delete;
    DocumentCloser& operator=(const DocumentCloser&) = delete;

  private:
    css::uno::Reference<css::lang::XComponent> document_;
};

// Writer's PDF export leaves the document setting PrintEmptyPages switched off; the
// editable ODT saved after it keeps the template's own value.
class PrintSettingGuard {
  public:
    explicit PrintSettingGuard(const css::uno::Reference<css::lang::XComponent>& document);
    ~PrintSettingGuard();
    PrintSettingGuard(const PrintSettingGuard&) = delete;
    PrintSettingGuard& operator=(const PrintSettingGuard&) = delete;

  private:
    css::uno::Reference<css::beans::XPropertySet> settings_;
    css::uno::Any value_;
};

}  // namespace committee_report::office
