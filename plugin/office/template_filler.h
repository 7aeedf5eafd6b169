// Places a DocumentContent into a loaded Writer document: user fields, named
// sections, named tables (bulk), embedded charts and document properties.
// Every name in the content must exist in the template: a missing one is a
// template error naming the name and the template file.
#pragma once

#include <com/sun/star/lang/XComponent.hpp>

#include <filesystem>

#include "core/document_content.h"

namespace committee_report::office {

void fillDocument(
    const ::com::sun::star::uno::Reference<::com::sun::star::lang::XComponent>& document,
    const core::DocumentContent& content, const std::filesystem::path& templateFile);

}  // namespace committee_report::office
