// A trace file in CSV form → checked, sorted rows (sim/trace.hpp). Documented error: sim::TraceError.
#include "fuzz_target.hpp"
#include "trace_check.hpp"

namespace gatetune::fuzz {

void trace_csv(std::string_view input) {
    std::vector<sim::TraceRow> rows;
    try {
        rows = sim::parse_trace(input, sim::TraceFormat::Csv, "fuzz.csv");
    } catch (const sim::TraceError&) {
        return;
    }
    expect_valid_rows(rows);
}

}  // namespace gatetune::fuzz

GATETUNE_FUZZ_TARGET(trace_csv)
