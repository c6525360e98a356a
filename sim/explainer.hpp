#pragma once
// Collects one sentence per failing cause, for its first occurrence: which limit, how long the
// request waited, and what held the resources. Components ask wants() before building the
// sentence, so the text is composed at most once per cause per run.
#include <array>
#include <cstdarg>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/run_result.hpp"

namespace gatetune::sim {

class Explainer {
public:
    bool wants(Cause c) const { return c != Cause::Ok && !done_[static_cast<std::size_t>(c)]; }
    void add(Cause c, std::uint64_t request_id, std::string sentence) {
        if (!wants(c)) return;
        done_[static_cast<std::size_t>(c)] = true;
        list_.push_back({c, request_id, std::move(sentence)});
    }
    std::vector<Explanation> take() { return std::move(list_); }

private:
    std::array<bool, kCauseCount> done_{};
    std::vector<Explanation> list_;
};

// printf-style formatting into a std::string (explanations are built rarely).
std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace gatetune::sim
