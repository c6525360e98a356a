#pragma once
// `gatetune merge`: joins the outputs of the shards of one sweep into the output the unsharded
// sweep would have written, byte for byte. It refuses shards of different sweeps (preset, axes,
// grid size, replications, version), a point that appears twice, and a missing point (a shard
// left out) — a merged result is either complete or an error.
#include <string>
#include <vector>

namespace gatetune::sim::experiment {

struct ShardOutput {
    std::string name;     // file name, for messages
    std::string content;  // the whole file
};

// All CSV (sweep --format csv) or all JSON (sweep --format json); the format is recognised from
// the content. Throws ExperimentError naming the file and what does not fit.
std::string merge_sweep_outputs(const std::vector<ShardOutput>& shards);

}  // namespace gatetune::sim::experiment
