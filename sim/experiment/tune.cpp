#include "sim/experiment/tune.hpp"

#include <algorithm>
#include <unordered_map>

#include "sim/experiment/capacity.hpp"
#include "sim/experiment/experiment_error.hpp"
#include "sim/experiment/grid.hpp"
#include "sim/experiment/objective.hpp"

namespace gatetune::sim::experiment {
namespace {

bool has_slo(const SloConfig& s) { return s.max_error_rate || s.p50 || s.p99 || !s.max_cause_rate.empty(); }

// Monotone axes searched in ascending order, so "one step down" is always "less capacity".
std::vector<Axis> search_axes(std::vector<Axis> axes) {
    for (Axis& a : axes) {
        if (!is_monotone_axis(a)) continue;
        std::sort(a.values.begin(), a.values.end(),
                  [](const Value& x, const Value& y) { return std::get<std::int64_t>(x) < std::get<std::int64_t>(y); });
    }
    return axes;
}

class Search {
public:
    Search(const TuneSpec& spec, unsigned jobs, const std::function<void(std::size_t)>& progress)
        : spec_(spec), jobs_(jobs), progress_(progress), grid_(search_axes(spec.axes)), objective_(spec.axes, spec.minimize) {
        const auto& axes = grid_.axes();
        std::size_t stride = 1;
        strides_.assign(axes.size(), 0);
        for (std::size_t k = axes.size(); k-- > 0;) {
            strides_[k] = stride;
            stride *= axes[k].size();
            monotone_.insert(monotone_.begin(), is_monotone_axis(axes[k]));
        }
        // Bisect along the longest capacity axis: that is where halving saves the most.
        for (std::size_t k = 0; k < axes.size(); ++k) {
            if (monotone_[k] && (!line_axis_ || axes[k].size() >= axes[*line_axis_].size())) line_axis_ = k;
        }
        costs_.reserve(grid_.size());
        for (std::size_t p = 0; p < grid_.size(); ++p) costs_.push_back(objective_.cost(grid_.apply(spec_.base, p), p));
    }

    TuneResult run() {
        TuneResult out;
        out.objective = objective_.describe();
        out.grid_points = grid_.size();
        for (std::size_t k = 0; k < grid_.axes().size(); ++k) {
            (monotone_[k] ? out.bisected : out.gridded).emplace_back(grid_.axes()[k].name());
        }
        search_lines();
        if (best_) confirm_neighbours(out);
        note_static_rejections(out);
        out.candidates = candidates_;
        out.simulations = candidates_ * spec_.replications;
        if (best_) {
            out.found = true;
            out.best = grid_.apply(spec_.base, *best_);
            out.verdict = verdict(*best_);
        }
        return out;
    }

private:
    enum class Implied { Unknown, Pass, Fail };
    struct Known {
        std::vector<std::size_t> coordinates;
        bool pass = false;
    };
    struct Line {
        std::size_t start = 0;   // its point with the line axis at its smallest value
        std::size_t length = 1;
        Cost cheapest;
    };

    std::size_t point(const Line& l, std::size_t i) const { return l.start + i * (line_axis_ ? strides_[*line_axis_] : 0); }
    bool cheaper_than_best(std::size_t p) const { return !best_ || costs_[p] < costs_[*best_]; }

    // Points that differ only on capacity axes share a slice; implications hold within a slice.
    std::size_t slice_of(const std::vector<std::size_t>& c) const {
        std::size_t s = 0;
        for (std::size_t k = 0; k < c.size(); ++k) {
            if (!monotone_[k]) s = s * grid_.axes()[k].size() + c[k];
        }
        return s;
    }

    Verdict& verdict(std::size_t p) {
        auto it = verdicts_.find(p);
        if (it == verdicts_.end()) {
            const auto c = grid_.coordinates(p);
            Verdict v;
            v.description = grid_.describe(c);
            v.findings = static_findings(grid_.apply(spec_.base, c));
            it = verdicts_.emplace(p, std::move(v)).first;
        }
        return it->second;
    }
    bool static_ok(std::size_t p) { return verdict(p).static_ok(); }

