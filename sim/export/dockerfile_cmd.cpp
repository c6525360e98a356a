// Dockerfile.cmd: the container's command in JSON-array (exec) form, so gunicorn is PID 1 and
// receives the signals itself; comment lines above it say where each flag's value came from.
#include <nlohmann/json.hpp>

#include "sim/export/bindings.hpp"
#include "sim/export/writers.hpp"
#include "sim/text_table.hpp"

namespace gatetune::sim::exporting {

std::string write_dockerfile_cmd(const ExportContext& c) {
    std::vector<std::string> argv{"gunicorn"};
    TextTable sources({{""}, {""}});
    for (const Binding* b : exported_bindings(c.cfg)) {
        if (b->target != Target::GunicornSetting) continue;
        const std::string arg = gunicorn_argument(*b, c.cfg);
        argv.insert(argv.end(), {std::string(b->flag), arg});
        std::string why = provenance(b->key, b->note);
        if (rounded_for_gunicorn(*b, c.cfg)) why += " (rounded: gunicorn takes whole seconds, GT023)";
        sources.add_row({std::string(b->flag) + " " + arg, why});
    }
    argv.insert(argv.end(), {"--bind", c.options.bind, c.options.app});
    sources.add_row({"--bind " + c.options.bind + ", " + c.options.app, "gatetune export --bind, --app (not preset keys)"});

    std::string out = file_header(c, "#");
    out += "# Replace the CMD of your Dockerfile with the line below (exec form: gunicorn runs as PID 1\n"
           "# and receives SIGTERM itself). Where each value comes from:\n";
    out += sources.str("#   ");
    out += "CMD " + nlohmann::json(argv).dump() + "\n";
    return out;
}

}  // namespace gatetune::sim::exporting
