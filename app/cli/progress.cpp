#include "app/cli/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace gatetune::cli {
namespace {

std::string clock_text(double seconds) {
    const auto s = static_cast<long long>(seconds + 0.5);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
    return buf;
}

}  // namespace

ProgressBar::ProgressBar(std::string label, std::string unit)
    : label_(std::move(label)), unit_(std::move(unit)), enabled_(isatty(STDERR_FILENO) == 1), start_(Clock::now()), last_(start_) {}

ProgressBar::~ProgressBar() {
    if (drawn_) std::fputc('\n', stderr);
}

void ProgressBar::update(std::size_t done, std::size_t total) {
    if (!enabled_) return;
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    const bool last = total != 0 && done >= total;
    if (drawn_ && !last && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    std::string line = "\r" + label_ + " ";
    if (total != 0) {
        constexpr std::size_t kWidth = 30;
        const std::size_t filled = done * kWidth / total;
        line += '[';
        line.append(filled, '#');
        line.append(kWidth - filled, '.');
        line += "] ";
        line += std::to_string(done) + "/" + std::to_string(total) + " " + unit_ + "  " + clock_text(elapsed);
        if (done > 0 && !last) line += ", about " + clock_text(elapsed * static_cast<double>(total - done) / static_cast<double>(done)) + " left";
    } else {
        line += std::to_string(done) + " " + unit_ + "  " + clock_text(elapsed);
    }
    line += "\033[K";  // clear what a longer previous line left behind
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
    drawn_ = true;
}

}  // namespace gatetune::cli