    void simulate(const std::vector<std::size_t>& points) {
        if (points.empty()) return;
        auto results = run_replicated(points.size(), [&](std::size_t i) { return grid_.apply(spec_.base, points[i]); },
                                      spec_.replications, jobs_);
        for (std::size_t i = 0; i < points.size(); ++i) {
            Verdict& v = verdict(points[i]);
            v.simulated = true;
            v.result = std::move(results[i]);
            const auto c = grid_.coordinates(points[i]);
            known_[slice_of(c)].push_back({c, v.result.slo_holds()});
        }
        candidates_ += points.size();
        if (progress_) progress_(candidates_ * spec_.replications);
    }

    // What earlier results say about p if passing is monotone in every capacity axis.
    Implied implied(std::size_t p) const {
        const auto c = grid_.coordinates(p);
        const auto it = known_.find(slice_of(c));
        if (it == known_.end()) return Implied::Unknown;
        for (const Known& k : it->second) {
            bool below = true, above = true;  // c ≤ k, c ≥ k on every capacity axis
            for (std::size_t a = 0; a < c.size(); ++a) {
                if (!monotone_[a]) continue;
                below = below && c[a] <= k.coordinates[a];
                above = above && c[a] >= k.coordinates[a];
            }
            if (k.pass && above) return Implied::Pass;
            if (!k.pass && below) return Implied::Fail;
        }
        return Implied::Unknown;
    }

    bool slo_passes(std::size_t p) {
        if (const Verdict& v = verdict(p); v.simulated) return v.result.slo_holds();
        if (const Implied i = implied(p); i != Implied::Unknown) return i == Implied::Pass;
        simulate({p});
        return verdict(p).result.slo_holds();
    }

    std::vector<Line> lines() const {
        std::vector<Line> out;
        const std::size_t length = line_axis_ ? grid_.axes()[*line_axis_].size() : 1;
        for (std::size_t p = 0; p < grid_.size(); ++p) {
            if (line_axis_ && grid_.coordinates(p)[*line_axis_] != 0) continue;
            Line l{p, length, costs_[p]};
            for (std::size_t i = 1; i < length; ++i) l.cheapest = std::min(l.cheapest, costs_[point(l, i)]);
            out.push_back(l);
        }
        std::sort(out.begin(), out.end(), [](const Line& a, const Line& b) { return a.cheapest < b.cheapest; });
        return out;
    }

    // The first index in [0, end) for which pred holds, given that it holds for a suffix.
    template <class Pred>
    static std::size_t first_true(std::size_t end, Pred pred) {
        std::size_t lo = 0, hi = end;
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (pred(mid)) hi = mid;
            else lo = mid + 1;
        }
        return hi;
    }

