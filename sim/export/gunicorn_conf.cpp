// gunicorn.conf.py: the same gunicorn settings as Dockerfile.cmd, as plain assignments for teams
// that configure gunicorn with a file (gunicorn -c, or ./gunicorn.conf.py by default since 20.1).
#include "sim/export/bindings.hpp"
#include "sim/export/writers.hpp"

namespace gatetune::sim::exporting {

std::string write_gunicorn_conf(const ExportContext& c) {
    std::string out = file_header(c, "#");
    out += "# gunicorn settings (gunicorn 20–23). Dockerfile.cmd passes the same values as flags, and\n"
           "# command-line flags override this file: keep the two in step, or use only one of them.\n\n";
    out += "bind = \"" + c.options.bind + "\"  # gatetune export --bind (not a preset key)\n";
    for (const Binding* b : exported_bindings(c.cfg)) {
        if (b->target != Target::GunicornSetting) continue;
        std::string why = provenance(b->key, b->note);
        if (rounded_for_gunicorn(*b, c.cfg)) why += " (rounded: gunicorn takes whole seconds, GT023)";
        out += std::string(b->name) + " = " + python_value(*b, c.cfg) + "  # " + why + "\n";
    }
    return out;
}

}  // namespace gatetune::sim::exporting
