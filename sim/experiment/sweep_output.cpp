#include "sim/experiment/sweep_output.hpp"

#include <charconv>
#include <cmath>

#include "gatetune/version.hpp"
#include "sim/experiment/experiment_json.hpp"
#include "sim/report.hpp"

namespace gatetune::sim::experiment {
namespace {

using nlohmann::ordered_json;

std::string_view slo_word(const Replicated& r) {
    if (!r.has_slo()) return "none";
    return r.slo_holds() ? "pass" : "fail";
}

std::vector<std::string> failed_checks(const Replicated& r) {
    std::vector<std::string> names;
    for (const SloSummary& s : r.slo) {
        if (!s.passed()) names.push_back(s.name);
    }
    return names;
}

// A parameter as JSON: numbers and booleans natively, everything else as its preset text.
ordered_json value_json(const Value& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* b = std::get_if<bool>(&v)) return *b;
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (std::holds_alternative<std::monostate>(v)) return nullptr;
    return format_value(v);
}

// A parameter as a CSV cell: strings and enum spellings bare (uvicorn, not "uvicorn").
std::string value_cell(const Value& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return csv_field(*s);
    return csv_field(format_value(v));
}

// Appends ",cell". (Appending piece by piece also keeps GCC 12's -Wrestrict false positive on
// "literal" + std::string temporaries away.)
void add_cell(std::string& line, std::string_view cell) {
    line += ',';
    line += cell;
}

void write_csv(std::ostream& out, const SweepResult& r) {
    std::string line = "preset,point,grid_points,replications,seed";
    for (const Axis& a : r.grid.axes()) add_cell(line, csv_field(a.name()));
    for (const std::string& f : figure_names()) {
        add_cell(line, f);
        add_cell(line, f + "_ci95");
    }
    line += ",slo,slo_failed_seeds,slo_failed_checks";
    out << line << '\n';

    const std::string preset = csv_field(r.preset);
    for (const SweepPoint& p : r.points) {
        line = preset;
        for (const std::size_t n : {p.index, r.grid.size(), r.replications}) add_cell(line, std::to_string(n));
        add_cell(line, std::to_string(p.result.seeds.front()));
        for (std::size_t k = 0; k < r.grid.axes().size(); ++k) add_cell(line, value_cell(r.grid.axes()[k].values[p.coordinates[k]]));
        for (const Estimate& e : p.result.figures) {
            add_cell(line, format_number(e.mean));
            add_cell(line, format_number(e.ci95));
        }
        std::string checks;
        for (const std::string& c : failed_checks(p.result)) {
            if (!checks.empty()) checks += ';';
            checks += c;
        }
        add_cell(line, slo_word(p.result));
        add_cell(line, std::to_string(p.result.failed_seed_count()));
        add_cell(line, csv_field(checks));
        out << line << '\n';
    }
}

}  // namespace

bool parse_sweep_format(std::string_view name, SweepFormat& out) {
    if (name == "csv") out = SweepFormat::Csv;
    else if (name == "json") out = SweepFormat::Json;
    else return false;
    return true;
}

std::string format_number(double v) {
    if (std::isnan(v)) return "";
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

ordered_json sweep_json(const SweepResult& r) {
    ordered_json axes = ordered_json::array();
    for (const Axis& a : r.grid.axes()) {
        ordered_json values = ordered_json::array();
        for (const Value& v : a.values) values.push_back(value_json(v));
        axes.push_back({{"key", a.name()}, {"values", values}});
    }
    ordered_json points = ordered_json::array();
    for (const SweepPoint& p : r.points) {
        ordered_json params = ordered_json::object();
        for (std::size_t k = 0; k < r.grid.axes().size(); ++k) {
            const Axis& a = r.grid.axes()[k];
            params[std::string(a.name())] = value_json(a.values[p.coordinates[k]]);
        }
        points.push_back({{"point", p.index},
                          {"parameters", params},
                          {"seeds", p.result.seeds},
                          {"figures", figures_json(p.result.figures)},
                          {"slo", slo_word(p.result)},
                          {"slo_failed_seeds", p.result.failed_seed_count()},
                          {"slo_failed_checks", failed_checks(p.result)}});
    }
    return {{"gatetune", "sweep"},
            {"version", kVersion},
            {"preset", r.preset},
            {"seed", r.seed},
            {"replications", r.replications},
            {"axes", axes},
            {"grid_points", r.grid.size()},
            {"points", points}};
}

void write_sweep(std::ostream& out, const SweepResult& r, SweepFormat format) {
    if (format == SweepFormat::Csv) {
        write_csv(out, r);
    } else {
        out << sweep_json(r).dump(2) << '\n';
    }
}

}  // namespace gatetune::sim::experiment
