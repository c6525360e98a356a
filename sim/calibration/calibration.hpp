#pragma once
// `gatetune calibrate`: from a team's request logs to the numbers of a preset — the upstream's
// latency model per model (docs/MODEL.md §7), its capacity (concurrency slots, RPM/TPM limits)
// and the workload (arrival rate and process, token sizes, sessions) — each with how well it
// fits and, where the logs cannot tell a parameter, a sentence saying so.
//
// Records stream through a Calibrator; memory is the per-quantity sketches (fixed-size samples,
// running sums), not the lines.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/histogram.hpp"
#include "sim/calibration/family_fit.hpp"
#include "sim/calibration/log_reader.hpp"
#include "sim/calibration/request_timing.hpp"
#include "sim/calibration/upstream_fit.hpp"

namespace gatetune::sim::calibration {

struct SlotsEstimate {
    std::optional<int> found;      // concurrency at which latency starts to grow
    int max_in_flight = 0;         // highest concurrency seen (with enough requests to judge)
    double baseline_ratio = 1;     // observed/predicted latency at low concurrency
    std::string reason;            // why not identified, when not
};

struct Calibration {
    std::vector<std::string> files;
    std::vector<ReadStats> reads;              // per file
    std::uint64_t requests = 0;
    std::map<std::string, std::uint64_t> by_status;
    engine::LatencyHistogram latency;          // µs, every request with a latency
    engine::LatencyHistogram error_latency;    // µs, the requests answered 500
    std::vector<UpstreamFit> models;           // most requests first
    std::optional<QuantityFit> prompt_tokens;
    std::optional<QuantityFit> completion_tokens;
    double mean_prompt_tokens = 0;
    double mean_completion_tokens = 0;
    TimingResult timing;
    SlotsEstimate slot_estimate;
    std::vector<std::string> not_identified;   // plain sentences, for the whole calibration
    std::size_t memory_bytes = 0;              // what the sketches held at the end

    std::uint64_t bad_lines() const;
    std::uint64_t lines() const;
    double share(std::string_view status) const;
};

class Calibrator {
public:
    void add(const LogRecord& r);
    void add_read(std::string file, ReadStats stats);
    Calibration finish();

private:
    Calibration out_;
    std::map<std::string, UpstreamAccumulator, std::less<>> models_;
    SampleSketch prompt_{SampleSketch::kDefaultCapacity, 8};
    SampleSketch completion_{SampleSketch::kDefaultCapacity, 9};
    RequestTiming timing_;
};

// The concurrency-slot estimate from latency against requests in flight, given the upstream
// fit that predicts each level's latency.
SlotsEstimate infer_slots(const std::vector<ConcurrencyLevel>& levels, const UpstreamFit& fit);

// Reads every file into one calibration. Throws std::runtime_error for a file that cannot be
// read at all (missing, empty, unknown format).
Calibration calibrate_files(const std::vector<std::string>& paths, LogFormat format,
                            const std::function<void(std::uint64_t, std::uint64_t)>& progress = {});

}  // namespace gatetune::sim::calibration
