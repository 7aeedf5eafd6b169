#include "xml_schema_validation.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <fstream>
#include <sstream>

#include "schemas/embedded_schemas.h"

namespace committee_report::config {

XmlFileError::XmlFileError(std::string message, std::vector<std::string> details)
    : Error(Status::Failed,
            [&] {
                std::string text = std::move(message);
                for (const auto& detail : details) text += "\n  " + detail;
                return text;
            }()),
      details_(std::move(details)) {}

std::string XmlFileError::userMessage() const {
    return std::string("Konfigurationen kan inte användas. Kontakta administratören.\n") + what();
}

namespace {

void collectError(void* userData, xmlError* error) {
    auto* problems = static_cast<std::vector<std::string>*>(userData);
    std::string message = error->message ? error->message : "okänt fel";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    // "{urn:…}processes" reads as "processes" to an administrator.
    for (auto open = message.find('{'); open != std::string::npos; open = message.find('{', open)) {
        const auto close = message.find('}', open);
        if (close == std::string::npos) break;
        message.erase(open, close - open + 1);
    }
    problems->push_back((error->line > 0 ? "rad " + std::to_string(error->line) + ": " : "") +
                        message);
}

struct SchemaParserCtxDeleter {
    void operator()(xmlSchemaParserCtxt* ctx) const { xmlSchemaFreeParserCtxt(ctx); }
};
struct SchemaDeleter {
    void operator()(xmlSchema* schema) const { xmlSchemaFree(schema); }
};
struct SchemaValidCtxDeleter {
    void operator()(xmlSchemaValidCtxt* ctx) const { xmlSchemaFreeValidCtxt(ctx); }
};
struct ParserCtxDeleter {
    void operator()(xmlParserCtxt* ctx) const { xmlFreeParserCtxt(ctx); }
};

std::unique_ptr<xmlSchema, SchemaDeleter> compileSchema(std::string_view schemaName) {
    auto text = schemas::schemaText(schemaName);
    if (!text) throw XmlFileError("Schemat " + std::string(schemaName) + " saknas i programmet.");
    std::vector<std::string> problems;
    std::unique_ptr<xmlSchemaParserCtxt, SchemaParserCtxDeleter> parser(
        xmlSchemaNewMemParserCtxt(text->data(), static_cast<int>(text->size())));
    xmlSchemaSetParserStructuredErrors(parser.get(), collectError, &problems);
    std::unique_ptr<xmlSchema, SchemaDeleter> schema(xmlSchemaParse(parser.get()));
    if (!schema)
        throw XmlFileError("Schemat " + std::string(schemaName) + " kan inte läsas (programfel).",
                           problems);
    return schema;
}

}  // namespace

XmlDocPtr parseValidated(std::string_view xml, std::string_view displayName,
                         std::string_view schemaName, const std::vector<RetiredElement>& retired) {
    const std::string name(displayName);
    std::vector<std::string> problems;
    std::unique_ptr<xmlParserCtxt, ParserCtxDeleter> parser(xmlNewParserCtxt());
    if (!parser) throw std::bad_alloc();
    xmlSetStructuredErrorFunc(&problems, collectError);
    // No network, no external entities: configuration files are local and trusted only so far.
    XmlDocPtr doc(xmlCtxtReadMemory(parser.get(), xml.data(), static_cast<int>(xml.size()),
                                    name.c_str(), "UTF-8", XML_PARSE_NONET | XML_PARSE_NOBLANKS));
    xmlSetStructuredErrorFunc(nullptr, nullptr);
    if (!doc) throw XmlFileError(name + " är inte välformad XML:", problems);

    auto schema = compileSchema(schemaName);
    std::unique_ptr<xmlSchemaValidCtxt, SchemaValidCtxDeleter> validator(
        xmlSchemaNewValidCtxt(schema.get()));
    xmlSchemaSetValidStructuredErrors(validator.get(), collectError, &problems);
    if (xmlSchemaValidateDoc(validator.get(), doc.get()) != 0) {
        if (problems.empty())
            problems.push_back("dokumentet följer inte schemat " + std::string(schemaName));
        // libxml2 only says such an element "is not expected"; say why, before the rest.
        std::vector<std::string> advice;
        for (const auto& element : retired)
            for (const auto* node : childElements(xmlDocGetRootElement(doc.get()), element.name))
                advice.push_back("rad " + std::to_string(xmlGetLineNo(node)) + ": <" +
                                 element.name + "> " + element.advice);
        problems.insert(problems.begin(), advice.begin(), advice.end());
        throw XmlFileError(name + " följer inte schemat " + std::string(schemaName) + ":",
                           problems);
    }
    return doc;
}

XmlDocPtr loadValidated(const std::filesystem::path& file, std::string_view schemaName,
                        const std::vector<RetiredElement>& retired) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw XmlFileError("Filen " + file.string() +
                           " kan inte läsas: kontrollera sökvägen och behörigheterna.");
    std::ostringstream text;
    text << in.rdbuf();
    return parseValidated(text.str(), file.string(), schemaName, retired);
}

std::string nodeText(const xmlNode* node) {
    if (!node) return {};
    xmlChar* content = xmlNodeGetContent(node);
    std::string text = content ? reinterpret_cast<const char*>(content) : "";
    xmlFree(content);
    const auto first = text.find_first_not_of(" \t\r\n");
    const auto last = text.find_last_not_of(" \t\r\n");
    return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

std::string attribute(const xmlNode* node, const char* name, std::string fallback) {
    xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    if (!value) return fallback;
    std::string text = reinterpret_cast<const char*>(value);
    xmlFree(value);
    return text;
}

bool hasName(const xmlNode* node, const char* name) {
    return node && node->type == XML_ELEMENT_NODE &&
           xmlStrEqual(node->name, reinterpret_cast<const xmlChar*>(name));
}

std::vector<const xmlNode*> childElements(const xmlNode* node, const char* name) {
    std::vector<const xmlNode*> children;
    for (const xmlNode* child = node ? node->children : nullptr; child; child = child->next)
        if (child->type == XML_ELEMENT_NODE && (!name || hasName(child, name)))
            children.push_back(child);
    return children;
}

const xmlNode* firstChild(const xmlNode* node, const char* name) {
    for (const xmlNode* child = node ? node->children : nullptr; child; child = child->next)
        if (hasName(child, name)) return child;
    return nullptr;
}

}  // namespace committee_report::config
