#pragma once
// ExportOptions for tests, without designated initializers (GCC 12 warns about each omitted one).
#include <string>

#include "sim/export/export.hpp"

inline gatetune::sim::exporting::ExportOptions options(bool forced, std::string app = "main:app", std::string bind = "0.0.0.0:8000") {
    gatetune::sim::exporting::ExportOptions o;
    o.forced = forced;
    o.app = std::move(app);
    o.bind = std::move(bind);
    return o;
}
