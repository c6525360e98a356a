// Any text as one observation file, its format sniffed (sim/diagnosis/observation.hpp). Documented
// error: sim::diagnosis::ObservationError. On success: requests numbered in order and sorted by
// start from 0, statuses and durations in range, evidence counted in signature-table order.
#include <algorithm>
#include <string>

#include "fuzz_target.hpp"
#include "sim/diagnosis/observation.hpp"
#include "sim/diagnosis/signatures.hpp"

namespace gatetune::fuzz {
namespace {

void expect(bool holds, const std::string& what) {
    if (!holds) throw PropertyViolation(what);
}

std::size_t table_row(const std::string& id) {
    const auto& table = sim::diagnosis::signature_table();
    const auto* s = sim::diagnosis::find_signature(id);
    expect(s != nullptr, "evidence names an unknown signature " + id);
    return static_cast<std::size_t>(s - table.data());
}

}  // namespace

void observation(std::string_view input) {
    sim::diagnosis::Observation o;
    try {
        o = sim::diagnosis::parse_observation(input, "fuzz.txt");
    } catch (const sim::diagnosis::ObservationError&) {
        return;
    }
    expect(o.files.size() == 1 && o.formats.size() == 1, "one file, one format");
    const bool all_start = std::all_of(o.requests.begin(), o.requests.end(), [](const auto& q) { return q.start.has_value(); });
    for (std::size_t i = 0; i < o.requests.size(); ++i) {
        const auto& q = o.requests[i];
        const std::string at = "request " + std::to_string(i);
        expect(q.order == i, at + ": order is not its position");
        expect(!q.status.empty() && (q.http_status == 0 || (q.http_status >= 100 && q.http_status <= 599)), at + ": status out of range");
        expect(!q.latency || *q.latency >= 0, at + ": negative latency");
        expect(!q.start || *q.start >= 0, at + ": start before the observation's start");
        expect(!q.call || *q.call >= 0, at + ": negative call");
        if (all_start && i > 0) expect(*o.requests[i - 1].start <= *q.start, at + ": not sorted by start");
    }
    if (all_start && !o.requests.empty()) {
        const auto first = std::min_element(o.requests.begin(), o.requests.end(), [](const auto& a, const auto& b) { return *a.start < *b.start; });
        expect(*first->start == 0, "the earliest start is not 0");
    }
    for (std::size_t i = 0; i < o.evidence.size(); ++i) {
        expect(o.evidence[i].count > 0, "evidence counted 0 times");
        if (i > 0) expect(table_row(o.evidence[i - 1].signature) < table_row(o.evidence[i].signature), "evidence not in table order");
    }
}

}  // namespace gatetune::fuzz

GATETUNE_FUZZ_TARGET(observation)
