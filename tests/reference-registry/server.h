// The reference registry's HTTP server: the whole contract of
// shared/docs/registry-api.md over Poco::Net::HTTPServer on 127.0.0.1, with
// bearer tokens and roles, and (with --test-mode) fault injection.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace reference_registry {

struct ServerOptions {
    std::string database;
    int port = 8765;  // 0 = any free port
    bool testMode = false;
    std::map<std::string, std::string> tokens;  // token -> role ("read" or "write")
    int threads = 16;
    std::int64_t maxBodyBytes = 50LL * 1024 * 1024;
    // Lists without $orderby (and ties under one) come in a scrambled order that
    // stays the same between requests (so paging still works) but is not the
    // insertion order: the contract promises no order, and tests use this to catch
    // a client that takes "the last one listed" for the newest.
    bool shuffleLists = false;
    std::uint64_t shuffleSalt = 0;  // picks the permutation; 0 = one chosen at start
    // Lists without $orderby (and ties under one) in descending insertion order, the
    // same on every start: a client that takes "the last one listed" for the newest fails
    // every time, not only when the shuffle happens to hide it. Overrides shuffleLists.
    bool reverseLists = false;
    // With both set, serves https (for tests of the client's certificate checks).
    std::string tlsCertificate;  // PEM
    std::string tlsKey;          // PEM
};

// The demo tokens used when none are given on the command line.
inline const char* const kDemoReadToken = "ekbacka-demo-read";
inline const char* const kDemoWriteToken = "ekbacka-demo-write";

// Serves until SIGINT or SIGTERM; prints "http://127.0.0.1:<port>" as the first
// line on stdout once listening. Returns the exit code.
int serve(const ServerOptions& options);

}  // namespace reference_registry
