#include "sim/diagnosis/search.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace gatetune::sim::diagnosis {

namespace {

// The freed parameters of a candidate's parts, flattened: the search moves in the unit cube.
struct Space {
    std::vector<const Mechanism*> parts;
    struct Axis {
        std::size_t part = 0, index = 0;
        const Param* param = nullptr;
        Range range;
    };
    std::vector<Axis> axes;

    Space(std::vector<const Mechanism*> mechanisms, double span_s) : parts(std::move(mechanisms)) {
        for (std::size_t p = 0; p < parts.size(); ++p)
            for (std::size_t i = 0; i < parts[p]->params.size(); ++i)
                axes.push_back({p, i, &parts[p]->params[i], prior_range(parts[p]->params[i], span_s)});
    }

    Candidate at(const std::vector<double>& u) const {
        Candidate c;
        for (const Mechanism* m : parts) c.push_back(Part{m, std::vector<double>(m->params.size())});
        for (std::size_t k = 0; k < axes.size(); ++k)
            c[axes[k].part].values[axes[k].index] = from_unit(*axes[k].param, axes[k].range, u[k]);
        return c;
    }
    std::vector<double> unit_of(const Candidate& c) const {
        std::vector<double> u(axes.size());
        for (std::size_t k = 0; k < axes.size(); ++k)
            u[k] = to_unit(*axes[k].param, axes[k].range, c[axes[k].part].values[axes[k].index]);
        return u;
    }
};

// Simulates the points not simulated before; keeps every result.
class Archive {
public:
    Archive(Evaluator& ev, const Space& space) : ev_(ev), space_(space) {}

