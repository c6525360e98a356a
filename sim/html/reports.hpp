#pragma once
// The report kinds: each builds a Page (sim/html/page.hpp) from its command's result type and
// the presets that ran; the command writes it with Page::write. A new kind is one more function
// here composing the section builders (sim/html/run_sections.hpp, experiment_sections.hpp).
#include <string>
#include <vector>

#include "sim/calibration/calibration_report.hpp"
#include "sim/comparison.hpp"
#include "sim/config.hpp"
#include "sim/diagnosis/diagnosis.hpp"
#include "sim/experiment/check.hpp"
#include "sim/experiment/sweep.hpp"
#include "sim/experiment/tune.hpp"
#include "sim/html/page.hpp"
#include "sim/html/run_sections.hpp"
#include "sim/run_result.hpp"

namespace gatetune::sim::html {

// gatetune run: outcomes, latency, time series, waterfall, per-call table, explanations.
Page run_page(const RunResult& r, const PresetSource& preset, const Limits& limits = {});

// gatetune check: an overview row per preset, then per preset its findings, its SLO with a
// pass/fail cell per seed and its figures. `presets` are those that could be read, in any order.
Page check_page(const std::vector<experiment::PresetCheck>& checks, std::size_t replications,
                const std::vector<PresetSource>& presets);

// gatetune sweep: the heatmap, the Pareto front and the passing share.
Page sweep_page(const experiment::SweepResult& r, const Config& base, const PresetSource& preset);

// gatetune tune: the answer as changes against the preset, its findings and SLO per seed, why
// each next-cheaper neighbour fails, and the search's cost against the full grid.
Page tune_page(const experiment::TuneResult& r, const Config& base, const PresetSource& preset);

// gatetune live: the live run beside the simulated one — the comparison and its verdict, both
// latency CDFs in one chart, then time series, waterfalls and per-call tables side by side.
struct LiveReport {
    const RunResult& simulated;
    const RunResult& live;
    const Comparison& comparison;
    const Agreement& agreement;
    double time_scale = 1.0;
};
Page live_page(const LiveReport& report, const PresetSource& preset, const Limits& limits = {});

// gatetune diagnose: the ranked hypotheses beside the observation, the experiments that separate
// tied ones, the suspects' verdicts, the fix check, then the best hypothesis's replay as a run.
Page diagnose_page(const diagnosis::Diagnosis& d, const diagnosis::Observation& obs, const PresetSource& preset,
                   const Limits& limits = {});

// gatetune calibrate: per fitted quantity the data's CDF against each candidate family's and a
// QQ plot, with the KS distances; the reproduce check; what the logs cannot identify.
Page calibrate_page(const calibration::CalibrationReport& report, const PresetSource& preset);

}  // namespace gatetune::sim::html
