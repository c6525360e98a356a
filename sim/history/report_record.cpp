#include "sim/history/report_record.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/preset/preset_hash.hpp"
#include "sim/preset/preset_io.hpp"

namespace gatetune::sim::history {

namespace {

constexpr std::size_t kCdfPoints = 400;  // as latency_cdf thins a histogram

const nlohmann::json& part(const nlohmann::json& report, const char* key) {
    if (!report.is_object() || !report.contains(key)) throw std::runtime_error(std::string("the report has no \"") + key + "\"");
    return report.at(key);
}

template <class T>
T value_or(const nlohmann::json& j, const char* key, T fallback) {
    if (!j.contains(key)) return fallback;
    try {
        return j.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
        return fallback;
    }
}

// [seconds, share ≤] from the requests' latencies, at most kCdfPoints points, the last one kept.
nlohmann::json cdf_of(const nlohmann::json& requests) {
    std::vector<double> latencies;
    if (requests.is_array())
        for (const auto& r : requests)
            if (r.is_object() && r.contains("latency_s") && r["latency_s"].is_number()) latencies.push_back(r["latency_s"].get<double>());
    std::sort(latencies.begin(), latencies.end());
    nlohmann::json cdf = nlohmann::json::array();
    const std::size_t n = latencies.size();
    if (n == 0) return cdf;
    const std::size_t step = std::max<std::size_t>(1, n / kCdfPoints);
    for (std::size_t i = step - 1; i < n; i += step)
        cdf.push_back({latencies[i], static_cast<double>(i + 1) / static_cast<double>(n)});
    if (cdf.back()[1].get<double>() < 1.0) cdf.push_back({latencies.back(), 1.0});
    return cdf;
}

}  // namespace

RunRecord record_from_report(const nlohmann::json& report, const Config& config, const std::string& preset_text,
                             const std::string& source) {
    RunRecord r;
    r.preset_name = value_or<std::string>(report, "preset", config.name);
    r.preset_text = preset_text.empty() ? write_preset(config) : preset_text;
    r.preset_hash = sim::preset_hash(config);
    r.seed = value_or<std::uint64_t>(report, "seed", 0);
    r.version = value_or<std::string>(report, "version", "");
    r.mode = value_or<std::string>(report, "mode", "live");
    r.source = source;
    r.summary = part(report, "summary");
    r.summary["calls"] = part(report, "calls");
    r.summary["explanations"] = part(report, "explanations");
    r.summary["latency_cdf"] = cdf_of(report.contains("requests") ? report["requests"] : nlohmann::json());
    r.timeseries = part(report, "timeseries");
    return r;
}

}  // namespace gatetune::sim::history
