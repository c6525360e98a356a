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
void register_check(CLI::App& app, CommandList& out);
void register_sweep(CLI::App& app, CommandList& out);
void register_merge(CLI::App& app, CommandList& out);
void register_tune(CLI::App& app, CommandList& out);
void register_validate(CLI::App& app, CommandList& out);
void register_export(CLI::App& app, CommandList& out);
void register_import(CLI::App& app, CommandList& out);
void register_load(CLI::App& app, CommandList& out);
void register_serve(CLI::App& app, CommandList& out);
void register_upstream(CLI::App& app, CommandList& out);
void register_alb(CLI::App& app, CommandList& out);
void register_keys(CLI::App& app, CommandList& out);
void register_live(CLI::App& app, CommandList& out);
void register_diagnose(CLI::App& app, CommandList& out);
void register_calibrate(CLI::App& app, CommandList& out);
void register_completion(CLI::App& app, CommandList& out);

inline void register_all(CLI::App& app, CommandList& out) {
    register_diagnose(app, out);
    register_calibrate(app, out);
    register_run(app, out);
    register_check(app, out);
    register_sweep(app, out);
    register_merge(app, out);
    register_tune(app, out);
    register_validate(app, out);
    register_export(app, out);
    register_import(app, out);
    register_load(app, out);
    register_serve(app, out);
    register_upstream(app, out);
    register_alb(app, out);
    register_keys(app, out);
    register_live(app, out);
    register_demo(app, out);
    register_completion(app, out);
}

}  // namespace gatetune::cli
