#pragma once
// tune's answer for people (the winning configuration as a diff against the preset, its static
// findings, its SLO over the seeds, why each next-cheaper neighbour fails, how many simulations
// the search ran against the full grid) and for machines (JSON, the same content).
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/config.hpp"
#include "sim/experiment/tune.hpp"

namespace gatetune::sim::experiment {

// `preset` is the file as given; `base` the configuration the search started from.
void write_tune_text(std::ostream& out, const std::string& preset, const Config& base, const TuneResult& r);
nlohmann::ordered_json tune_json(const std::string& preset, const Config& base, const TuneResult& r);

// Why a configuration fails: its first static error, else its first failed SLO check.
std::string failure_reason(const Verdict& v);

}  // namespace gatetune::sim::experiment
