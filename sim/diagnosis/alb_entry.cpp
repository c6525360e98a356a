#include "sim/diagnosis/alb_entry.hpp"

#include <algorithm>
#include <cstring>

#include "engine/time.hpp"
#include "sim/diagnosis/timestamp.hpp"

namespace gatetune::sim::diagnosis {
namespace {

constexpr std::array<std::string_view, 6> kAlbEntryTypes{"http", "https", "h2", "grpcs", "ws", "wss"};
constexpr std::size_t kAlbCreationTimeField = 21;
constexpr std::size_t kAlbErrorReasonField = 24;

// A processing time: seconds ≥ 0 with up to 6 decimals, or -1. The fast path reads the digits
// itself; anything unusual goes through parse_number.
std::optional<double> alb_seconds(std::string_view s) {
    if (s == "-1") return -1.0;
    std::int64_t whole = 0, frac = 0, scale = 1;
    std::size_t i = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9' && i < 12; ++i) whole = whole * 10 + (s[i] - '0');
    if (i > 0 && i + 1 < s.size() && s[i] == '.' && s.size() - i - 1 <= 9) {
        std::size_t j = i + 1;
        for (; j < s.size() && s[j] >= '0' && s[j] <= '9'; ++j) {
            frac = frac * 10 + (s[j] - '0');
            scale *= 10;
        }
        if (j == s.size()) return static_cast<double>(whole) + static_cast<double>(frac) / static_cast<double>(scale);
    } else if (i > 0 && i == s.size()) {
        return static_cast<double>(whole);
    }
    return parse_number(s);
}

std::optional<int> alb_status(std::string_view s) {
    if (s.size() != 3 || s[0] < '1' || s[0] > '5' || s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9') return std::nullopt;
    return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

}  // namespace

void split_alb_fields(std::string_view line, AlbFields& out) {
    out.count = 0;
    out.unclosed_quote = false;
    const char* p = line.data();
    const char* const end = p + line.size();
    while (p < end && out.count < kAlbFieldsRead) {
        while (p < end && *p == ' ') ++p;
        if (p == end) break;
        if (*p == '"') {
            const char* const begin = ++p;
            while (true) {
                const void* q = std::memchr(p, '"', static_cast<std::size_t>(end - p));
                if (!q) {
                    out.unclosed_quote = true;
                    out.f[out.count++] = std::string_view(begin, static_cast<std::size_t>(end - begin));
                    return;
                }
                p = static_cast<const char*>(q);
                // An escaped quote (\") does not close the field: count the backslashes before it.
                std::size_t backslashes = 0;
                for (const char* b = p; b > begin && b[-1] == '\\'; --b) ++backslashes;
                if (backslashes % 2 == 0) break;
                ++p;
            }
            out.f[out.count++] = std::string_view(begin, static_cast<std::size_t>(p - begin));
            ++p;  // the closing quote
        } else {
            const void* q = std::memchr(p, ' ', static_cast<std::size_t>(end - p));
            const char* const stop = q ? static_cast<const char*>(q) : end;
            out.f[out.count++] = std::string_view(p, static_cast<std::size_t>(stop - p));
            p = stop;
        }
    }
}

bool is_alb_type(std::string_view field) { return std::find(kAlbEntryTypes.begin(), kAlbEntryTypes.end(), field) != kAlbEntryTypes.end(); }

std::optional<AlbEntry> parse_alb_entry(const AlbFields& fields, std::string& why) {
    const auto& f = fields.f;
    AlbEntry e;
    const auto answered_at = parse_iso_time(f[1]);
    if (!answered_at) {
        why = "time: \"" + std::string(f[1]) + "\" is not an ISO 8601 time (allowed: e.g. 2024-05-01T12:00:00.123456Z)";
        return std::nullopt;
    }
    e.answered_at_us = *answered_at;
    std::array<double, 3> times{};
    bool all_times = true;
    for (std::size_t i = 0; i < 3; ++i) {
        const auto t = alb_seconds(f[5 + i]);
        if (!t || (*t < 0 && *t != -1)) {
            why = "field " + std::to_string(6 + i) + " (a processing time): \"" + std::string(f[5 + i]) + "\" is not seconds (allowed: a number ≥ 0, or -1)";
            return std::nullopt;
        }
        times[i] = *t;
        all_times &= *t >= 0;
    }
    const auto elb = alb_status(f[8]);
    if (!elb) {
        why = "elb_status_code: \"" + std::string(f[8]) + "\" is not an HTTP status (allowed: 100 to 599)";
        return std::nullopt;
    }
    e.elb_status = *elb;
    e.target_answered = f[9] != "-";
    // The three processing times cover the request from the ALB receiving it to it starting to
    // answer; without them, the time from request_creation_time to the answer.
    std::optional<std::int64_t> created;
    if (fields.count > kAlbCreationTimeField) created = parse_iso_time(f[kAlbCreationTimeField]);
    if (all_times) {
        e.latency_us = engine::from_seconds(times[0] + times[1] + times[2]);
    } else if (created && *answered_at >= *created) {
        e.latency_us = *answered_at - *created;
    }
    e.start_us = created ? *created : *answered_at - e.latency_us.value_or(0);
    e.client = f[3].substr(0, f[3].rfind(':'));
    if (fields.count > kAlbErrorReasonField && f[kAlbErrorReasonField] != "-") e.error_reason = f[kAlbErrorReasonField];
    return e;
}

}  // namespace gatetune::sim::diagnosis
