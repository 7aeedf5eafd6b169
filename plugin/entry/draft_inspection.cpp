#include "draft_inspection.h"

#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>
#include <sstream>
#include <stdexcept>

#include "core/personal_identity_number.h"

namespace committee_report::entry {

namespace {

const xmlChar* const kTextNamespace =
    reinterpret_cast<const xmlChar*>("urn:oasis:names:tc:opendocument:xmlns:text:1.0");

std::string zipMember(const std::string& bytes, const std::string& name) {
    std::istringstream in(bytes);
    Poco::Zip::ZipArchive archive(in);
    const auto header = archive.findHeader(name);
    if (header == archive.headerEnd()) throw std::runtime_error(name + " missing from ODT");
    in.clear();
    Poco::Zip::ZipInputStream stream(in, header->second);
    std::ostringstream out;
    out << stream.rdbuf();
    return out.str();
}

bool isTextElement(const xmlNode* node, const char* name) {
    return node->type == XML_ELEMENT_NODE && node->ns &&
           xmlStrEqual(node->ns->href, kTextNamespace) &&
           xmlStrEqual(node->name, reinterpret_cast<const xmlChar*>(name));
}

void walk(const xmlNode* node, DraftProblems& problems, std::string& text) {
    for (; node; node = node->next) {
        if (isTextElement(node, "placeholder")) {
            xmlChar* description =
                xmlGetNsProp(node, reinterpret_cast<const xmlChar*>("description"), kTextNamespace);
            xmlChar* content = xmlNodeGetContent(node);
            std::string place = description
                                    ? reinterpret_cast<const char*>(description)
                                    : (content ? reinterpret_cast<const char*>(content) : "");
            xmlFree(description);
            xmlFree(content);
            problems.unfilledPlaces.push_back(place);
            continue;  // the placeholder's own prompt is not the official's text
        }
        if (node->type == XML_TEXT_NODE && node->content)
            text += reinterpret_cast<const char*>(node->content);
        if (node->type == XML_ELEMENT_NODE &&
            (isTextElement(node, "p") || isTextElement(node, "h") || isTextElement(node, "s") ||
             isTextElement(node, "tab") || isTextElement(node, "line-break")))
            text += ' ';
        walk(node->children, problems, text);
    }
}

}  // namespace

DraftProblems inspectDraft(const std::string& odtBytes) {
    DraftProblems problems;
    std::string text;
    for (const char* part : {"content.xml", "styles.xml"}) {
        const std::string xml = zipMember(odtBytes, part);
        std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
            xmlReadMemory(xml.data(), static_cast<int>(xml.size()), part, "UTF-8",
                          XML_PARSE_NONET | XML_PARSE_NOERROR),
            &xmlFreeDoc);
        if (!doc) throw std::runtime_error(std::string(part) + " of the ODT is not well-formed");
        walk(xmlDocGetRootElement(doc.get()), problems, text);
    }
    problems.personalIdentityNumbers =
        static_cast<int>(core::findPersonalIdentityNumbers(text).size());
    return problems;
}

}  // namespace committee_report::entry
