#include "sim/validation/wording.hpp"

#include <charconv>
#include <cmath>

namespace gatetune::sim::validation {

std::string num(double v) {
    if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::string secs(double v) { return num(v) + " s"; }

std::string approx(double v) {
    if (!std::isfinite(v)) return v > 0 ? "∞" : "-∞";
    const double a = std::fabs(v);
    int decimals = 0;
    if (a < 1000) decimals = 1;
    if (a < 1) decimals = 2;
    if (a < 0.1) decimals = 3;
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    std::string s(buf, r.ptr);
    // "5.0" reads as a configured value; an estimate of exactly n is written "5".
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    return s;
}

std::string approx_secs(double v) { return "≈ " + approx(v) + " s"; }

std::string counted(long long n, const std::string& singular, const std::string& plural) {
    return std::to_string(n) + " " + (n == 1 ? singular : plural);
}

}  // namespace gatetune::sim::validation
