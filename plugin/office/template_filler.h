// Places a DocumentContent into a loaded Writer document: user fields, named
// sections, named tables (bulk), embedded charts and document properties.
// Every name in the content must exist in the template: a missing one is a
// template error naming the name and the template file.
#pragma once

#include <com/sun/star/lang/XComponent.hpp>

#include <filesystem>
#include <map>
#include <string>

#include "core/document_content.h"

namespace committee_report::office {

// What filling learns about a template's table: its header rows, columns and rows as
// the template has them. The same template file has the same tables, so the engine keeps
// these per file version and the next report does not ask again (4 round trips a table).
struct TableShape {
    int headerRows = 1;
    int columns = 0;
    int rows = 0;
};
using TableShapes = std::map<std::string, TableShape>;

// `shapes`: what is known of this template's tables (used, and completed with what
// this fill learns); nullptr to ask the document each time.
void fillDocument(
    const ::com::sun::star::uno::Reference<::com::sun::star::lang::XComponent>& document,
    const core::DocumentContent& content, const std::filesystem::path& templateFile,
    TableShapes* shapes = nullptr);

}  // namespace committee_report::office
