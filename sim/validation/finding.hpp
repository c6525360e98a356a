#pragma once
// A validation rule and what it found. A rule is a static check of one configuration against a
// fact of the real components (docs/MODEL.md): it has a stable id (GT###) for CI and suppression, an
// explanation of the mechanism and the section that states it. A finding is one occurrence, with
// the configuration's actual numbers in its message.
#include <string>
#include <string_view>
#include <vector>

#include "sim/config.hpp"

namespace gatetune::sim::validation {

enum class Severity { Info, Warning, Error };
// "info", "warning", "error".
std::string_view to_string(Severity s);

// What one rule reports; the runner attaches the rule.
struct RuleHit {
    Severity severity = Severity::Warning;
    std::string message;            // one line, with the numbers: "4 workers × (20 + 30) × 1 replica = 200 …"
    std::vector<std::string> keys;  // the preset keys to change, e.g. {"db_pool.pool_size", …}
};

struct StackEstimate;
using RuleCheck = std::vector<RuleHit> (*)(const StackEstimate& e);

struct Rule {
    std::string_view id;           // "GT001"
    std::string_view name;         // "db-connection-budget"
    std::string_view explanation;  // the mechanism, two or three sentences
    std::string_view model_ref;    // "MODEL.md §3, §6"
    RuleCheck check = nullptr;
};

struct Finding {
    const Rule* rule = nullptr;
    Severity severity = Severity::Warning;
    std::string message;
    std::vector<std::string> keys;
};

}  // namespace gatetune::sim::validation
