#pragma once
#include <CLI/CLI.hpp>

#include <functional>
#include <vector>

namespace gatetune::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // an SLO or validation failed
inline constexpr int kExitUsage = 2;   // bad command line or bad input file

struct Command {
    CLI::App* sub;
    std::function<int()> run;
};
using CommandList = std::vector<Command>;

void register_demo(CLI::App& app, CommandList& out);
void register_run(CLI::App& app, CommandList& out);

inline void register_all(CLI::App& app, CommandList& out) {
    register_run(app, out);
    register_demo(app, out);
}

}  // namespace gatetune::cli
