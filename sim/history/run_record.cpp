#include "sim/history/run_record.hpp"

#include "sim/preset/preset_hash.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/report.hpp"

namespace gatetune::sim::history {

namespace {
double number_at(const nlohmann::json& j, const char* a, const char* b = nullptr) {
    const nlohmann::json* node = &j;
    for (const char* key : {a, b}) {
        if (key == nullptr) break;
        if (!node->is_object() || !node->contains(key)) return 0;
        node = &(*node)[key];
    }
    return node->is_number() ? node->get<double>() : 0;
}
}  // namespace

std::uint64_t RunRecord::requests() const { return static_cast<std::uint64_t>(number_at(summary, "requests")); }
double RunRecord::error_rate() const { return number_at(summary, "error_rate"); }
double RunRecord::p50() const { return number_at(summary, "latency_s", "p50"); }
double RunRecord::p99() const { return number_at(summary, "latency_s", "p99"); }

std::vector<std::pair<double, double>> latency_cdf(const engine::LatencyHistogram& h, std::size_t max_points) {
    std::vector<std::pair<double, double>> points;
    if (h.empty()) return points;
    const double total = static_cast<double>(h.count());
    std::uint64_t below = 0;
    h.for_each_bucket([&](std::int64_t, std::int64_t highest, std::uint64_t count) {
        below += count;
        points.emplace_back(engine::to_seconds(std::min(highest, h.max())), static_cast<double>(below) / total);
    });
    if (points.size() <= max_points || max_points < 2) return points;
    std::vector<std::pair<double, double>> thinned;
    const double step = static_cast<double>(points.size() - 1) / static_cast<double>(max_points - 1);
    for (std::size_t i = 0; i < max_points; ++i)
        thinned.push_back(points[static_cast<std::size_t>(static_cast<double>(i) * step + 0.5)]);
    thinned.back() = points.back();
    return thinned;
}

RunRecord make_run_record(const RunResult& result, const Config& config, const std::string& preset_text,
                          const std::string& source) {
    const nlohmann::json report = report_json(result);
    RunRecord r;
    r.preset_name = result.preset;
    r.preset_text = preset_text.empty() ? write_preset(config) : preset_text;
    r.preset_hash = sim::preset_hash(config);
    r.seed = result.seed;
    r.version = result.version;
    r.mode = result.mode;
    r.source = source;
    r.summary = report.at("summary");
    r.summary["calls"] = report.at("calls");
    r.summary["explanations"] = report.at("explanations");
    nlohmann::json cdf = nlohmann::json::array();
    for (const auto& [s, share] : latency_cdf(result.latency)) cdf.push_back({s, share});
    r.summary["latency_cdf"] = std::move(cdf);
    r.timeseries = report.at("timeseries");
    return r;
}

std::vector<double> series_times(const nlohmann::json& ts) {
    std::vector<double> out;
    if (!ts.is_object() || !ts.contains("t_s") || !ts["t_s"].is_array()) return out;
    for (const auto& t : ts["t_s"]) out.push_back(t.is_number() ? t.get<double>() : 0.0);
    return out;
}

std::vector<double> series_column(const nlohmann::json& ts, const std::string& column) {
    std::vector<double> out;
    if (!ts.is_object() || !ts.contains("columns") || !ts.contains("rows")) return out;
    const auto& columns = ts["columns"];
    std::size_t c = 0;
    while (c < columns.size() && !(columns[c].is_string() && columns[c].get<std::string>() == column)) ++c;
    if (c == columns.size()) return out;
    for (const auto& row : ts["rows"]) out.push_back(row.is_array() && c < row.size() && row[c].is_number() ? row[c].get<double>() : 0.0);
    return out;
}

}  // namespace gatetune::sim::history
