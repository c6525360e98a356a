// gatetune merge SHARD_OUTPUT…: joins the outputs of `gatetune sweep --shard i/n` into the output
// of the unsharded sweep, byte for byte, after checking that they belong to one sweep and that no
// point is missing or repeated.
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli/commands.hpp"
#include "app/cli/experiment_options.hpp"
#include "app/cli/output_file.hpp"
#include "sim/experiment/experiment_error.hpp"
#include "sim/experiment/sweep_merge.hpp"

namespace gatetune::cli {

namespace {
namespace ex = sim::experiment;

struct MergeOptions {
    std::vector<std::string> inputs;
    std::string out;
};

int run(const MergeOptions& o) {
    constexpr std::string_view kCommand = "merge";
    std::vector<ex::ShardOutput> shards;
    for (const std::string& path : o.inputs) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        if (!in || !(text << in.rdbuf())) return input_error(kCommand, path + ": cannot read the file");
        shards.push_back({path, text.str()});
    }
    std::string merged;
    try {
        merged = ex::merge_sweep_outputs(shards);
    } catch (const ex::ExperimentError& e) {
        std::fprintf(stderr, "gatetune %s\n", e.what());
        return kExitUsage;
    }
    return write_output(kCommand, o.out, [&](std::ostream& out) { out << merged; }) ? kExitOk : kExitUsage;
}
}  // namespace

void register_merge(CLI::App& app, CommandList& out) {
    auto o = std::make_shared<MergeOptions>();
    CLI::App* sub = app.add_subcommand("merge", "Join the outputs of sharded sweeps (sweep --shard i/n) into the unsharded result");
    sub->add_option("inputs", o->inputs, "Every shard's output (all CSV or all JSON), in any order")->required()->check(CLI::ExistingFile);
    sub->add_option("-o,--out", o->out, "Write the merged result to FILE instead of standard output");
    out.push_back({sub, [o] { return run(*o); }});
}

}  // namespace gatetune::cli
