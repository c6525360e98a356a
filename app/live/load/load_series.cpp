#include "app/live/load/load_series.hpp"

namespace gatetune::live {
namespace {

std::vector<std::string> columns() {
    std::vector<std::string> c{std::string(sim::series_name(sim::Metric::InFlight)), std::string(sim::series_name(sim::Metric::SentPerS))};
    for (const sim::Metric end : sim::EndRates::kMetrics) c.emplace_back(sim::series_name(end));
    return c;
}

}  // namespace

LoadSeries::LoadSeries(double sample_interval_s)
    : interval_s_(sample_interval_s),
      next_(engine::from_seconds(sample_interval_s)),
      series_(engine::from_seconds(sample_interval_s), columns()) {}

// Rows land on the preset-time grid like the simulator's sampler; counts that arrived between two
// polls go into the first boundary passed (a poll is far shorter than an interval).
void LoadSeries::sample_until(engine::SimTime now, std::int64_t in_flight) {
    while (next_ <= now) {
        row_.clear();
        row_.push_back(static_cast<double>(in_flight));
        row_.push_back(static_cast<double>(sent_) / interval_s_);
        sent_ = 0;
        ends_.take(row_, interval_s_);
        series_.record(next_, row_);
        next_ += series_.interval();
    }
}

}  // namespace gatetune::live
