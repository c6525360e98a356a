#include "sim/import/gunicorn_command.hpp"

#include "sim/export/bindings.hpp"
#include "sim/import/value_conversion.hpp"

namespace gatetune::sim::importing {
namespace {

using exporting::Binding;

const Binding* flag_binding(std::string_view flag) {
    for (const Binding& b : exporting::bindings()) {
        if (b.target == exporting::Target::GunicornSetting && !flag.empty() && (b.flag == flag || b.short_flag == flag)) return &b;
    }
    return nullptr;
}

bool is_python(const std::string& word) { return base_name(word).starts_with("python"); }

bool is_shell(const std::string& word) {
    const std::string b = base_name(word);
    return b == "sh" || b == "bash" || b == "dash" || b == "ash";
}

// The flag and its argument: `--workers 4`, `--workers=4`, `-w4`.
struct Flag {
    const Binding* binding = nullptr;
    std::string name;       // as written, without an attached value
    const ShellWord* value = nullptr;
    std::string inline_value;
    bool has_inline = false;
};

Flag parse_flag(const std::vector<ShellWord>& w, std::size_t& i) {
    Flag f;
    const std::string& word = w[i].text;
    const auto eq = word.find('=');
    if (word.starts_with("--") && eq != std::string::npos) {
        f.name = word.substr(0, eq);
        f.inline_value = word.substr(eq + 1);
        f.has_inline = true;
    } else if (!word.starts_with("--") && word.size() > 2) {  // -w4
        f.name = word.substr(0, 2);
        f.inline_value = word.substr(2);
        f.has_inline = true;
    } else {
        f.name = word;
    }
    f.binding = flag_binding(f.name);
    if (!f.has_inline && f.binding && i + 1 < w.size() && !w[i + 1].separator) f.value = &w[++i];
    return f;
}

}  // namespace

void read_gunicorn_flags(const std::vector<ShellWord>& w, const Place& place, Precedence precedence, FileReading& out) {
    bool config_file = false;
    for (std::size_t i = 0; i < w.size() && !w[i].separator; ++i) {
        if (!w[i].text.starts_with("-") || w[i].text == "-") continue;  // the app, or a flag's value
        const Flag f = parse_flag(w, i);
        if (f.name == "-c" || f.name == "--config") {
            config_file = true;
            const std::string file = f.has_inline ? f.inline_value : i + 1 < w.size() ? w[i + 1].text : "";
            out.note(place, "gunicorn also reads the config file " + file + ": pass it to gatetune import too");
        }
        if (!f.binding) continue;
        const std::string written = f.name + (f.has_inline ? (f.name.starts_with("--") ? "=" : "") + f.inline_value
                                                           : f.value ? " " + f.value->text : "");
        if (!f.has_inline && !f.value) {
            out.problem(place, "`" + f.name + "` has no value");
            continue;
        }
        if (f.value && f.value->expanded) {
            out.problem(place, "`" + written + "` is expanded by the shell when the container starts: not read (gatetune import does not guess)");
            continue;
        }
        const ConvertedValue v = from_flag(*f.binding, f.has_inline ? f.inline_value : f.value->text);
        if (!v.problem.empty()) {
            out.problem(place, "`" + written + "`: " + v.problem);
            continue;
        }
        out.setting(std::string(f.binding->key), v.toml, place, written, precedence);
    }
    if (!config_file && precedence == Precedence::CommandLine) {
        out.note(place, "gunicorn 20.1+ also reads ./gunicorn.conf.py from its working directory when it exists: pass it to "
                        "gatetune import if the image has one");
    }
}

bool read_gunicorn_command(const std::vector<ShellWord>& argv, const Place& place, FileReading& out) {
    std::size_t start = 0;
    while (start < argv.size()) {
        std::size_t i = start;
        while (i < argv.size() && !argv[i].separator && (argv[i].text == "exec" || (argv[i].text.find('=') != std::string::npos &&
                                                                                     !argv[i].text.starts_with("-")))) {
            ++i;  // `exec`, and VAR=value prefixes
        }
        if (i < argv.size() && !argv[i].separator) {
            const std::string& cmd = argv[i].text;
            if (base_name(cmd) == "gunicorn") {
                read_gunicorn_flags({argv.begin() + static_cast<std::ptrdiff_t>(i) + 1, argv.end()}, place, Precedence::CommandLine, out);
                return true;
            }
            if (is_python(cmd) && i + 2 < argv.size() && argv[i + 1].text == "-m" && argv[i + 2].text == "gunicorn") {
                read_gunicorn_flags({argv.begin() + static_cast<std::ptrdiff_t>(i) + 3, argv.end()}, place, Precedence::CommandLine, out);
                return true;
            }
            if (is_shell(cmd) && i + 2 < argv.size() && argv[i + 1].text == "-c") {
                try {
                    if (read_gunicorn_command(split_shell_words(argv[i + 2].text), place, out)) return true;
                } catch (const std::invalid_argument& e) {
                    out.problem(place, "the shell script `" + argv[i + 2].text + "`: " + e.what());
                    return true;
                }
            }
        }
        // The next command after a separator.
        while (start < argv.size() && !argv[start].separator) ++start;
        ++start;
    }
    return false;
}

}  // namespace gatetune::sim::importing
