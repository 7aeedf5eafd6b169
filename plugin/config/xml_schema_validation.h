// Parsing an XML file the project reads (configuration, report definitions,
// plugin descriptor) and validating it against one of the embedded schemas,
// with errors that name the file, the line and what was expected there.
#pragma once

#include <libxml/tree.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace committee_report::config {

// Root of the errors of reading configuration-like XML. what() is a Swedish
// message for the administrator naming the file; details() lists each problem.
// A run that meets one reports that the configuration cannot be used.
class XmlFileError : public Error {
  public:
    XmlFileError(std::string message, std::vector<std::string> details = {});
    [[nodiscard]] const std::vector<std::string>& details() const { return details_; }
    [[nodiscard]] std::string userMessage() const override;

  protected:
    [[nodiscard]] std::string area() const override { return "configuration"; }

  private:
    std::vector<std::string> details_;
};

struct XmlDocDeleter {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocDeleter>;

// An element a schema no longer has, and what to tell whoever's file still carries one.
struct RetiredElement {
    const char* name;  // a child of the root element
    const char* advice;
};

// Reads `file`, checks it is well formed and valid against schemas/<schemaName>.
// Throws XmlFileError with "rad N: ..." details on any problem; a `retired` element found in
// an invalid file comes first among them, with its advice.
[[nodiscard]] XmlDocPtr loadValidated(const std::filesystem::path& file,
                                      std::string_view schemaName,
                                      const std::vector<RetiredElement>& retired = {});
// Same for XML held in memory; `displayName` names it in messages.
[[nodiscard]] XmlDocPtr parseValidated(std::string_view xml, std::string_view displayName,
                                       std::string_view schemaName,
                                       const std::vector<RetiredElement>& retired = {});

// Small helpers for walking a validated document.
[[nodiscard]] std::string nodeText(const xmlNode* node);
[[nodiscard]] std::string attribute(const xmlNode* node, const char* name,
                                    std::string fallback = {});
[[nodiscard]] bool hasName(const xmlNode* node, const char* name);
[[nodiscard]] std::vector<const xmlNode*> childElements(const xmlNode* node,
                                                        const char* name = nullptr);
[[nodiscard]] const xmlNode* firstChild(const xmlNode* node, const char* name);

}  // namespace committee_report::config
