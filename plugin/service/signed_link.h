// The signed panel link a DMS opens for an official:
//   /panel?action=…&case=…&user=…&roles=a,b&expires=<unix seconds>&signature=<hex>
// signature = hex(HMAC-SHA256(launch secret, C)), where C is every other query
// parameter sorted by name, each name=value with the value percent-encoded
// (RFC 3986: unreserved characters kept, the rest as %XX in upper case), joined by '&'.
// A link is good once, until `expires`, which may lie at most five minutes ahead.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace committee_report::service {

[[nodiscard]] std::string percentEncode(const std::string& value);
// C of the parameters (the signature excluded, whatever its place).
[[nodiscard]] std::string canonicalLaunchString(
    const std::vector<std::pair<std::string, std::string>>& parameters);
// What the DMS does: the hex signature of the parameters.
[[nodiscard]] std::string signLaunchParameters(
    const std::string& secret, const std::vector<std::pair<std::string, std::string>>& parameters);

// What a valid link grants: one action on one case (or meeting) for one user.
struct LaunchGrant {
    std::string action;
    std::string caseDnr;
    std::string meeting;
    std::string user;
    std::vector<std::string> roles;
};

class SignedLinkVerifier {
  public:
    static constexpr std::int64_t kMaxAheadSeconds = 300;

    explicit SignedLinkVerifier(std::string secret) : secret_(std::move(secret)) {}

    // Throws ApiError(403) with a Swedish message saying why the link is refused
    // (tampered, expired, too far ahead, already used, incomplete). `nowSeconds` is
    // Unix time; a link passes once.
    [[nodiscard]] LaunchGrant verify(const std::vector<std::pair<std::string, std::string>>& query,
                                     std::int64_t nowSeconds);

    [[nodiscard]] std::size_t rememberedLinks() const;

  private:
    std::string secret_;
    mutable std::mutex mutex_;
    std::map<std::string, std::int64_t> used_;  // signature → expires (kept until then)
};

}  // namespace committee_report::service
