#pragma once
// Bad input to an experiment (a --vary axis, a --shard, a --minimize expression, shard files
// that do not belong together). The message says what is wrong and what is allowed; commands
// print it and exit with the usage/input code (2).
#include <stdexcept>
#include <string>

namespace gatetune::sim::experiment {

class ExperimentError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

}  // namespace gatetune::sim::experiment
