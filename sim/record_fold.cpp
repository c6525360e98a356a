#include "sim/record_fold.hpp"

#include <string>

namespace gatetune::sim {

std::vector<CallRow> session_call_rows(const WorkloadConfig& w) {
    std::vector<CallRow> rows;
    if (w.kind != WorkloadKind::Sessions) return rows;
    std::int64_t cumulative = 0;
    for (std::size_t i = 0; i < w.calls.size(); ++i) {
        CallRow row;
        row.call = static_cast<int>(i);
        row.input_tokens = w.calls[i].input_tokens;
        row.output_tokens = w.calls[i].output_tokens;
        cumulative += row.input_tokens + row.output_tokens;
        row.cumulative_tokens = cumulative;
        rows.push_back(std::move(row));
    }
    return rows;
}

void fold_request(RunResult& out, const RequestRecord& r, bool keep_record) {
    ++out.requests;
    const std::string label = status_label(r);
    ++out.by_status[label];
    ++out.by_cause[static_cast<std::size_t>(r.cause)];
    out.latency.record(r.latency());
    out.latency_by_status[label].record(r.latency());
    if (r.call >= 0 && static_cast<std::size_t>(r.call) < out.calls.size()) {
        CallRow& row = out.calls[static_cast<std::size_t>(r.call)];
        ++row.requests;
        ++row.by_status[label];
        ++row.by_cause[std::string(to_string(r.cause))];
        row.latency.record(r.latency());
    }
    if (keep_record) out.records.push_back(r);
}

void EndRates::count(const RequestRecord& r) {
    const std::size_t kind = r.http_status == 0 ? 3 : r.http_status < 400 ? 0 : r.http_status < 500 ? 1 : 2;
    ++ends_[kind];
}

void EndRates::take(std::vector<double>& row, double interval_s) {
    const double per_s = 1.0 / interval_s;
    for (const std::uint64_t n : ends_) row.push_back(static_cast<double>(n) * per_s);
    ends_ = {};
}

}  // namespace gatetune::sim
