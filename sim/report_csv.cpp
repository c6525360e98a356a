// The CSV report: one row per request record, for spreadsheets and pandas. Lines end in "\n"
// (not RFC 4180's CRLF: every consumer we target accepts LF and Unix tools prefer it); fields
// are quoted per RFC 4180 where needed.
#include <string>

#include "sim/report.hpp"

namespace gatetune::sim {

void write_csv_report(std::ostream& out, const RunResult& r) {
    std::string line =
        "id,user,call,start_s,end_s,latency_s,status,cause,worker,attempts,input_tokens,output_tokens";
    for (std::size_t p = 0; p < kPhaseCount; ++p) {
        line += ',';
        line += to_string(static_cast<Phase>(p));
        line += "_s";
    }
    out << line << '\n';

    // Six decimals: simulated time is whole microseconds, so this is exact.
    auto sec = [](SimTime t) { return format_seconds(t, 6); };
    for (const RequestRecord& rec : r.records) {
        line = std::to_string(rec.id);
        for (const std::string& field : {
                 std::to_string(rec.user), std::to_string(rec.call), sec(rec.start), sec(rec.end),
                 sec(rec.latency()), csv_field(status_label(rec)), csv_field(to_string(rec.cause)),
                 std::to_string(rec.worker), std::to_string(rec.attempts),
                 std::to_string(rec.input_tokens), std::to_string(rec.output_tokens)}) {
            line += ',';
            line += field;
        }
        for (const SimTime t : rec.phases) {
            line += ',';
            line += sec(t);
        }
        out << line << '\n';
    }
}

}  // namespace gatetune::sim
