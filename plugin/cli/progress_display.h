// Shows a run's progress: a bar redrawn in place on a terminal, plain lines
// (one per stage) otherwise, so logs of scripted runs stay readable.
#pragma once

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

#include <string_view>

namespace committee_report::cli {

class ProgressDisplay final {
  public:
    explicit ProgressDisplay(std::FILE* out);
    ~ProgressDisplay();

    void onProgress(std::string_view stage, double fraction, std::string_view message) noexcept;
    [[nodiscard]] bool cancelRequested() const noexcept { return cancelled_.load(); }

    void requestCancel() { cancelled_.store(true); }
    // Ends the bar's line so that what follows starts on a new one.
    void finish() noexcept;

  private:
    std::FILE* out_;
    bool terminal_;
    std::mutex mutex_;
    std::string lastStage_;
    bool barShown_ = false;
    std::atomic<bool> cancelled_{false};
};

}  // namespace committee_report::cli
