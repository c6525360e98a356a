#pragma once
// parse_trace's promises about the rows it returns (sim/trace.hpp): sorted by t, every value in
// its column's range.
#include <string>
#include <vector>

#include "fuzz_target.hpp"
#include "sim/trace.hpp"

namespace gatetune::fuzz {

inline void expect_valid_rows(const std::vector<sim::TraceRow>& rows) {
    if (rows.empty()) throw PropertyViolation("parse_trace returned no rows without a TraceError");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const sim::TraceRow& r = rows[i];
        const bool in_range = r.t >= 0 && r.t <= 1e9 && r.input_tokens >= 1 && r.input_tokens <= 10'000'000 &&
                              r.output_tokens >= 1 && r.output_tokens <= 10'000'000 && r.api_key >= -1 && r.api_key <= 1'000'000;
        if (!in_range) throw PropertyViolation(std::string("row ").append(std::to_string(i)).append(" is out of range"));
        if (i > 0 && rows[i - 1].t > r.t) {
            throw PropertyViolation(std::string("rows are not sorted by t at row ").append(std::to_string(i)));
        }
    }
}

}  // namespace gatetune::fuzz
