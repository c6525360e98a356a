#include "sim/diagnosis/timestamp.hpp"

#include <charconv>
#include <cmath>

#include "engine/time.hpp"
#include "sim/trim.hpp"

namespace gatetune::sim::diagnosis {
namespace {

// Reads exactly `digits` decimal digits at `pos`.
bool read_digits(std::string_view s, std::size_t& pos, int digits, int& out) {
    if (pos + static_cast<std::size_t>(digits) > s.size()) return false;
    out = 0;
    for (int i = 0; i < digits; ++i) {
        const char c = s[pos + static_cast<std::size_t>(i)];
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    pos += static_cast<std::size_t>(digits);
    return true;
}

bool skip(std::string_view s, std::size_t& pos, char c) {
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

int days_in_month(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[m - 1];
}

// "Z", "+02:00", "+0200", "+02"; returns the offset in minutes east of UTC.
bool read_offset(std::string_view s, std::size_t& pos, int& minutes) {
    minutes = 0;
    if (skip(s, pos, 'Z') || skip(s, pos, 'z')) return true;
    if (pos >= s.size() || (s[pos] != '+' && s[pos] != '-')) return false;
    const int sign = s[pos++] == '-' ? -1 : 1;
    int h = 0;
    int m = 0;
    if (!read_digits(s, pos, 2, h)) return false;
    if (pos < s.size()) {
        skip(s, pos, ':');
        if (!read_digits(s, pos, 2, m)) return false;
    }
    if (h > 23 || m > 59) return false;
    minutes = sign * (h * 60 + m);
    return true;
}

}  // namespace

std::optional<std::int64_t> parse_iso_time(std::string_view text) {
    const std::string_view s = trim(text, " \t\r");
    std::size_t pos = 0;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!read_digits(s, pos, 4, y)) return std::nullopt;
    const char date_sep = pos < s.size() ? s[pos] : '\0';
    if (date_sep != '-' && date_sep != '/') return std::nullopt;
    ++pos;
    if (!read_digits(s, pos, 2, mo) || !skip(s, pos, date_sep) || !read_digits(s, pos, 2, d)) return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return std::nullopt;
    std::int64_t fraction_us = 0;
    int offset = 0;
    if (pos < s.size()) {
        if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
        ++pos;
        if (!read_digits(s, pos, 2, h) || !skip(s, pos, ':') || !read_digits(s, pos, 2, mi)) return std::nullopt;
        if (skip(s, pos, ':') && !read_digits(s, pos, 2, sec)) return std::nullopt;
        if (h > 23 || mi > 59 || sec > 60) return std::nullopt;  // 60: a leap second, read as the next one
        if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
            ++pos;
            const std::size_t first = pos;
            std::int64_t ns = 0;
            for (; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos) {
                if (pos - first < 9) ns = ns * 10 + (s[pos] - '0');
            }
            if (pos == first || pos - first > 9) return std::nullopt;
            for (std::size_t digits = pos - first; digits < 9; ++digits) ns *= 10;
            fraction_us = (ns + 500) / 1000;
        }
        while (pos < s.size() && s[pos] == ' ') ++pos;
        if (pos < s.size() && !read_offset(s, pos, offset)) return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    const std::int64_t seconds = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset * 60;
    return seconds * engine::kSecond + fraction_us;
}

std::optional<double> parse_number(std::string_view text) {
    std::string_view s = trim(text, " \t\r");
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<int> parse_int(std::string_view text) {
    const std::string_view s = trim(text, " \t\r");
    int v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<StartTime> parse_start_time(std::string_view text) {
    if (const auto iso = parse_iso_time(text)) return StartTime{*iso, true};
    const auto n = parse_number(text);
    if (!n || *n < 0 || *n > 1e15) return std::nullopt;
    // Thresholds: 1e11 ms is 1973 and 1e8 s is 1973, while no test runs for 3 years.
    if (*n > 1e11) return StartTime{engine::from_seconds(*n / 1e3), true};
    return StartTime{engine::from_seconds(*n), *n > 1e8};
}

}  // namespace gatetune::sim::diagnosis
