#include "sim/import/module_assignments.hpp"

#include <map>

#include "sim/import/python_statements.hpp"

namespace gatetune::sim::importing {
namespace {

const exporting::Binding* bound_name(exporting::Target target, const std::string& name) {
    for (const exporting::Binding& b : exporting::bindings()) {
        if (b.target == target && b.name == name) return &b;
    }
    return nullptr;
}

}  // namespace

FileReading read_module_assignments(const std::string& file, std::string_view source, const std::vector<PyToken>& tokens,
                                    exporting::Target target, Conversion convert, bool note_others) {
    std::map<std::string, FileReading> last;  // per name, the outcome of its last assignment
    FileReading out;
    for (const Assignment& a : find_assignments(tokens)) {
        const exporting::Binding* b = bound_name(target, a.name);
        const Place place{file, a.line};
        if (!b) {
            if (note_others && a.module_level && !a.name.starts_with("_")) {
                out.note(place, "`" + a.name + "` is not a setting gatetune models: ignored");
            }
            continue;
        }
        const std::string value = source_text(source, tokens[a.value_first], tokens[a.value_last - 1]);
        const std::string written = a.name + (a.augmented ? " " + tokens[a.value_first - 1].text + " " : " = ") + value;
        FileReading r;
        if (!a.module_level) {
            r.problem(place, "`" + written + "` is inside a block: gatetune import reads module-level assignments only");
        } else if (a.augmented) {
            r.problem(place, "`" + written + "` changes the value instead of assigning it: not read");
        } else if (const auto lit = read_literal(tokens.data() + a.value_first, tokens.data() + a.value_last); !lit) {
            r.problem(place, "`" + written + "` is not a literal: gatetune import reads plain values (a number, a string, "
                             "True or False); it does not evaluate expressions or guess");
        } else if (const ConvertedValue v = convert(*b, *lit); !v.problem.empty()) {
            r.problem(place, "`" + written + "`: " + v.problem);
        } else {
            r.setting(std::string(b->key), v.toml, place, written);
        }
        last[a.name] = std::move(r);
    }
    for (auto& [name, r] : last) out.append(std::move(r));
    return out;
}

}  // namespace gatetune::sim::importing
