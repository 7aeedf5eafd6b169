#include "template_filler.h"

#include <com/sun/star/beans/UnknownPropertyException.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/chart/XChartDataArray.hpp>
#include <com/sun/star/chart/XChartDocument.hpp>
#include <com/sun/star/container/NoSuchElementException.hpp>
#include <com/sun/star/container/XNameAccess.hpp>
#include <com/sun/star/document/XDocumentProperties.hpp>
#include <com/sun/star/document/XDocumentPropertiesSupplier.hpp>
#include <com/sun/star/document/XEmbeddedObjectSupplier.hpp>
#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/lang/Locale.hpp>
#include <com/sun/star/sheet/XCellRangeData.hpp>
#include <com/sun/star/table/XCellRange.hpp>
#include <com/sun/star/table/XTableColumns.hpp>
#include <com/sun/star/table/XTableRows.hpp>
#include <com/sun/star/text/ControlCharacter.hpp>
#include <com/sun/star/text/XTextContent.hpp>
#include <com/sun/star/text/XTextEmbeddedObjectsSupplier.hpp>
#include <com/sun/star/text/XTextFieldsSupplier.hpp>
#include <com/sun/star/text/XTextSection.hpp>
#include <com/sun/star/text/XTextSectionsSupplier.hpp>
#include <com/sun/star/text/XTextTable.hpp>
#include <com/sun/star/text/XTextTablesSupplier.hpp>
#include <com/sun/star/util/XModifiable.hpp>

#include <algorithm>
#include <functional>

#include "office_error.h"
#include "uno_support.h"

