#pragma once
// The rule groups, one per file (rules_*.cpp); registry.cpp lists them all. Internal to
// sim/validation: everything else goes through registry.hpp.
#include <vector>

#include "sim/validation/finding.hpp"

namespace gatetune::sim::validation {

std::vector<Rule> database_rules();          // GT001–GT002
std::vector<Rule> worker_timeout_rules();    // GT010–GT012
std::vector<Rule> gunicorn_setting_rules();  // GT020–GT024
std::vector<Rule> timeout_path_rules();      // GT030–GT031
std::vector<Rule> load_balancer_rules();     // GT040–GT044
std::vector<Rule> httpx_rules();             // GT050–GT053
std::vector<Rule> upstream_rules();          // GT060–GT063

}  // namespace gatetune::sim::validation
