#include "credentials.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace committee_report::service {

Sha256 sha256(std::string_view data) {
    Sha256 digest{};
    unsigned int size = 0;
    EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr);
    return digest;
}

Sha256 hmacSha256(std::string_view key, std::string_view data) {
    Sha256 digest{};
    unsigned int size = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data(), &size);
    return digest;
}

std::string toHex(const unsigned char* data, std::size_t size) {
    static const char* const kDigits = "0123456789abcdef";
    std::string text;
    text.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        text.push_back(kDigits[data[i] >> 4]);
        text.push_back(kDigits[data[i] & 0x0f]);
    }
    return text;
}

bool constantTimeEqual(const Sha256& a, const Sha256& b) {
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string readSecretFile(const std::filesystem::path& file) {
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0)
        throw std::runtime_error("cannot read secret file " + file.string());
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0)
        throw std::runtime_error("secret file " + file.string() +
                                 " is readable by group or others; chmod 600 it");
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) throw std::runtime_error("cannot read secret file " + file.string());
    return text.str();
}

ClientTokens ClientTokens::load(const std::filesystem::path& file) {
    return fromText(readSecretFile(file));
}

ClientTokens ClientTokens::fromText(std::string_view text) {
    ClientTokens tokens;
    std::istringstream lines{std::string(text)};
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string first, second, extra;
        words >> first >> second >> extra;
        if (first.empty() || first[0] == '#') continue;
        if (!extra.empty())
            throw std::runtime_error("client token file: a line has more than NAME and TOKEN");
        if (second.empty())
            tokens.clients_.push_back({"dms", sha256(first)});
        else
            tokens.clients_.push_back({first, sha256(second)});
    }
    return tokens;
}

std::optional<std::string> ClientTokens::match(std::string_view token) const {
    const Sha256 presented = sha256(token);
    const Client* found = nullptr;
    for (const auto& client : clients_)
        if (constantTimeEqual(presented, client.tokenHash) && !found) found = &client;
    if (!found || token.empty()) return std::nullopt;
    return found->name;
}

}  // namespace committee_report::service
