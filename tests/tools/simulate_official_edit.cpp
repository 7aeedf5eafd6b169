// simulate-official-edit: does what an official does in the DMS between
// "Skapa tjänsteskrivelse" and "Fastställ tjänsteskrivelse" — opens the draft
// ODT from the registry, writes text into the marked places, and checks the
// edited file back in (registered as a new document on the same entry).
// Used by the demo and the end-to-end tests; not part of the product.
//
//   simulate-official-edit --config FILE --case DNR [--leave-unfilled] [--add-personnummer]
#include <Poco/DateTime.h>
#include <Poco/Zip/Compress.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <iostream>
#include <map>
#include <sstream>

#include "config/configuration.h"
#include "registry/registry_client.h"

using namespace committee_report;

namespace {

const xmlChar* const kText =
    reinterpret_cast<const xmlChar*>("urn:oasis:names:tc:opendocument:xmlns:text:1.0");

std::map<std::string, std::string> unzip(const std::string& bytes,
                                         std::vector<std::string>& order) {
    std::istringstream in(bytes);
    Poco::Zip::ZipArchive archive(in);
    std::map<std::string, std::string> members;
    for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
        if (it->second.isDirectory()) continue;
        in.clear();
        Poco::Zip::ZipInputStream stream(in, it->second);
        std::ostringstream out;
        out << stream.rdbuf();
        members[it->first] = out.str();
        order.push_back(it->first);
    }
    return members;
}

std::string zip(const std::map<std::string, std::string>& members,
                const std::vector<std::string>& order) {
    std::ostringstream out;
    Poco::Zip::Compress compress(out, true);
    // ODF: "mimetype" first and stored uncompressed.
    std::istringstream mimetype(members.at("mimetype"));
    compress.addFile(mimetype, Poco::DateTime(), "mimetype", Poco::Zip::ZipCommon::CM_STORE);
    for (const auto& name : order) {
        if (name == "mimetype") continue;
        std::istringstream member(members.at(name));
        compress.addFile(member, Poco::DateTime(), name, Poco::Zip::ZipCommon::CM_DEFLATE);
    }
    compress.close();
    return out.str();
}

// Fills every marked place, or only the first one when `leaveUnfilled`.
void fillPlaceholders(xmlNode* node, bool leaveUnfilled, int& filled) {
    for (xmlNode* child = node ? node->children : nullptr; child;) {
        xmlNode* next = child->next;
        if (child->type == XML_ELEMENT_NODE && child->ns && xmlStrEqual(child->ns->href, kText) &&
            xmlStrEqual(child->name, reinterpret_cast<const xmlChar*>("placeholder"))) {
            if (!leaveUnfilled || filled == 0) {
                xmlNode* text = xmlNewText(reinterpret_cast<const xmlChar*>(
                    "Förvaltningen bedömer att arbetet bör fortsätta i nuvarande form och följas "
                    "upp årligen."));
                xmlReplaceNode(child, text);
                xmlFreeNode(child);
                ++filled;
            }
        } else {
            fillPlaceholders(child, leaveUnfilled, filled);
        }
        child = next;
    }
}

const char* const kMistake = "Gäller 19850312-2387 enligt anmälan.";

void removeParagraphs(xmlNode* node, const char* text) {
    for (xmlNode* child = node ? node->children : nullptr; child;) {
        xmlNode* next = child->next;
        xmlChar* content = child->type == XML_ELEMENT_NODE ? xmlNodeGetContent(child) : nullptr;
        const bool match = content &&
                           xmlStrEqual(child->name, reinterpret_cast<const xmlChar*>("p")) &&
                           xmlStrEqual(content, reinterpret_cast<const xmlChar*>(text));
        xmlFree(content);
        if (match) {
            xmlUnlinkNode(child);
            xmlFreeNode(child);
        } else {
            removeParagraphs(child, text);
        }
        child = next;
    }
}

