#pragma once
// The Cartesian product of --vary axes, in one stable order (the first axis varies slowest, as
// in nested loops written in --vary order), and its shards: shard i/n is every n-th point, so
// shards get equal shares of cheap and expensive corners of the grid.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sim/config.hpp"
#include "sim/experiment/axis.hpp"

namespace gatetune::sim::experiment {

class Grid {
public:
    Grid() = default;  // no axes: one point, the preset itself
    explicit Grid(std::vector<Axis> axes);

    const std::vector<Axis>& axes() const noexcept { return axes_; }
    std::size_t size() const noexcept { return size_; }

    // Value index on each axis of point `point` (< size()), and back.
    std::vector<std::size_t> coordinates(std::size_t point) const;
    std::size_t index(const std::vector<std::size_t>& coordinates) const;

    // `base` with the point's values set.
    Config apply(const Config& base, const std::vector<std::size_t>& coordinates) const;
    Config apply(const Config& base, std::size_t point) const { return apply(base, coordinates(point)); }

    // "db_pool.pool_size=10 server.workers=2" — for messages.
    std::string describe(const std::vector<std::size_t>& coordinates) const;

    // The cross-key rules (check_config) for every point; throws ExperimentError naming the first
    // point that breaks one (e.g. db_server.max_connections=3 with 3 reserved connections).
    void check_points(const Config& base) const;

private:
    std::vector<Axis> axes_;
    std::size_t size_ = 1;
};

// `--shard i/n`: 1 ≤ i ≤ n (1-based like Playwright's and Jest's --shard, and like Slurm array
// ids written 1-N; Kubernetes' 0-based JOB_COMPLETION_INDEX needs +1).
struct Shard {
    std::size_t index = 1;
    std::size_t count = 1;
};
// Throws ExperimentError on anything but i/n with 1 ≤ i ≤ n ≤ 1000000.
Shard parse_shard(std::string_view text);
// The grid points of a shard, ascending: every p with p mod n = i − 1.
std::vector<std::size_t> shard_points(std::size_t grid_size, Shard shard);

}  // namespace gatetune::sim::experiment
