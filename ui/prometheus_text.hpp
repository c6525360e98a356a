#pragma once
// The Prometheus text exposition format (version 0.0.4) as the gateway's GET /metrics writes it,
// read into samples — standard C++, so the parser is tested without Qt. The Live tab sums the
// samples it charts (all workers, all causes) from what this returns.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gatetune::ui {

struct PrometheusSample {
    std::string name;                          // "gatetune_in_flight"
    std::map<std::string, std::string> labels; // {"worker": "0"}
    double value = 0;
};

struct PrometheusParse {
    std::vector<PrometheusSample> samples;
    std::vector<std::string> errors;  // "line 7: …" per line that could not be read (the rest is kept)
};

// Comments (# HELP, # TYPE) and blank lines are skipped; timestamps after the value are ignored.
// Values: decimal or exponent numbers, +Inf, -Inf, NaN. Label values unescape \\, \" and \n.
PrometheusParse parse_prometheus_text(std::string_view text);

// The sum of every sample named `name` whose labels include all of `match`; nullopt when none.
std::optional<double> sum_samples(const std::vector<PrometheusSample>& samples, std::string_view name,
                                  const std::map<std::string, std::string>& match = {});

}  // namespace gatetune::ui
