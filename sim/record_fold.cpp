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

RequestFold::StatusEntry& RequestFold::status_entry(const RequestRecord& r) {
    for (StatusEntry& e : statuses_)
        if (e.http_status == r.http_status && e.error == r.client_error) return e;
    const std::string label = status_label(r);
    return statuses_.emplace_back(StatusEntry{r.http_status, r.client_error, &out_.by_status[label], &out_.latency_by_status[label]});
}

RequestFold::CallEntry& RequestFold::call_entry(CallRow& row, const RequestRecord& r) {
    const auto call = static_cast<std::size_t>(r.call);
    if (calls_.size() <= call) calls_.resize(call + 1);
    for (CallEntry& e : calls_[call])
        if (e.http_status == r.http_status && e.error == r.client_error && e.cause == r.cause) return e;
    return calls_[call].emplace_back(
        CallEntry{r.http_status, r.client_error, r.cause, &row.by_status[status_label(r)], &row.by_cause[std::string(to_string(r.cause))]});
}

void RequestFold::add(const RequestRecord& r) {
    ++out_.requests;
    StatusEntry& status = status_entry(r);
    ++*status.count;
    ++out_.by_cause[static_cast<std::size_t>(r.cause)];
    out_.latency.record(r.latency());
    status.latency->record(r.latency());
    if (r.call >= 0 && static_cast<std::size_t>(r.call) < out_.calls.size()) {
        CallRow& row = out_.calls[static_cast<std::size_t>(r.call)];
        ++row.requests;
        CallEntry& e = call_entry(row, r);
        ++*e.status_count;
        ++*e.cause_count;
        row.latency.record(r.latency());
    }
    if (keep_records_) out_.records.push_back(r);
}

void fold_request(RunResult& out, const RequestRecord& r, bool keep_record) { RequestFold(out, keep_record).add(r); }

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
