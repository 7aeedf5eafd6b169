#include "registry/bearer_token.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "registry/registry_error.h"

namespace committee_report::registry {
namespace fs = std::filesystem;
namespace {

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

bool hasInnerWhitespace(const std::string& token) {
    return token.find_first_of(" \t\r\n") != std::string::npos;
}

}  // namespace

std::string readTokenFile(const fs::path& file) {
    std::error_code error;
    const auto status = fs::status(file, error);
    if (error || !fs::is_regular_file(status)) {
        throw RegistryError(ErrorKind::Configuration,
                            "Tokenfilen för diariet (" + file.string() +
                                ") finns inte eller är ingen vanlig fil. Kontrollera "
                                "<token-file> i konfigurationen.",
                            "token file missing or not a regular file: " + file.string());
    }
    const auto open = fs::perms::group_all | fs::perms::others_all;
    if ((status.permissions() & open) != fs::perms::none) {
        throw RegistryError(
            ErrorKind::Configuration,
            "Tokenfilen för diariet (" + file.string() +
                ") kan läsas eller ändras av andra än ägaren. Begränsa den med "
                "\"chmod 600 " +
                file.string() + "\" och försök igen.",
            "token file is accessible by group/others; refusing it: " + file.string());
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) {
        throw RegistryError(ErrorKind::Configuration,
                            "Tokenfilen för diariet (" + file.string() + ") kan inte läsas.",
                            "cannot read token file: " + file.string());
    }
    auto token = trimmed(text.str());
    if (token.empty() || hasInnerWhitespace(token)) {
        throw RegistryError(ErrorKind::Configuration,
                            "Tokenfilen för diariet (" + file.string() +
                                ") ska innehålla en token på en rad och inget annat.",
                            "token file is empty or holds more than one word: " + file.string());
    }
    return token;
}

std::string readTokenEnvironment(const std::string& variable) {
    const char* value = std::getenv(variable.c_str());
    auto token = trimmed(value ? value : "");
    if (token.empty() || hasInnerWhitespace(token)) {
        throw RegistryError(ErrorKind::Configuration,
                            "Miljövariabeln " + variable +
                                " med token för diariet är inte satt eller innehåller mer än "
                                "en token.",
                            "token environment variable unset, empty or malformed: " + variable);
    }
    return token;
}

std::string loadBearerToken(const config::RegistrySettings& settings) {
    if (settings.tokenFile) return readTokenFile(*settings.tokenFile);
    if (settings.tokenEnvironment) return readTokenEnvironment(*settings.tokenEnvironment);
    throw RegistryError(ErrorKind::Configuration,
                        "Konfigurationen anger ingen token för diariet (<token-file> eller "
                        "<token-environment>).",
                        "no token source configured");
}

}  // namespace committee_report::registry
