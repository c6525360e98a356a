#pragma once
// write_preset's promise (sim/preset_io.hpp): the text it writes for a valid configuration parses
// back to an equal Config. Every fuzz target that ends with a valid Config checks it, so a value
// a parser accepts but the writer cannot express is found as a PropertyViolation.
#include <string>

#include "fuzz_target.hpp"
#include "sim/preset_io.hpp"

namespace gatetune::fuzz {

inline void expect_round_trip(const sim::Config& config, const std::string& text) {
    sim::Config back;
    try {
        back = sim::parse_preset(text, "round-trip.toml");
    } catch (const sim::PresetError& e) {
        throw PropertyViolation("a valid configuration does not read back:\n" + std::string(e.what()) + "\n--- written:\n" + text);
    }
    std::string differing;
    for (const sim::KeySpec* k : sim::changed_keys(back, config)) differing += " " + std::string(k->key);
    if (!differing.empty()) throw PropertyViolation("read back with other values for" + differing + "\n--- written:\n" + text);
}

inline void expect_round_trip(const sim::Config& config) { expect_round_trip(config, sim::write_preset(config)); }

}  // namespace gatetune::fuzz