namespace committee_report::office {

namespace css = ::com::sun::star;
using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;
using css::uno::UNO_QUERY;
using css::uno::UNO_QUERY_THROW;
using uno::toOUString;

namespace {

[[noreturn]] void missing(const char* what, const std::string& name,
                          const std::filesystem::path& templateFile) {
    throw OfficeError(
        OfficeError::Kind::TemplateInvalid,
        std::string("Mallen saknar ") + what + " `" + name + "` (" + templateFile.string() +
            "). Lägg till det i mallen eller använd en mall som hör till rapportdefinitionen.",
        std::string("template lacks ") + what + " " + name);
}

// The named element of a template, or an error naming what the template lacks.
Any lookUp(const Reference<css::container::XNameAccess>& elements, const rtl::OUString& key,
           const char* what, const std::string& name, const std::filesystem::path& templateFile) {
    try {
        return elements->getByName(key);
    } catch (const css::container::NoSuchElementException&) {
        missing(what, name, templateFile);
    }
}

void fillFields(const Reference<css::lang::XComponent>& document,
                const core::DocumentContent& content, const std::filesystem::path& templateFile) {
    if (content.fields.empty()) return;
    Reference<css::text::XTextFieldsSupplier> supplier(document, UNO_QUERY_THROW);
    Reference<css::container::XNameAccess> masters = supplier->getTextFieldMasters();
    for (const auto& [name, value] : content.fields) {
        const auto masterName = toOUString("com.sun.star.text.fieldmaster.User." + name);
        Reference<css::beans::XPropertySet> master(
            lookUp(masters, masterName, "fältet", name, templateFile), UNO_QUERY_THROW);
        // Setting a user field's content updates every field that shows it; a refresh of all
        // fields on top cost ~15 ms a report (measured) and changed nothing.
        master->setPropertyValue("Content", Any(toOUString(value)));
    }
}

// The section keeps its first paragraph's style and list; the paragraphs go in
// as one string with paragraph breaks ('\r'), i.e. one call per section.
void fillBlocks(const Reference<css::lang::XComponent>& document,
                const core::DocumentContent& content, const std::filesystem::path& templateFile) {
    if (content.blocks.empty()) return;
    Reference<css::text::XTextSectionsSupplier> supplier(document, UNO_QUERY_THROW);
    Reference<css::container::XNameAccess> sections = supplier->getTextSections();
    for (const auto& [name, block] : content.blocks) {
        Reference<css::text::XTextSection> section(
            lookUp(sections, toOUString(name), "avsnittet", name, templateFile), UNO_QUERY_THROW);
        std::string joined;
        for (size_t i = 0; i < block.paragraphs.size(); ++i) {
            if (i > 0) joined += '\r';
            joined += block.paragraphs[i];
        }
        section->getAnchor()->setString(toOUString(joined));
    }
}

rtl::OUString cellName(sal_Int32 column, sal_Int32 row) {
    std::string name;
    if (column >= 26) name += static_cast<char>('A' + column / 26 - 1);
    name += static_cast<char>('A' + column % 26);
    return toOUString(name + std::to_string(row + 1));
}

// The table's shape as the template has it: from `shapes` when known, else asked.
TableShape shapeOf(const Reference<css::text::XTextTable>& textTable,
                   const Reference<css::table::XTableRows>& rows, const std::string& name,
                   TableShapes* shapes) {
    if (shapes) {
        const auto known = shapes->find(name);
        if (known != shapes->end()) return known->second;
    }
    TableShape shape;
    sal_Int32 headerRows = 1;
    try {
        Reference<css::beans::XPropertySet>(textTable, UNO_QUERY_THROW)
            ->getPropertyValue("HeaderRowCount") >>= headerRows;
    } catch (const css::beans::UnknownPropertyException&) {
        // An office without the property: the template's first row is its header.
    }
    shape.headerRows = headerRows;
    shape.columns = textTable->getColumns()->getCount();
    shape.rows = rows->getCount();
    if (shapes) (*shapes)[name] = shape;
    return shape;
}

void fillTables(const Reference<css::lang::XComponent>& document,
                const core::DocumentContent& content, const std::filesystem::path& templateFile,
                TableShapes* shapes) {
    if (content.tables.empty()) return;
    Reference<css::text::XTextTablesSupplier> supplier(document, UNO_QUERY_THROW);
    Reference<css::container::XNameAccess> tables = supplier->getTextTables();
    // Each call below is a round trip to the office process (~0.25 ms on two busy cores).
    for (const auto& [name, table] : content.tables) {
        Reference<css::text::XTextTable> textTable(
            lookUp(tables, toOUString(name), "tabellen", name, templateFile), UNO_QUERY_THROW);
        Reference<css::table::XTableRows> rows = textTable->getRows();
        const auto shape = shapeOf(textTable, rows, name, shapes);
        // Columns the report leaves out go first (from the right, so indices stay valid).
        std::vector<int> removed = table.removedColumns;
        std::sort(removed.begin(), removed.end(), std::greater<>());
        removed.erase(std::unique(removed.begin(), removed.end()), removed.end());
        for (const int column : removed) {
            if (column < 0 || column >= shape.columns)
                throw OfficeError(OfficeError::Kind::TemplateInvalid,
                                  "Tabellen `" + name + "` i mallen " + templateFile.string() +
                                      " har ingen kolumn " + std::to_string(column + 1) +
                                      " att ta bort.",
                                  "no column " + std::to_string(column) + " in table " + name);
            textTable->getColumns()->removeByIndex(column, 1);
        }
        const sal_Int32 columns = shape.columns - static_cast<sal_Int32>(removed.size());
        const sal_Int32 patternRow = shape.headerRows;
        if (shape.rows <= patternRow)
            throw OfficeError(OfficeError::Kind::TemplateInvalid,
                              "Tabellen `" + name + "` i mallen " + templateFile.string() +
                                  " saknar en mönsterrad under rubrikraden.",
                              "table " + name + " has no body row");
        if (table.rows.empty()) {
            rows->removeByIndex(patternRow, 1);
            continue;
        }
        const auto count = static_cast<sal_Int32>(table.rows.size());
        // New rows copy the pattern row's formatting; all cells then go in with one call.
        if (count > 1) rows->insertByIndex(patternRow + 1, count - 1);
        Sequence<Sequence<Any>> data(count);
        for (sal_Int32 r = 0; r < count; ++r) {
            const auto& source = table.rows[static_cast<size_t>(r)];
            if (static_cast<sal_Int32>(source.size()) != columns)
                throw OfficeError(OfficeError::Kind::TemplateInvalid,
                                  "Tabellen `" + name + "` i mallen " + templateFile.string() +
                                      " har " + std::to_string(columns) +
                                      " kolumner men rapporten har " +
                                      std::to_string(source.size()) + ".",
                                  "column count mismatch in table " + name);
            Sequence<Any> row(columns);
            for (sal_Int32 c = 0; c < columns; ++c)
                row.getArray()[c] <<= toOUString(source[static_cast<size_t>(c)]);
            data.getArray()[r] = row;
        }
        Reference<css::table::XCellRange> range(textTable, UNO_QUERY_THROW);
        auto cells = range->getCellRangeByName(cellName(0, patternRow) + ":" +
                                               cellName(columns - 1, patternRow + count - 1));
        Reference<css::sheet::XCellRangeData>(cells, UNO_QUERY_THROW)->setDataArray(data);
    }
}

// A chart left out: the template section around it (the chart and its caption) is
// emptied and hidden, so no empty frame or orphaned caption reaches the PDF. A chart
// outside any section loses only its frame.
void omitChart(const Reference<css::text::XTextContent>& frame) {
    const auto anchor = frame->getAnchor();
    Reference<css::text::XTextSection> section;
    if (Reference<css::beans::XPropertySet> at{anchor, UNO_QUERY}; at.is())
        at->getPropertyValue("TextSection") >>= section;
    if (!section.is()) {
        anchor->getText()->removeTextContent(frame);
        return;
    }
    section->getAnchor()->setString(rtl::OUString());
    Reference<css::beans::XPropertySet>(section, UNO_QUERY_THROW)
        ->setPropertyValue("IsVisible", Any(false));
}

void fillCharts(const Reference<css::lang::XComponent>& document,
                const core::DocumentContent& content, const std::filesystem::path& templateFile) {
    if (content.charts.empty()) return;
    Reference<css::text::XTextEmbeddedObjectsSupplier> supplier(document, UNO_QUERY_THROW);
    Reference<css::container::XNameAccess> objects = supplier->getEmbeddedObjects();
    for (const auto& [name, chart] : content.charts) {
        Reference<css::document::XEmbeddedObjectSupplier> object(
            lookUp(objects, toOUString(name), "diagrammet", name, templateFile), UNO_QUERY_THROW);
        if (chart.omitted) {
            omitChart(Reference<css::text::XTextContent>(object, UNO_QUERY_THROW));
            continue;
        }
        Reference<css::chart::XChartDocument> chartDocument(object->getEmbeddedObject(),
                                                            UNO_QUERY_THROW);
        Reference<css::chart::XChartDataArray> data(chartDocument->getData(), UNO_QUERY_THROW);
        const auto rowCount = static_cast<sal_Int32>(chart.categories.size());
        const auto columnCount = static_cast<sal_Int32>(chart.seriesNames.size());
        Sequence<Sequence<double>> values(rowCount);
        Sequence<rtl::OUString> rowNames(rowCount);
        Sequence<rtl::OUString> columnNames(columnCount);
        for (sal_Int32 r = 0; r < rowCount; ++r) {
            rowNames.getArray()[r] = toOUString(chart.categories[static_cast<size_t>(r)]);
            Sequence<double> row(columnCount);
            for (sal_Int32 c = 0; c < columnCount; ++c)
                row.getArray()[c] =
                    chart.values.at(static_cast<size_t>(r)).at(static_cast<size_t>(c));
            values.getArray()[r] = row;
        }
        for (sal_Int32 c = 0; c < columnCount; ++c)
            columnNames.getArray()[c] = toOUString(chart.seriesNames[static_cast<size_t>(c)]);
        data->setData(values);
        data->setRowDescriptions(rowNames);
        data->setColumnDescriptions(columnNames);
        // Without this an already drawn chart keeps its old picture in the export.
        Reference<css::util::XModifiable>(chartDocument, UNO_QUERY_THROW)->setModified(true);
        if (!chart.altText.empty()) {
            Reference<css::beans::XPropertySet> frame(object, UNO_QUERY_THROW);
            frame->setPropertyValue("Description", Any(toOUString(chart.altText)));
        }
    }
}

void setProperties(const Reference<css::lang::XComponent>& document,
                   const core::DocumentProperties& source) {
    Reference<css::document::XDocumentPropertiesSupplier> supplier(document, UNO_QUERY_THROW);
    Reference<css::document::XDocumentProperties> properties = supplier->getDocumentProperties();
    properties->setTitle(toOUString(source.title));
    properties->setSubject(toOUString(source.subject));
    properties->setAuthor(toOUString(source.author));
    properties->setModifiedBy(toOUString(source.author));
    properties->setPrintedBy(rtl::OUString());
    properties->setDescription(rtl::OUString());
    Sequence<rtl::OUString> keywords(source.keywords.empty() ? 0 : 1);
    if (!source.keywords.empty()) keywords.getArray()[0] = toOUString(source.keywords);
    properties->setKeywords(keywords);
    const auto dash = source.language.find('-');
    css::lang::Locale locale;
    locale.Language = toOUString(source.language.substr(0, dash));
    if (dash != std::string::npos) locale.Country = toOUString(source.language.substr(dash + 1));
    properties->setLanguage(locale);
}

}  // namespace

void fillDocument(const Reference<css::lang::XComponent>& document,
                  const core::DocumentContent& content, const std::filesystem::path& templateFile,
                  TableShapes* shapes) {
    // Controllers locked: nothing is laid out or repainted until the content is complete.
    Reference<css::frame::XModel> model(document, UNO_QUERY_THROW);
    model->lockControllers();
    try {
        fillTables(document, content, templateFile, shapes);
        fillBlocks(document, content, templateFile);
        fillFields(document, content, templateFile);
        fillCharts(document, content, templateFile);
        setProperties(document, content.properties);
    } catch (...) {
        model->unlockControllers();
        throw;
    }
    model->unlockControllers();
}

}  // namespace committee_report::office