std::string editContent(const std::string& xml, bool leaveUnfilled, bool addPersonnummer) {
    xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "content.xml", "UTF-8",
                                  XML_PARSE_NONET);
    if (!doc) throw std::runtime_error("content.xml is not well-formed");
    xmlNode* root = xmlDocGetRootElement(doc);
    int filled = 0;
    fillPlaceholders(root, leaveUnfilled, filled);
    if (!addPersonnummer)
        removeParagraphs(root, kMistake);  // the official corrects an earlier mistake
    std::cerr << "simulate-official-edit: filled " << filled << " marked place(s)"
              << (leaveUnfilled ? ", left the others" : "") << "\n";
    if (addPersonnummer) {
        // An official types a client's personnummer into the text by mistake.
        for (xmlNode* n = root->children; n; n = n->next)
            if (xmlStrEqual(n->name, reinterpret_cast<const xmlChar*>("body"))) {
                xmlNode* text = n->children;
                while (text && text->type != XML_ELEMENT_NODE) text = text->next;
                xmlNsPtr ns = xmlSearchNsByHref(doc, root, kText);
                xmlNewTextChild(
                    text, ns, reinterpret_cast<const xmlChar*>("p"),
                    reinterpret_cast<const xmlChar*>("Gäller 19850312-2387 enligt anmälan."));
            }
    }
    xmlChar* out = nullptr;
    int size = 0;
    xmlDocDumpMemoryEnc(doc, &out, &size, "UTF-8");
    std::string result(reinterpret_cast<const char*>(out), static_cast<size_t>(size));
    xmlFree(out);
    xmlFreeDoc(doc);
    return result;
}

}  // namespace

int main(int argc, char** argv) {
    std::string configFile, dnr;
    bool leaveUnfilled = false, addPersonnummer = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--config" && i + 1 < argc)
            configFile = argv[++i];
        else if (arg == "--case" && i + 1 < argc)
            dnr = argv[++i];
        else if (arg == "--leave-unfilled")
            leaveUnfilled = true;
        else if (arg == "--add-personnummer")
            addPersonnummer = true;
        else {
            std::cerr << "usage: simulate-official-edit --config FILE --case DNR "
                         "[--leave-unfilled] [--add-personnummer]\n";
            return 2;
        }
    }
    try {
        const auto configuration = config::Configuration::load(configFile);
        auto client = registry::makeRegistryClient(*configuration.registry);
        const auto reportCase = client->findCaseByDnr(dnr);
        if (!reportCase) throw std::runtime_error("no case " + dnr);
        const std::string prefix = "committee-report:" + dnr + ":";
        // The draft of the highest version (the number after the last ':' of externReferens)
        // and its newest ODT (highest dokumentnummer): lists come in no promised order.
        std::optional<core::RegistryEntry> draft;
        long draftVersion = -1;
        for (const auto& entry : client->listEntries(reportCase->systemId)) {
            if (entry.externalReference.rfind(prefix, 0) != 0 || entry.status.code != "UTKAST")
                continue;
            const long version = std::strtol(
                entry.externalReference.substr(entry.externalReference.rfind(':') + 1).c_str(),
                nullptr, 10);
            if (version > draftVersion) draft = entry, draftVersion = version;
        }
        if (!draft) throw std::runtime_error("no draft on " + dnr);
        std::optional<core::DocumentRecord> odt;
        for (const auto& document : client->listDocuments(draft->systemId))
            if (document.fileName.size() > 4 &&
                document.fileName.substr(document.fileName.size() - 4) == ".odt" &&
                (!odt || document.number > odt->number))
                odt = document;
        if (!odt) throw std::runtime_error("the draft has no ODT");
        std::vector<std::string> order;
        auto members = unzip(client->downloadDocument(*odt), order);
        members["content.xml"] =
            editContent(members.at("content.xml"), leaveUnfilled, addPersonnummer);
        const std::string edited = zip(members, order);
        const auto registered = client->registerDocument(
            draft->systemId,
            {"Tjänsteskrivelse (redigerad)", odt->fileName, odt->mimeType, odt->variant}, edited);
        client->uploadContent(registered.record, edited);
        std::cout << "Redigerat utkast incheckat som dokument " << registered.record.systemId
                  << "\n";
        return 0;
    } catch (const std::exception& error) {
        std::cerr << "simulate-official-edit: " << error.what() << "\n";
        return 1;
    }
}
