// UNO helpers shared inside plugin/office only: string conversion, file URLs,
// property sequences, and turning css::uno::Exception into OfficeError.
#pragma once

#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/uno/Sequence.hxx>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <rtl/ustring.hxx>

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace committee_report::office::uno {

namespace css = ::com::sun::star;

[[nodiscard]] rtl::OUString toOUString(std::string_view utf8);
[[nodiscard]] std::string toUtf8(const rtl::OUString& text);
[[nodiscard]] rtl::OUString fileUrl(const std::filesystem::path& path);

// The 7.4 SDK has no Sequence initializer-list constructor.
[[nodiscard]] css::uno::Sequence<css::beans::PropertyValue> properties(
    const std::vector<std::pair<const char*, css::uno::Any>>& values);

// The local UNO context of this process, bootstrapped once (thread safe).
[[nodiscard]] css::uno::Reference<css::uno::XComponentContext> localContext();

}  // namespace committee_report::office::uno
