#include "sim/calibration/calibration.hpp"

#include <algorithm>
#include <cmath>

#include "engine/random.hpp"

namespace gatetune::sim::calibration {
namespace {

// Latency counts as grown when a concurrency level's observed/predicted ratio is this far above
// the low-concurrency baseline; a level needs this many requests to be judged.
constexpr double kQueueingGrowth = 1.3;
constexpr std::uint64_t kLevelMinRequests = 20;
constexpr std::size_t kBaselineLevels = 3;

}  // namespace

std::uint64_t Calibration::bad_lines() const {
    std::uint64_t n = 0;
    for (const ReadStats& r : reads) n += r.bad;
    return n;
}

std::uint64_t Calibration::lines() const {
    std::uint64_t n = 0;
    for (const ReadStats& r : reads) n += r.lines;
    return n;
}

double Calibration::share(std::string_view status) const {
    const auto it = by_status.find(std::string(status));
    return requests && it != by_status.end() ? static_cast<double>(it->second) / static_cast<double>(requests) : 0.0;
}

void Calibrator::add(const LogRecord& r) {
    ++out_.requests;
    ++out_.by_status[r.status];
    if (r.latency_us) out_.latency.record(*r.latency_us);
    if (r.latency_us && r.http_status == 500) out_.error_latency.record(*r.latency_us);
    if (r.prompt_tokens) prompt_.add(*r.prompt_tokens);
    if (r.completion_tokens) completion_.add(*r.completion_tokens);
    const bool ok = r.http_status >= 200 && r.http_status < 300;
    if (ok && r.latency_us) {
        auto it = models_.find(r.model);
        if (it == models_.end()) it = models_.emplace(std::string(r.model), UpstreamAccumulator{}).first;
        it->second.add({static_cast<double>(r.prompt_tokens.value_or(0)), static_cast<double>(r.completion_tokens.value_or(0)),
                        r.ttft_us ? static_cast<double>(*r.ttft_us) * 1e-6 : -1.0, static_cast<double>(*r.latency_us) * 1e-6});
    }
    if (r.start_us) {
        TimedRequest t;
        t.start_us = *r.start_us;
        t.latency_us = r.latency_us.value_or(-1);
        t.rate_limited = r.http_status == 429;
        t.ok = ok;
        t.prompt = r.prompt_tokens.value_or(0);
        t.completion = r.completion_tokens.value_or(0);
        t.tokens = t.prompt + t.completion;
        if (!r.session.empty()) t.session = engine::fnv1a64(r.session) | 1;  // never 0 (0 = no session)
        timing_.add(t);
    }
}

void Calibrator::add_read(std::string file, ReadStats stats) {
    out_.files.push_back(std::move(file));
    out_.reads.push_back(std::move(stats));
}

SlotsEstimate infer_slots(const std::vector<ConcurrencyLevel>& levels, const UpstreamFit& fit) {
    SlotsEstimate s;
    const double a = fit.ttft_base.value_or(0);
    const double b = fit.prefill_tokens_per_s ? 1.0 / *fit.prefill_tokens_per_s : 0.0;
    const double c = fit.time_per_output_token.value_or(0);
    std::vector<std::pair<int, double>> ratios;  // level, observed / predicted mean latency
    for (std::size_t i = 0; i < levels.size(); ++i) {
        const ConcurrencyLevel& l = levels[i];
        if (l.count < kLevelMinRequests) continue;
        const double n = static_cast<double>(l.count);
        const double predicted = a + b * l.prompt / n + c * l.completion / n;
        if (predicted > 0) ratios.emplace_back(static_cast<int>(i), l.latency / n / predicted);
        s.max_in_flight = static_cast<int>(i);
    }
    if (ratios.size() < kBaselineLevels + 1) {
        s.reason = "upstream slots: too few concurrency levels with " + std::to_string(kLevelMinRequests) +
                   "+ requests to see whether latency grows with load";
        return s;
    }
    double base = 0;
    for (std::size_t i = 0; i < kBaselineLevels; ++i) base += ratios[i].second;
    s.baseline_ratio = base / kBaselineLevels;
    // The first level from which every busier level is slower than the baseline by the margin.
    for (std::size_t i = kBaselineLevels; i < ratios.size(); ++i) {
        const bool grown = std::all_of(ratios.begin() + static_cast<std::ptrdiff_t>(i), ratios.end(),
                                       [&](const auto& r) { return r.second > kQueueingGrowth * s.baseline_ratio; });
        if (grown) {
            s.found = ratios[i].first;
            return s;
        }
    }
    s.reason = "upstream slots: latency does not grow with concurrency up to " + std::to_string(s.max_in_flight) +
               " requests in flight, so no request appears to have queued for a slot (the limit, if any, is higher)";
    return s;
}

Calibration Calibrator::finish() {
    Calibration out = std::move(out_);
    std::vector<std::pair<std::string, const UpstreamAccumulator*>> models;
    for (const auto& [name, acc] : models_) models.emplace_back(name, &acc);
    for (const auto& [name, acc] : models) out.models.push_back(acc->fit(name));
    std::stable_sort(out.models.begin(), out.models.end(), [](const UpstreamFit& x, const UpstreamFit& y) { return x.requests > y.requests; });
    out.prompt_tokens = fit_quantity(prompt_.sorted_sample());
    out.completion_tokens = fit_quantity(completion_.sorted_sample());
    out.mean_prompt_tokens = prompt_.mean();
    out.mean_completion_tokens = completion_.mean();
    out.memory_bytes = timing_.memory_bytes() + prompt_.memory_bytes() + completion_.memory_bytes();
    for (const auto& [name, acc] : models_) out.memory_bytes += acc.memory_bytes();
    out.timing = timing_.finish();
    if (out.models.empty()) out.not_identified.push_back("upstream latency: no successful request with a latency in the logs");
    if (prompt_.count() == 0) out.not_identified.push_back("prompt sizes: the logs have no prompt token counts");
    if (completion_.count() == 0) out.not_identified.push_back("completion sizes: the logs have no completion token counts");
    if (out.timing.timed == 0) out.not_identified.push_back("arrival process: the logs have no start times");
    if (!out.models.empty() && out.timing.timed > 0) {
        out.slot_estimate = infer_slots(out.timing.levels, out.models.front());
        if (!out.slot_estimate.found) out.not_identified.push_back(out.slot_estimate.reason);
    }
    if (out.timing.rate_limited == 0) {
        out.not_identified.push_back("rate limits (RPM/TPM): no request was answered 429, so no limit was reached");
    } else if (!out.timing.rpm) {
        out.not_identified.push_back("rate limits (RPM/TPM): fewer than 5 requests answered 429 with a start time");
    }
    return out;
}

Calibration calibrate_files(const std::vector<std::string>& paths, LogFormat format,
                            const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
    Calibrator c;
    for (const std::string& p : paths) {
        ReadStats stats = read_log_file(p, format, [&](const LogRecord& r) { c.add(r); }, progress);
        c.add_read(p, std::move(stats));
    }
    return c.finish();
}

}  // namespace gatetune::sim::calibration
