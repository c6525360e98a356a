#include "app/live/load/gateway_response.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "engine/time.hpp"
#include "sim/trim.hpp"

namespace gatetune::live {
namespace {

using sim::trim;

// Splits on `sep` outside double-quoted strings (with backslash escapes inside them).
std::vector<std::string_view> split_unquoted(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    bool quoted = false;
    std::size_t begin = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (quoted && s[i] == '\\') {
            ++i;
        } else if (s[i] == '"') {
            quoted = !quoted;
        } else if (!quoted && s[i] == sep) {
            parts.push_back(s.substr(begin, i - begin));
            begin = i + 1;
        }
    }
    parts.push_back(s.substr(begin));
    return parts;
}

template <class T>
std::optional<T> number(std::string_view s) {
    s = trim(s);
    T v{};
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<sim::Phase> phase_named(std::string_view name) {
    for (std::size_t i = 0; i < sim::kPhaseCount; ++i) {
        if (sim::to_string(static_cast<sim::Phase>(i)) == name) return static_cast<sim::Phase>(i);
    }
    return std::nullopt;
}

}  // namespace

std::vector<ServerTimingMetric> parse_server_timing(std::string_view header) {
    std::vector<ServerTimingMetric> out;
    for (const std::string_view entry : split_unquoted(header, ',')) {
        const auto params = split_unquoted(entry, ';');
        ServerTimingMetric m;
        m.name = std::string(trim(params.front()));
        if (m.name.empty() || m.name.find_first_of("\" =") != std::string::npos) continue;
        for (std::size_t i = 1; i < params.size(); ++i) {
            const std::string_view p = trim(params[i]);
            const auto eq = p.find('=');
            if (eq == std::string_view::npos || trim(p.substr(0, eq)) != "dur") continue;
            // Only the first dur counts (Server-Timing: later duplicates are ignored).
            if (!m.dur_ms) m.dur_ms = number<double>(p.substr(eq + 1));
        }
        out.push_back(std::move(m));
    }
    return out;
}

GatewayReport read_gateway_headers(std::string_view cause, std::string_view worker, std::string_view attempts,
                                   std::string_view server_timing, double time_scale, sim::RequestRecord& rec) {
    GatewayReport g;
    cause = trim(cause);
    g.cause_header_present = !cause.empty();
    sim::Cause c{};
    if (g.cause_header_present && sim::parse_cause(cause, c)) g.cause = c;
    if (const auto w = number<int>(worker)) g.worker = *w;
    if (const auto a = number<int>(attempts)) g.attempts = *a;
    rec.worker = g.worker;
    rec.attempts = g.attempts;
    for (const ServerTimingMetric& m : parse_server_timing(server_timing)) {
        const auto phase = phase_named(m.name);
        if (!phase || !m.dur_ms || !(*m.dur_ms >= 0)) continue;
        rec.phases[static_cast<std::size_t>(*phase)] += engine::from_seconds(*m.dur_ms / 1000.0 / time_scale);
    }
    return g;
}

sim::Cause cause_from_status(int status) {
    using sim::Cause;
    if (status < 400) return Cause::Ok;
    switch (status) {
        case 400: return Cause::ContextLengthExceeded;
        case 429: return Cause::GatewayRateLimited;
        case 502: return Cause::LbTargetClosed;
        case 503: return Cause::ConcurrencyLimit;
        case 504: return Cause::LbIdleTimeout;
        default: return Cause::UpstreamError;
    }
}

std::optional<ErrorObject> parse_error_object(std::string_view json) {
    const auto doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object()) return std::nullopt;
    const auto err = doc.find("error");
    if (err == doc.end() || !err->is_object()) return std::nullopt;
    ErrorObject out;
    const auto code = err->find("code");
    sim::Cause c{};
    if (code != err->end() && code->is_string() && sim::parse_cause(code->get<std::string>(), c)) out.cause = c;
    for (const auto* where : {&doc, &*err}) {
        const auto status = where->find("status");
        if (status != where->end() && status->is_number_integer()) out.status = status->get<int>();
    }
    return out;
}

}  // namespace gatetune::live
