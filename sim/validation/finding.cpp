#include "sim/validation/finding.hpp"

namespace gatetune::sim::validation {

std::string_view to_string(Severity s) {
    switch (s) {
        case Severity::Info: return "info";
        case Severity::Warning: return "warning";
        case Severity::Error: return "error";
    }
    return "?";
}

}  // namespace gatetune::sim::validation