    void search_line(const Line& line) {
        // Only points cheaper than the best answer matter; the dearest of them bounds the line.
        std::size_t top = line.length;
        for (std::size_t i = line.length; i-- > 0;) {
            if (cheaper_than_best(point(line, i)) && static_ok(point(line, i))) {
                top = i;
                break;
            }
        }
        if (top == line.length) return;
        // Passing starts at some boundary b on the line; known results narrow it to (lo, hi].
        std::size_t hi = first_true(top + 1, [&](std::size_t i) { return implied(point(line, i)) == Implied::Pass; });
        const std::size_t fails_below =
            first_true(hi, [&](std::size_t i) { return implied(point(line, i)) != Implied::Fail; });  // lo + 1
        if (hi == top + 1) {
            if (fails_below == top + 1 || !slo_passes(point(line, top))) return;  // the dearest fails: so does the line
            hi = top;
        }
        std::size_t lo_plus_one = fails_below;
        while (lo_plus_one < hi) {
            const std::size_t mid = lo_plus_one + (hi - lo_plus_one) / 2;
            if (slo_passes(point(line, mid))) hi = mid;
            else lo_plus_one = mid + 1;
        }
        // From the boundary up, the cheapest point that a simulation confirms.
        std::vector<std::size_t> candidates;
        for (std::size_t i = hi; i <= top; ++i) {
            const std::size_t p = point(line, i);
            if (cheaper_than_best(p) && static_ok(p)) candidates.push_back(p);
        }
        std::sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) { return costs_[a] < costs_[b]; });
        for (const std::size_t p : candidates) {
            if (!verdict(p).simulated) simulate({p});
            if (verdict(p).passes()) {
                best_ = p;
                return;
            }
        }
    }

    void search_lines() {
        for (const Line& line : lines()) {
            if (best_ && !(line.cheapest < costs_[*best_])) break;  // sorted: no later line can win either
            search_line(line);
        }
    }

    // One step down (or, on grid axes, to either side) wherever that is cheaper.
    std::vector<std::size_t> cheaper_neighbours(std::size_t p) const {
        std::vector<std::size_t> out;
        const auto c = grid_.coordinates(p);
        for (std::size_t k = 0; k < c.size(); ++k) {
            for (const int step : {-1, +1}) {
                if ((step < 0 && c[k] == 0) || (step > 0 && c[k] + 1 >= grid_.axes()[k].size())) continue;
                auto n = c;
                n[k] = step < 0 ? c[k] - 1 : c[k] + 1;
                const std::size_t q = grid_.index(n);
                if (costs_[q] < costs_[p]) out.push_back(q);
            }
        }
        return out;
    }

    // Points the static rules excluded — when nothing passes, often the whole story.
    void note_static_rejections(TuneResult& out) {
        std::optional<std::size_t> cheapest;
        for (const auto& [p, v] : verdicts_) {
            if (v.static_ok()) continue;
            ++out.rejected_statically;
            if (!cheapest || costs_[p] < costs_[*cheapest]) cheapest = p;
        }
        if (cheapest) out.cheapest_rejected = Neighbour{verdicts_.at(*cheapest).description, verdicts_.at(*cheapest)};
    }

    // "server.workers=1": the axis on which neighbour q differs from p.
    std::string change(std::size_t p, std::size_t q) const {
        const auto a = grid_.coordinates(p), b = grid_.coordinates(q);
        for (std::size_t k = 0; k < a.size(); ++k) {
            if (a[k] != b[k]) return std::string(grid_.axes()[k].name()) + "=" + grid_.axes()[k].text(b[k]);
        }
        return "";
    }

    void confirm_neighbours(TuneResult& out) {
        for (;;) {
            const std::vector<std::size_t> neighbours = cheaper_neighbours(*best_);
            std::vector<std::size_t> unseen;
            for (const std::size_t q : neighbours) {
                if (static_ok(q) && !verdict(q).simulated) unseen.push_back(q);
            }
            simulate(unseen);  // all at once: they run in parallel
            std::optional<std::size_t> cheaper;
            for (const std::size_t q : neighbours) {
                if (verdict(q).passes() && (!cheaper || costs_[q] < costs_[*cheaper])) cheaper = q;
            }
            if (!cheaper) {
                for (const std::size_t q : neighbours) out.neighbours.push_back({change(*best_, q), verdict(q)});
                return;
            }
            best_ = cheaper;  // not monotone after all: a neighbour passes and is cheaper
        }
    }

    const TuneSpec& spec_;
    unsigned jobs_;
    const std::function<void(std::size_t)>& progress_;
    Grid grid_;
    Objective objective_;
    std::vector<bool> monotone_;
    std::vector<std::size_t> strides_;
    std::optional<std::size_t> line_axis_;
    std::vector<Cost> costs_;
    std::unordered_map<std::size_t, Verdict> verdicts_;
    std::unordered_map<std::size_t, std::vector<Known>> known_;
    std::optional<std::size_t> best_;
    std::size_t candidates_ = 0;
};

}  // namespace

TuneResult tune(const TuneSpec& spec, unsigned jobs, const std::function<void(std::size_t)>& progress) {
    if (spec.axes.empty()) throw ExperimentError("tune: nothing to vary (give at least one --vary KEY=RANGE)");
    if (!has_slo(spec.base.slo)) {
        throw ExperimentError("tune: the preset has no [slo], so every configuration would pass; add one to the preset or "
                              "pass e.g. --set slo.max_error_rate=0 --set slo.p99=30");
    }
    if (spec.replications == 0) throw ExperimentError("tune: --seeds must be at least 1");
    Grid(spec.axes).check_points(spec.base);
    return Search(spec, jobs, progress).run();
}

}  // namespace gatetune::sim::experiment
