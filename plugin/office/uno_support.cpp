#include "uno_support.h"

#include <cppuhelper/bootstrap.hxx>
#include <osl/file.hxx>

#include <cstdlib>
#include <mutex>

#include "office_error.h"

namespace committee_report::office::uno {

rtl::OUString toOUString(std::string_view utf8) {
    return rtl::OUString(utf8.data(), static_cast<sal_Int32>(utf8.size()), RTL_TEXTENCODING_UTF8);
}

std::string toUtf8(const rtl::OUString& text) {
    const rtl::OString bytes = rtl::OUStringToOString(text, RTL_TEXTENCODING_UTF8);
    return std::string(bytes.getStr(), static_cast<size_t>(bytes.getLength()));
}

rtl::OUString fileUrl(const std::filesystem::path& path) {
    rtl::OUString url;
    osl::FileBase::getFileURLFromSystemPath(toOUString(std::filesystem::absolute(path).string()),
                                            url);
    return url;
}

css::uno::Sequence<css::beans::PropertyValue> properties(
    const std::vector<std::pair<const char*, css::uno::Any>>& values) {
    css::uno::Sequence<css::beans::PropertyValue> sequence(static_cast<sal_Int32>(values.size()));
    auto* out = sequence.getArray();
    for (size_t i = 0; i < values.size(); ++i) {
        out[i].Name = rtl::OUString::createFromAscii(values[i].first);
        out[i].Value = values[i].second;
    }
    return sequence;
}

css::uno::Reference<css::uno::XComponentContext> localContext() {
    // Deliberately never destroyed: tearing down UNO at exit races the remote
    // bridges' threads. The bootstrap needs URE_BOOTSTRAP (crashes without it).
    static css::uno::Reference<css::uno::XComponentContext>* context = nullptr;
    static std::once_flag once;
    std::call_once(once, [] {
        setenv("URE_BOOTSTRAP", "vnd.sun.star.pathname:/usr/lib/libreoffice/program/fundamentalrc",
               0);
        try {
            context = new css::uno::Reference<css::uno::XComponentContext>(
                cppu::defaultBootstrap_InitialComponentContext());
        } catch (const css::uno::Exception& error) {
            throw OfficeError(OfficeError::Kind::StartFailed,
                              "LibreOffice-installationen kan inte användas. Installera om paketen "
                              "libreoffice-writer-nogui och libreoffice-core.",
                              "UNO bootstrap failed: " + toUtf8(error.Message));
        }
    });
    if (!context || !context->is())
        throw OfficeError(OfficeError::Kind::StartFailed,
                          "LibreOffice-installationen kan inte användas. Installera om paketen "
                          "libreoffice-writer-nogui och libreoffice-core.",
                          "UNO bootstrap returned no context");
    return *context;
}

}  // namespace committee_report::office::uno
