#include "sim/calibration/log_fields.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

#include "sim/diagnosis/client_status.hpp"
#include "sim/diagnosis/record_fields.hpp"
#include "sim/diagnosis/timestamp.hpp"

namespace gatetune::sim::calibration {
namespace {

namespace dx = sim::diagnosis;

struct Alias {
    std::string_view name;
    FieldUnit unit;
};

// Only what sim/diagnosis does not already accept.
constexpr std::array<Alias, 18> kCalibrationAliases{{
    {"ttft", {LogField::Ttft, 1e6}},
    {"ttft_s", {LogField::Ttft, 1e6}},
    {"time_to_first_token", {LogField::Ttft, 1e6}},
    {"time_to_first_token_s", {LogField::Ttft, 1e6}},
    {"ttft_ms", {LogField::Ttft, 1e3}},
    {"time_to_first_token_ms", {LogField::Ttft, 1e3}},
    {"ttft_us", {LogField::Ttft, 1.0}},
    {"latency_us", {LogField::Latency, 1.0}},
    {"duration_us", {LogField::Latency, 1.0}},
    {"started_at_us", {LogField::StartUs, 1.0}},
    {"start_us", {LogField::StartUs, 1.0}},
    {"started_at", {LogField::Start, 1.0}},
    {"created_at", {LogField::Start, 1.0}},
    {"model", {LogField::Model, 1.0}},
    {"model_name", {LogField::Model, 1.0}},
    {"usage", {LogField::Usage, 1.0}},
    {"session_id", {LogField::Session, 1.0}},
    {"created", {LogField::Start, 1.0}},
}};

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    }
    return true;
}

constexpr int kMaxTokens = 10'000'000;
constexpr double kMaxDurationUs = 1e15;  // ~31 years: anything above is a unit mistake

}  // namespace

FieldUnit log_field_of(std::string_view name) {
    for (const Alias& a : kCalibrationAliases) {
        if (iequals(a.name, name)) return a.unit;
    }
    const auto f = dx::record_field_of(name);
    if (!f) return {};
    switch (static_cast<dx::RecordField>(f->field)) {
        case dx::RecordField::Start: return {LogField::Start, 1.0};
        case dx::RecordField::Status: return {LogField::Status, 1.0};
        case dx::RecordField::Latency: return {LogField::Latency, 1e6};
        case dx::RecordField::LatencyMs: return {LogField::Latency, 1e3};
        case dx::RecordField::PromptTokens: return {LogField::PromptTokens, 1.0};
        case dx::RecordField::CompletionTokens: return {LogField::CompletionTokens, 1.0};
        case dx::RecordField::Session: return {LogField::Session, 1.0};
        default: return {};
    }
}

bool set_log_number(LogRecord& r, const FieldUnit& f, double v, std::string& why) {
    if (!std::isfinite(v)) {
        why = "is not a finite number";
        return false;
    }
    switch (f.field) {
        case LogField::Latency:
        case LogField::Ttft: {
            const double us = v * f.us_per_unit;
            if (us < 0 || us > kMaxDurationUs) {
                why = f.us_per_unit == 1e6 ? "is not a duration (allowed: seconds ≥ 0)"
                                           : (f.us_per_unit == 1e3 ? "is not a duration (allowed: milliseconds ≥ 0)"
                                                                   : "is not a duration (allowed: microseconds ≥ 0)");
                return false;
            }
            (f.field == LogField::Latency ? r.latency_us : r.ttft_us) = std::llround(us);
            return true;
        }
        case LogField::StartUs:
            if (v < 0) {
                why = "is not a time (allowed: microseconds ≥ 0)";
                return false;
            }
            r.start_us = std::llround(v);
            return true;
        case LogField::PromptTokens:
        case LogField::CompletionTokens:
            if (v < 0 || v > kMaxTokens || v != std::floor(v)) {
                why = "is not a token count (allowed: an integer 0 to 10000000)";
                return false;
            }
            (f.field == LogField::PromptTokens ? r.prompt_tokens : r.completion_tokens) = static_cast<int>(v);
            return true;
        case LogField::Start:
        case LogField::Status: {
            char buf[32];
            const auto res = std::to_chars(buf, buf + sizeof buf, v);
            return set_log_field(r, f, std::string_view(buf, static_cast<std::size_t>(res.ptr - buf)), why);
        }
        default: return true;
    }
}

bool set_log_field(LogRecord& r, const FieldUnit& f, std::string_view text, std::string& why) {
    switch (f.field) {
        case LogField::Start: {
            const auto t = dx::parse_start_time(text);
            if (!t) {
                why = "is not a time (allowed: " + std::string(dx::kAllowedStartTimes) + ")";
                return false;
            }
            r.start_us = t->us;
            return true;
        }
        case LogField::Status: {
            const auto s = dx::parse_client_status(text);
            if (!s) {
                why = "is not an HTTP status or a known client error (allowed: " + std::string(dx::kAllowedStatuses) + ")";
                return false;
            }
            r.status = s->label;
            r.http_status = s->http_status;
            return true;
        }
        case LogField::Model: r.model = text; return true;
        case LogField::Session: r.session = text; return true;
        case LogField::None:
        case LogField::Usage: return true;
        default: {
            const auto n = dx::parse_number(text);
            if (!n) {
                why = "is not a number";
                return false;
            }
            return set_log_number(r, f, *n, why);
        }
    }
}

}  // namespace gatetune::sim::calibration
