#pragma once
// One --vary axis of a sweep or a tune: a preset key (any key of sim/preset/config_schema.hpp, by its
// dotted name) and the values it takes, each checked against the key's type and range:
//   KEY=a..b:step   numeric keys; the values a, a+step, … up to b (the last one ≤ b). The step
//                   may be left out for integer keys (1). Example: db_pool.pool_size=5..40:5
//   KEY=v1,v2,…     any key; each value is TOML text as for --set (bare words for enum and string
//                   keys; commas inside [ ], { } or quotes do not split). Example:
//                   server.worker_class=sync,uvicorn
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sim/preset/config_schema.hpp"

namespace gatetune::sim::experiment {

struct Axis {
    const KeySpec* key = nullptr;
    std::vector<Value> values;  // in the order given (a range: ascending); never empty, no repeats
    bool range = false;         // written as a..b:step

    std::string_view name() const { return key->key; }
    std::size_t size() const { return values.size(); }
    // The value as TOML text (5, 30.0, "uvicorn") — for messages, CSV cells and diffs.
    std::string text(std::size_t i) const { return format_value(values[i]); }
};

// Most values one axis may have, and most points of a whole grid: beyond this a sweep's results
// no longer fit comfortably in memory (shard it, or use a coarser step).
inline constexpr std::size_t kMaxAxisValues = 100'000;
inline constexpr std::size_t kMaxGridPoints = 1'000'000;

// Throws ExperimentError naming the axis, what is wrong and what is allowed.
Axis parse_axis(std::string_view spec);
// Several axes; a key may be varied only once.
std::vector<Axis> parse_axes(const std::vector<std::string>& specs);

}  // namespace gatetune::sim::experiment
