#pragma once
// write_preset's promise (sim/preset/preset_io.hpp): the text it writes for a valid configuration parses
// back to an equal Config. Every fuzz target that ends with a valid Config checks it, so a value
// a parser accepts but the writer cannot express is found as a PropertyViolation.
#include <string>

#include "fuzz_target.hpp"
#include "sim/preset/preset_io.hpp"

namespace gatetune::fuzz {

inline void expect_round_trip(const sim::Config& config, const std::string& text) {
    sim::Config back;
    try {
        back = sim::parse_preset(text, "round-trip.toml");
    } catch (const sim::PresetError& e) {
        // Built by appending: GCC 12 reports a false -Wrestrict (PR 105651) for "…" + std::string.
        std::string message = "a valid configuration does not read back:\n";
        message.append(e.what()).append("\n--- written:\n").append(text);
        throw PropertyViolation(message);
    }
    const auto differing = sim::changed_keys(back, config);
    if (differing.empty()) return;
    std::string message = "read back with other values for";
    for (const sim::KeySpec* k : differing) message.append(" ").append(k->key);
    throw PropertyViolation(message.append("\n--- written:\n").append(text));
}

inline void expect_round_trip(const sim::Config& config) { expect_round_trip(config, sim::write_preset(config)); }

}  // namespace gatetune::fuzz
