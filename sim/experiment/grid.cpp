#include "sim/experiment/grid.hpp"

#include <charconv>

#include "sim/experiment/experiment_error.hpp"
#include "sim/preset/preset_io.hpp"

namespace gatetune::sim::experiment {

Grid::Grid(std::vector<Axis> axes) : axes_(std::move(axes)) {
    for (const Axis& a : axes_) size_ *= a.size();
}

std::vector<std::size_t> Grid::coordinates(std::size_t point) const {
    std::vector<std::size_t> c(axes_.size());
    for (std::size_t k = axes_.size(); k-- > 0;) {
        c[k] = point % axes_[k].size();
        point /= axes_[k].size();
    }
    return c;
}

std::size_t Grid::index(const std::vector<std::size_t>& coordinates) const {
    std::size_t p = 0;
    for (std::size_t k = 0; k < axes_.size(); ++k) p = p * axes_[k].size() + coordinates[k];
    return p;
}

Config Grid::apply(const Config& base, const std::vector<std::size_t>& coordinates) const {
    Config c = base;
    for (std::size_t k = 0; k < axes_.size(); ++k) axes_[k].key->set(c, axes_[k].values[coordinates[k]]);
    return c;
}

std::string Grid::describe(const std::vector<std::size_t>& coordinates) const {
    std::string out;
    for (std::size_t k = 0; k < axes_.size(); ++k) {
        if (k) out += ' ';
        out += std::string(axes_[k].name()) + "=" + axes_[k].text(coordinates[k]);
    }
    return out;
}

void Grid::check_points(const Config& base) const {
    for (std::size_t p = 0; p < size_; ++p) {
        const auto c = coordinates(p);
        try {
            check_config(apply(base, c), "");
        } catch (const PresetError& e) {
            throw ExperimentError("--vary: the point " + describe(c) + " is not a valid configuration: " + e.key() + ": " +
                                  e.message());
        }
    }
}

Shard parse_shard(std::string_view text) {
    const auto bad = [&] {
        return ExperimentError("--shard " + std::string(text) + ": expected i/n with 1 ≤ i ≤ n ≤ 1000000 (e.g. --shard 2/8)");
    };
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) throw bad();
    Shard s;
    const auto read = [&](std::string_view part, std::size_t& out) {
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
        if (part.empty() || ec != std::errc{} || end != part.data() + part.size()) throw bad();
    };
    read(text.substr(0, slash), s.index);
    read(text.substr(slash + 1), s.count);
    if (s.index < 1 || s.index > s.count || s.count > 1'000'000) throw bad();
    return s;
}

std::vector<std::size_t> shard_points(std::size_t grid_size, Shard shard) {
    std::vector<std::size_t> points;
    for (std::size_t p = shard.index - 1; p < grid_size; p += shard.count) points.push_back(p);
    return points;
}

}  // namespace gatetune::sim::experiment
