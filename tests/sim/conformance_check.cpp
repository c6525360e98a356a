#include "conformance_check.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "engine/time.hpp"
#include "sim/report.hpp"

namespace gatetune::testing {

namespace {

void add_counts(std::vector<Quantity>& out, const std::string& prefix, const nlohmann::json& counts) {
    for (const auto& [k, v] : counts.items()) out.push_back({prefix + k, QuantityKind::Count, v.get<double>()});
}

void add_counts(std::vector<Quantity>& out, const std::string& prefix, const std::map<std::string, std::uint64_t>& counts) {
    for (const auto& [k, v] : counts)
        if (v) out.push_back({prefix + k, QuantityKind::Count, static_cast<double>(v)});
}

}  // namespace

std::vector<Quantity> quantities(const nlohmann::json& r) {
    std::vector<Quantity> out;
    add_counts(out, "status ", r.at("by_status"));
    add_counts(out, "cause ", r.at("by_cause"));
    const auto& calls = r.at("calls");
    if (calls.size() > 1)
        for (std::size_t i = 0; i < calls.size(); ++i) add_counts(out, "call " + std::to_string(i + 1) + " ", calls[i]);
    const auto& lat = r.at("latency");
    out.push_back({"p50", QuantityKind::P50, lat.at("p50").get<double>()});
    out.push_back({"p90", QuantityKind::P90, lat.at("p90").get<double>()});
    out.push_back({"p99", QuantityKind::P99, lat.at("p99").get<double>()});
    out.push_back({"attempts", QuantityKind::Attempts, r.at("attempts").get<double>()});
    for (const char* k : {"worker_boots", "worker_timeouts", "pg_refusals"})
        out.push_back({k, QuantityKind::Events, r.at(k).get<double>()});
    return out;
}

std::vector<Quantity> quantities(const sim::RunResult& r) {
    std::vector<Quantity> out;
    add_counts(out, "status ", r.by_status);
    std::map<std::string, std::uint64_t> causes;
    for (std::size_t c = 0; c < sim::kCauseCount; ++c) causes[std::string(sim::to_string(static_cast<sim::Cause>(c)))] = r.by_cause[c];
    add_counts(out, "cause ", causes);
    if (r.calls.size() > 1)
        for (const auto& call : r.calls)  // the report's per-call keys ("500:db_pool_timeout"), as recorded
            add_counts(out, "call " + std::to_string(call.call + 1) + " ", sim::call_outcomes(r, call));
    out.push_back({"p50", QuantityKind::P50, engine::to_seconds(r.latency.percentile(50))});
    out.push_back({"p90", QuantityKind::P90, engine::to_seconds(r.latency.percentile(90))});
    out.push_back({"p99", QuantityKind::P99, engine::to_seconds(r.latency.percentile(99))});
    // Over the requests the app answered, as the real side can only count those (a killed or
    // refused request carries no attempts header).
    double attempts = 0, answered = 0;
    for (const auto& rec : r.records)
        if (rec.http_status != 0 && rec.cause != sim::Cause::ConcurrencyLimit) attempts += rec.attempts, answered += 1;
    out.push_back({"attempts", QuantityKind::Attempts, answered > 0 ? attempts / answered : 0.0});
    out.push_back({"worker_boots", QuantityKind::Events, static_cast<double>(r.worker_boots)});
    out.push_back({"worker_timeouts", QuantityKind::Events, static_cast<double>(r.worker_timeouts)});
    out.push_back({"pg_refusals", QuantityKind::Events,
                   static_cast<double>(r.by_cause[static_cast<std::size_t>(sim::Cause::DbTooManyClients)])});
    return out;
}

bool within_tolerance(QuantityKind kind, double real, double sim) {
    const double d = std::abs(sim - real);
    switch (kind) {
        case QuantityKind::Count: return d <= std::max(1.0, 0.10 * real);
        case QuantityKind::P50:
        case QuantityKind::P90: return d <= 0.15 * real || d <= 0.005;
        case QuantityKind::P99: return d <= 0.30 * real || d <= 0.005;
        case QuantityKind::Attempts: return d <= 0.1;
        case QuantityKind::Events: return d <= 1.0;
    }
    return false;
}

std::vector<ComparedQuantity> compare(const std::vector<std::vector<Quantity>>& real,
                                      const std::vector<std::vector<Quantity>>& sim) {
    std::vector<ComparedQuantity> rows;
    auto row = [&](const Quantity& q) -> ComparedQuantity& {
        auto it = std::find_if(rows.begin(), rows.end(), [&](const ComparedQuantity& c) { return c.name == q.name; });
        if (it != rows.end()) return *it;
        return rows.emplace_back(ComparedQuantity{q.name, q.kind});
    };
    for (const auto& run : real)
        for (const auto& q : run) row(q).real += q.value / static_cast<double>(real.size());
    for (const auto& run : sim)
        for (const auto& q : run) row(q).sim += q.value / static_cast<double>(sim.size());
    for (auto& r : rows) r.within = within_tolerance(r.kind, r.real, r.sim);
    return rows;
}

}  // namespace gatetune::testing
