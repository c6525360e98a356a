#include "sim/explainer.hpp"

#include <cstdarg>
#include <cstdio>

namespace gatetune::sim {

std::vector<Explanation> Explainer::take(const Config& cfg) {
    std::vector<Explanation> out;
    out.reserve(noted_.size());
    for (const NotedFailure& n : noted_) out.push_back({n.cause, n.rec.id, explain(n, cfg)});
    noted_.clear();
    return out;
}

std::string format(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    va_list copy;
    va_copy(copy, ap);
    int n = std::vsnprintf(nullptr, 0, fmt, copy);
    va_end(copy);
    std::string out(n > 0 ? static_cast<std::size_t>(n) : 0, '\0');
    if (n > 0) std::vsnprintf(out.data(), out.size() + 1, fmt, ap);
    va_end(ap);
    return out;
}

}  // namespace gatetune::sim