    void run(const std::vector<std::vector<double>>& units) {
        std::vector<Candidate> fresh;
        for (const auto& u : units) {
            Candidate c = space_.at(u);
            if (seen_.insert(key(c)).second) fresh.push_back(std::move(c));
        }
        if (fresh.empty()) return;
        for (Evaluated& e : ev_.evaluate(fresh)) all_.push_back(std::move(e));
    }
    const Evaluated* find(const Candidate& c) const {
        const auto k = key(c);
        for (const Evaluated& e : all_)
            if (key(e.candidate) == k) return &e;
        return nullptr;
    }
    // The best few distinct points, by distance (ties: earlier).
    std::vector<const Evaluated*> top(std::size_t n) const {
        std::vector<const Evaluated*> order;
        for (const Evaluated& e : all_) order.push_back(&e);
        std::stable_sort(order.begin(), order.end(), [](const Evaluated* a, const Evaluated* b) {
            if (a->distance != b->distance) return a->distance < b->distance;
            return a->reproducing_seeds > b->reproducing_seeds;
        });
        if (order.size() > n) order.resize(n);
        return order;
    }
    const std::vector<Evaluated>& all() const { return all_; }

private:
    static std::vector<double> key(const Candidate& c) {
        std::vector<double> k;
        for (const Part& p : c) k.insert(k.end(), p.values.begin(), p.values.end());
        return k;
    }
    Evaluator& ev_;
    const Space& space_;
    std::set<std::vector<double>> seen_;
    std::vector<Evaluated> all_;
};

std::uint32_t causes_of(const Archive& archive) {
    std::uint32_t bits = 0;
    for (const Evaluated& e : archive.all())
        for (const Agreement& a : e.seeds) bits |= a.causes_produced;
    return bits;
}

std::vector<std::vector<double>> grid(std::size_t dims, std::size_t per_axis, const std::vector<double>& centre, double half) {
    std::vector<std::vector<double>> out{{}};
    for (std::size_t d = 0; d < dims; ++d) {
        std::vector<std::vector<double>> next;
        for (const auto& prefix : out)
            for (std::size_t k = 0; k < per_axis; ++k) {
                const double t = per_axis == 1 ? 0.5 : static_cast<double>(k) / static_cast<double>(per_axis - 1);
                auto p = prefix;
                p.push_back(std::clamp(centre[d] - half + 2 * half * t, 0.0, 1.0));
                next.push_back(std::move(p));
            }
        out = std::move(next);
    }
    return out;
}

std::size_t per_axis(std::size_t dims, const SearchOptions& o) {
    if (dims <= 1) return o.grid_1d;
    if (dims == 2) return o.grid_2d;
    return 5;
}

// Zooms around the best points, then bisects along each axis from the best reproducing point
// to where reproduction stops.
Fit refine(Archive& archive, const Space& space, double cell, const SearchOptions& o) {
    const std::size_t dims = space.axes.size();
    const std::size_t zoom_points = dims <= 1 ? 9 : dims == 2 ? 5 : 3;
    for (std::size_t round = 0; round < o.zoom_rounds && dims > 0; ++round) {
        std::vector<std::vector<double>> units;
        for (const Evaluated* e : archive.top(5))
            for (auto& u : grid(dims, zoom_points, space.unit_of(e->candidate), cell)) units.push_back(std::move(u));
        archive.run(units);
        cell /= 4;
    }
    Fit fit;
    fit.best = *archive.top(1).front();
    if (fit.best.reproduces() && dims > 0) {
        const std::vector<double> centre = space.unit_of(fit.best.candidate);
        double mass = 1;
        for (std::size_t k = 0; k < dims; ++k) {
            double bounds[2];
            for (int dir = 0; dir < 2; ++dir) {
                double in = centre[k], out = dir == 0 ? 0.0 : 1.0;
                auto probe = [&](double u) {
                    std::vector<double> p = centre;
                    p[k] = u;
                    archive.run({p});
                    return archive.find(space.at(p))->reproduces();
                };
                if (probe(out)) {
                    bounds[dir] = out;
                    continue;
                }
                for (std::size_t s = 0; s < o.bisect_steps; ++s) {
                    const double mid = (in + out) / 2;
                    (probe(mid) ? in : out) = mid;
                }
                bounds[dir] = in;
            }
            const auto& axis = space.axes[k];
            fit.ranges.push_back({from_unit(*axis.param, axis.range, bounds[0]), from_unit(*axis.param, axis.range, bounds[1])});
            mass *= std::max(bounds[1] - bounds[0], 1.0 / 1024);
        }
        fit.prior_mass = mass;
    }
    fit.points = archive.all().size();
    fit.causes_produced = causes_of(archive);
    return fit;
}

}  // namespace

Fit fit_mechanism(Evaluator& ev, const Mechanism& m, double span_s, const SearchOptions& o) {
    Space space({&m}, span_s);
    Archive archive(ev, space);
    const std::size_t dims = space.axes.size();
    if (dims == 0) {
        archive.run({{}});
        Fit fit;
        fit.best = archive.all().front();
        fit.prior_mass = fit.best.reproduces() ? 1.0 : 0.0;
        fit.points = 1;
        fit.causes_produced = causes_of(archive);
        return fit;
    }
    const std::size_t n = per_axis(dims, o);
    archive.run(grid(dims, n, std::vector<double>(dims, 0.5), 0.5));
    return refine(archive, space, 1.0 / static_cast<double>(n - 1), o);
}

Fit fit_pair(Evaluator& ev, const Fit& a, const Fit& b, double span_s, const SearchOptions& o) {
    Space space({a.best.candidate.front().mechanism, b.best.candidate.front().mechanism}, span_s);
    Archive archive(ev, space);
    const std::size_t dims = space.axes.size();
    // Start from both fits' best points, then a coarse grid of three per axis around them.
    Candidate start;
    start.push_back(a.best.candidate.front());
    start.push_back(b.best.candidate.front());
    const std::vector<double> centre = space.unit_of(start);
    archive.run({centre});
    archive.run(grid(dims, 3, centre, 0.25));
    return refine(archive, space, 0.125, o);
}

}  // namespace gatetune::sim::diagnosis
