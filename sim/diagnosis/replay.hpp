#pragma once
// The observed workload, replayed: the callers and calls of an observation turned into the
// configuration's workload (token counts, order, start times and pauses from the records; what
// they lack from the preset), and the map from each observed request to the simulated caller and
// call that will stand for it.
#include <cstddef>
#include <string>
#include <vector>

#include "sim/config.hpp"
#include "sim/diagnosis/observation.hpp"

namespace gatetune::sim::diagnosis {

struct ReplaySlot {
    int user = 0;
    int call = 0;
};

// Requests are compared group by group: which request of a group fails is chance (who won a
// connection, which worker took it), how many of each status the group has is the mechanism.
// A group is one call position of the callers' scripts (a scripted session has one request per
// group), or a tenth of the observed time span for callers without a script.
inline constexpr int kTimeGroups = 10;

struct Replay {
    std::vector<ReplaySlot> slot_of;   // parallel to Observation::requests
    std::vector<int> group_of;         // parallel to Observation::requests
    int groups = 0;
    double observed_span_s = 0;        // first start to last end (0 when the records have no times)
    std::vector<std::string> notes;    // what came from the preset instead of the records
};

// Replaces cfg.workload's callers with the observed ones (kind sessions, one replayed session per
// caller) and returns the map. Callers: the records' session column; without it, one caller per
// request at its start time when the records have times, else one caller sending them in order.
Replay plan_replay(const Observation& obs, Config& cfg);

}  // namespace gatetune::sim::diagnosis
