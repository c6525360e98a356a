#pragma once
// The live run's time series: what the load generator itself can see — requests in flight, sent
// and ended per second by outcome — one row per simulation.sample_interval of preset time, with
// the simulator's column names where they mean the same.
#include <cstdint>
#include <vector>

#include "engine/time_series.hpp"
#include "sim/record_fold.hpp"

namespace gatetune::live {

class LoadSeries {
public:
    explicit LoadSeries(double sample_interval_s);

    void sent() { ++sent_; }
    void ended(const sim::RequestRecord& r) { ends_.count(r); }
    // Adds the rows of every interval boundary up to preset time `now`.
    void sample_until(engine::SimTime now, std::int64_t in_flight);
    engine::TimeSeries take() { return std::move(series_); }

private:
    double interval_s_;
    engine::SimTime next_;
    engine::TimeSeries series_;
    sim::EndRates ends_;
    std::uint64_t sent_ = 0;
    std::vector<double> row_;
};

}  // namespace gatetune::live
