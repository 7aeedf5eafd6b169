// Shared by the registry integration suites: a fake clock that records the
// client's back-off waits instead of sleeping, and a client for a running
// reference registry with short, test-sized timeouts.
#pragma once

#include <boost/test/unit_test.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "fakes/reference_registry_process.h"
#include "registry/registry_client.h"

namespace committee_report::tests {

class RecordingClock final : public registry::Clock {
  public:
    TimePoint now() override {
        std::lock_guard lock(mutex_);
        return std::chrono::steady_clock::now() + offset_;
    }
    bool sleep(Duration duration, const std::function<bool()>& cancelled) override {
        if (cancelled && cancelled()) return false;
        std::lock_guard lock(mutex_);
        offset_ += duration;
        sleeps_.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(duration));
        return true;
    }
    [[nodiscard]] std::vector<std::chrono::milliseconds> sleeps() {
        std::lock_guard lock(mutex_);
        return sleeps_;
    }

  private:
    std::mutex mutex_;
    Duration offset_{};
    std::vector<std::chrono::milliseconds> sleeps_;
};

inline registry::ClientOptions testOptions(const ReferenceRegistryProcess& server) {
    auto options = registry::ClientOptions::from(server.settings());
    options.connectTimeout = std::chrono::milliseconds(2000);
    options.readTimeout = std::chrono::milliseconds(3000);
    options.retry.maxAttempts = 4;
    options.retry.initialDelay = std::chrono::milliseconds(200);
    options.retry.maxDelay = std::chrono::milliseconds(1000);
    options.retry.totalBudget = std::chrono::milliseconds(20000);
    return options;
}

inline std::unique_ptr<registry::RegistryClient> testClient(
    const registry::ClientOptions& options, const std::string& token,
    std::shared_ptr<RecordingClock> clock = std::make_shared<RecordingClock>()) {
    return registry::makeRegistryClient(options, token, std::move(clock), [] { return 0.5; });
}

inline std::size_t countMatching(const std::vector<std::string>& lines, const std::string& prefix) {
    std::size_t n = 0;
    for (const auto& line : lines)
        if (line.rfind(prefix, 0) == 0) ++n;
    return n;
}

// The error `call` throws (logged with its detail, if it has one); the test fails if
// `call` throws nothing.
template <typename Error>
Error failureOf(const std::function<void()>& call) {
    try {
        call();
    } catch (const Error& error) {
        if constexpr (requires { error.detail(); })
            BOOST_TEST_MESSAGE(std::string(error.what()) + " | " + error.detail());
        else
            BOOST_TEST_MESSAGE(error.what());
        return error;
    }
    BOOST_FAIL("the call did not fail as expected");
    throw std::logic_error("unreachable");
}

}  // namespace committee_report::tests
