// The secrets the service checks callers with: the DMS clients' bearer tokens and
// the launch secret panel links are signed with. Both are read from files only
// their owner may read; neither ever reaches a log line.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace committee_report::service {

using Sha256 = std::array<unsigned char, 32>;

[[nodiscard]] Sha256 sha256(std::string_view data);
[[nodiscard]] Sha256 hmacSha256(std::string_view key, std::string_view data);
[[nodiscard]] std::string toHex(const unsigned char* data, std::size_t size);
// Compares in time independent of where the two differ.
[[nodiscard]] bool constantTimeEqual(const Sha256& a, const Sha256& b);

// Reads a secret file; throws std::runtime_error (English, for the log) when it is
// missing, empty or readable by group or others.
[[nodiscard]] std::string readSecretFile(const std::filesystem::path& file);

class ClientTokens {
  public:
    ClientTokens() = default;
    // Lines "NAME TOKEN" or "TOKEN" (named "dms"); '#' starts a comment line.
    [[nodiscard]] static ClientTokens load(const std::filesystem::path& file);
    [[nodiscard]] static ClientTokens fromText(std::string_view text);

    // The client's name when the token is one of ours. Every stored token is compared,
    // each in constant time, so the answer's timing tells nothing about the tokens.
    [[nodiscard]] std::optional<std::string> match(std::string_view token) const;
    [[nodiscard]] bool empty() const { return clients_.empty(); }

  private:
    struct Client {
        std::string name;
        Sha256 tokenHash;
    };
    std::vector<Client> clients_;
};

}  // namespace committee_report::service
