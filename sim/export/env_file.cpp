// gatetune.env: the exported values as environment variables (docker --env-file format: one
// NAME=value per line, comments on lines of their own, no quotes), for settings systems and CI.
#include "sim/export/bindings.hpp"
#include "sim/export/writers.hpp"

namespace gatetune::sim::exporting {

std::string write_env_file(const ExportContext& c) {
    std::string out = file_header(c, "#");
    out += "# The exported values as environment variables, GATETUNE_<TABLE>_<KEY> per preset key, in the\n"
           "# preset's spelling. gunicorn itself reads its values from Dockerfile.cmd or gunicorn.conf.py.\n";
    for (const Binding* b : exported_bindings(c.cfg)) {
        out += "\n# " + provenance(b->key, b->note) + "\n";
        out += env_variable(*b) + "=" + env_value(*b, c.cfg) + "\n";
    }
    return out;
}

}  // namespace gatetune::sim::exporting
