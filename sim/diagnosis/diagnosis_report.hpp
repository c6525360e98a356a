#pragma once
// The diagnosis for people (one screen: the ranked table, a paragraph of evidence per top
// hypothesis, the suspects, the fix check) and for machines (JSON). One type writes both, and
// the JSON is what `--format json` prints and the desktop app reads.
#include <ostream>
#include <string>

#include "sim/diagnosis/diagnosis.hpp"
#include <nlohmann/json.hpp>

namespace gatetune::sim::diagnosis {

struct ReportContext {
    std::string observation;   // the files, as given on the command line
    std::string config;        // the preset (or imported files)
    std::string version;
};

void write_text(std::ostream& out, const Diagnosis& d, const ReportContext& ctx);
nlohmann::json to_json(const Diagnosis& d, const ReportContext& ctx);

}  // namespace gatetune::sim::diagnosis
