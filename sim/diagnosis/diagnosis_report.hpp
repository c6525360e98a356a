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

// The report's sentences and cells, for the other views of a diagnosis (the desktop app), so
// every view words the same thing the same way.
std::string summary_text(const Diagnosis& d);                                 // the answer first, in a few sentences
std::string share_text(double share);                                        // "42 %", "0.5 %"
std::string requests_text(const Hypothesis& h, std::size_t observed);        // "12/12" (median over seeds)
std::string seeds_text(const Hypothesis& h);                                 // "3/3" (seeds that reproduce)
std::string ranges_text(const Hypothesis& h);                                // "tpm 7,059–8,400 tokens/min"
std::string fix_label(const FixCheck& f);                                    // "raise upstream.tpm (upstream.tpm=8000)"
std::string fix_outcome_text(const FixOutcome& o);                           // "passes", "fails: 9 × 500 upstream_rate_limited"

}  // namespace gatetune::sim::diagnosis
