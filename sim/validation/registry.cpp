#include "sim/validation/registry.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/validation/estimate.hpp"
#include "sim/validation/rule_groups.hpp"

namespace gatetune::sim::validation {
namespace {

std::vector<Rule> collect() {
    std::vector<Rule> all;
    for (auto group : {database_rules, worker_timeout_rules, gunicorn_setting_rules, timeout_path_rules,
                       load_balancer_rules, httpx_rules, upstream_rules}) {
        for (Rule& r : group()) all.push_back(r);
    }
    std::sort(all.begin(), all.end(), [](const Rule& a, const Rule& b) { return a.id < b.id; });
    // Ids are what CI scripts match on: two rules with one id would be a silent mix-up.
    for (std::size_t i = 1; i < all.size(); ++i) {
        if (all[i].id == all[i - 1].id) throw std::logic_error("two validation rules share the id " + std::string(all[i].id));
    }
    return all;
}

}  // namespace

const std::vector<Rule>& all_rules() {
    static const std::vector<Rule> rules = collect();
    return rules;
}

const Rule* find_rule(std::string_view id) {
    for (const Rule& r : all_rules()) {
        if (r.id == id) return &r;
    }
    return nullptr;
}

std::vector<Finding> static_findings(const Config& cfg) {
    const StackEstimate e = estimate(cfg);
    std::vector<Finding> out;
    for (const Rule& r : all_rules()) {
        std::vector<RuleHit> hits = r.check(e);
        std::stable_sort(hits.begin(), hits.end(), [](const RuleHit& a, const RuleHit& b) { return a.severity > b.severity; });
        for (RuleHit& h : hits) out.push_back({&r, h.severity, std::move(h.message), std::move(h.keys)});
    }
    return out;
}

}  // namespace gatetune::sim::validation
