#pragma once
// Which format a file is in, told from its content (its first non-empty lines) and, where the
// content leaves a choice, its name. The predicates are shared with the readers, which use them
// to refuse lines of another format in the same file.
#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/diagnosis/observation.hpp"

namespace gatetune::sim::diagnosis {

// Auto when neither the content nor the name says.
ObservationFormat sniff_observation_format(std::string_view text, std::string_view name);

bool looks_like_json_start(std::string_view line);  // the first line of JSON (Lines), not a "[date] …" log line
bool looks_like_alb_entry(std::string_view line);
bool looks_like_k6_line(std::string_view line);
bool is_k6_object(const nlohmann::json& o);  // {"type": "Point" or "Metric", "metric": …, "data": …}
// A line of a request source (k6 output, an ALB entry) — in a server log, a sign of a mixed file.
bool looks_like_other_format_line(std::string_view line);
std::string_view other_format_name(std::string_view line);

}  // namespace gatetune::sim::diagnosis
