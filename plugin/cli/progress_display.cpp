#include "progress_display.h"

#include <unistd.h>

#include <algorithm>

namespace committee_report::cli {

ProgressDisplay::ProgressDisplay(std::FILE* out) : out_(out), terminal_(isatty(fileno(out)) == 1) {}

ProgressDisplay::~ProgressDisplay() { finish(); }

void ProgressDisplay::onProgress(std::string_view stage, double fraction,
                                 std::string_view message) noexcept {
    std::lock_guard lock(mutex_);
    const int percent = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 100.0 + 0.5);
    if (terminal_) {
        constexpr int kWidth = 30;
        const int filled = percent * kWidth / 100;
        std::string bar(static_cast<size_t>(filled), '#');
        bar.append(static_cast<size_t>(kWidth - filled), '-');
        std::fprintf(out_, "\r\033[K[%s] %3d %%  %.*s", bar.c_str(), percent,
                     static_cast<int>(message.size()), message.data());
        barShown_ = true;
    } else if (stage != lastStage_) {
        std::fprintf(out_, "[%3d %%] %.*s\n", percent, static_cast<int>(message.size()),
                     message.data());
    }
    lastStage_ = std::string(stage);
    std::fflush(out_);
}

void ProgressDisplay::finish() noexcept {
    std::lock_guard lock(mutex_);
    if (terminal_ && barShown_) {
        std::fputc('\n', out_);
        std::fflush(out_);
    }
    barShown_ = false;
}

}  // namespace committee_report::cli
