#include "sim/history/run_diff.hpp"

#include <set>

#include "sim/metric_names.hpp"
#include "sim/preset/preset_io.hpp"
#include "sim/report.hpp"

namespace gatetune::sim::history {

namespace {

using nlohmann::json;

std::string number_text(const json& v) {
    if (v.is_number_integer() || v.is_number_unsigned()) return std::to_string(v.get<std::int64_t>());
    if (v.is_number()) return format_fixed(v.get<double>(), 4);
    if (v.is_null()) return "";
    return v.dump();
}

const json& at(const json& j, std::initializer_list<const char*> path) {
    static const json null;
    const json* node = &j;
    for (const char* key : path) {
        if (!node->is_object() || !node->contains(key)) return null;
        node = &(*node)[key];
    }
    return *node;
}

void add_outcome(std::vector<Difference>& out, std::string what, const json& a, const json& b, bool always) {
    const bool differs = a != b;
    if (differs || always) out.push_back({Difference::Kind::Outcome, std::move(what), number_text(a), number_text(b), differs});
}

// The counts of one map-valued summary field (by_cause, by_status), over the union of keys.
void add_counts(std::vector<Difference>& out, const std::string& label, const json& a, const json& b) {
    std::set<std::string> keys;
    for (const json* m : {&a, &b})
        if (m->is_object())
            for (const auto& [k, v] : m->items()) keys.insert(k);
    for (const std::string& k : keys) {
        const json va = a.is_object() && a.contains(k) ? a[k] : json(0);
        const json vb = b.is_object() && b.contains(k) ? b[k] : json(0);
        add_outcome(out, label + " " + k, va, vb, false);
    }
}

void add_parameters(std::vector<Difference>& out, const RunRecord& a, const RunRecord& b) {
    Config ca, cb;
    try {
        ca = parse_preset(a.preset_text, "baseline");
        cb = parse_preset(b.preset_text, "current");
    } catch (const std::exception& e) {
        out.push_back({Difference::Kind::Parameter, "preset", "", std::string("not comparable: ") + e.what(), true});
        return;
    }
    for (const KeySpec* k : changed_keys(cb, ca)) {
        if (k->key == "name" || k->key == "description") continue;
        out.push_back({Difference::Kind::Parameter, std::string(k->key), format_value(ca, *k), format_value(cb, *k), true});
    }
}

}  // namespace

std::vector<Difference> compare_runs(const RunRecord& a, const RunRecord& b) {
    std::vector<Difference> out;
    add_parameters(out, a, b);
    if (a.seed != b.seed) out.push_back({Difference::Kind::Parameter, "seed", std::to_string(a.seed), std::to_string(b.seed), true});
    const json& sa = a.summary;
    const json& sb = b.summary;
    add_outcome(out, "requests", at(sa, {"requests"}), at(sb, {"requests"}), true);
    add_outcome(out, "error rate", at(sa, {"error_rate"}), at(sb, {"error_rate"}), true);
    for (const char* p : {"p50", "p90", "p99", "max"})
        add_outcome(out, std::string("latency ") + p + " (s)", at(sa, {"latency_s", p}), at(sb, {"latency_s", p}), true);
    add_counts(out, "cause", at(sa, {"by_cause"}), at(sb, {"by_cause"}));
    add_counts(out, "status", at(sa, {"by_status"}), at(sb, {"by_status"}));
    for (const Metric m : {Metric::InFlight, Metric::DbConnections, Metric::DbWaiting, Metric::HttpConnections, Metric::UpstreamActive,
                           Metric::UpstreamQueue}) {
        const std::string p(peak_name(m));
        add_outcome(out, "peak " + p, at(sa, {"peaks", p.c_str()}), at(sb, {"peaks", p.c_str()}), false);
    }
    add_outcome(out, "worker timeouts", at(sa, {"worker_timeouts"}), at(sb, {"worker_timeouts"}), false);
    add_outcome(out, "worker boots", at(sa, {"worker_boots"}), at(sb, {"worker_boots"}), false);
    add_outcome(out, "duration (s)", at(sa, {"duration_s"}), at(sb, {"duration_s"}), false);
    return out;
}

}  // namespace gatetune::sim::history
