#include "sim/preset/preset_edit.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <map>
#include <vector>

#include "sim/preset/preset_io.hpp"

namespace gatetune::sim {

namespace {

struct Edit {
    std::size_t begin = 0;  // byte offsets into the original
    std::size_t end = 0;
    std::string text;
};

// Byte offset of each line's start (index 0 = line 1).
std::vector<std::size_t> line_starts(std::string_view text) {
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') starts.push_back(i + 1);
    return starts;
}

class Patcher {
public:
    Patcher(std::string_view text, const toml::table& root) : text_(text), root_(root), lines_(line_starts(text)) {}

    // False when this key cannot be edited in place.
    bool change(const KeySpec& k, const Value& v) {
        const toml::table* table = k.table().empty() ? &root_ : root_.get_as<toml::table>(k.table());
        const toml::node* node = table ? table->get(k.name()) : nullptr;
        const bool unset = std::holds_alternative<std::monostate>(v);
        if (node) return unset ? remove_line(*node) : replace(*node, format_value(v));
        if (unset) return true;
        const std::string line = std::string(k.name()) + " = " + format_value(v) + "\n";
        if (k.table().empty()) return insert_top(line);
        if (!table) {
            new_tables_[std::string(k.table())] += line;
            return true;
        }
        if (table->is_inline()) return false;
        return append_to(*table, line);
    }

    std::string apply() {
        std::sort(edits_.begin(), edits_.end(), [](const Edit& a, const Edit& b) { return a.begin > b.begin; });
        std::string out(text_);
        for (const Edit& e : edits_) out.replace(e.begin, e.end - e.begin, e.text);
        for (const auto& [table, lines] : new_tables_) {
            if (!out.empty() && out.back() != '\n') out += '\n';
            out += "\n[" + table + "]\n" + lines;
        }
        return out;
    }

private:
    std::size_t offset(const toml::source_position& p) const {
        if (p.line == 0 || p.line > lines_.size()) return text_.size();
        return std::min(text_.size(), lines_[p.line - 1] + p.column - 1);
    }
    std::size_t line_end(std::size_t line) const { return line < lines_.size() ? lines_[line] : text_.size(); }

    bool replace(const toml::node& node, std::string value) {
        if (node.is_table() && !node.as_table()->is_inline()) return false;  // a [table.key] header
        const toml::source_region& r = node.source();
        edits_.push_back({offset(r.begin), offset(r.end), std::move(value)});
        return true;
    }

    bool remove_line(const toml::node& node) {
        const toml::source_region& r = node.source();
        if (r.begin.line == 0) return false;
        edits_.push_back({lines_[r.begin.line - 1], line_end(r.end.line), ""});
        return true;
    }

    // After the last line any of the table's own values end on.
    bool append_to(const toml::table& table, std::string line) {
        std::size_t last = table.source().begin.line;
        for (const auto& [name, node] : table) last = std::max<std::size_t>(last, node.source().end.line);
        if (last == 0) return false;
        const std::size_t at = line_end(last);
        const bool needs_newline = at == text_.size() && !text_.empty() && text_.back() != '\n';
        edits_.push_back({at, at, needs_newline ? "\n" + line : std::move(line)});
        return true;
    }

    // Top-level keys must come before the first [table] header.
    bool insert_top(const std::string& line) {
        std::size_t first_header = lines_.size() + 1;
        for (const auto& [name, node] : root_)
            if (const toml::table* t = node.as_table(); t && !t->is_inline())
                first_header = std::min<std::size_t>(first_header, t->source().begin.line);
        const std::size_t at = first_header <= lines_.size() ? lines_[first_header - 1] : text_.size();
        edits_.push_back({at, at, line});
        return true;
    }

    std::string_view text_;
    const toml::table& root_;
    std::vector<std::size_t> lines_;
    std::vector<Edit> edits_;
    std::map<std::string, std::string> new_tables_;
};

bool same_config(const Config& a, const Config& b) {
    return std::all_of(config_schema().begin(), config_schema().end(),
                       [&](const KeySpec& k) { return k.write_only || values_equal(k.get(a), k.get(b)); });
}

std::optional<std::string> patched(std::string_view original, const Config& edited, const std::string& preset_path) {
    if (original.empty()) return std::nullopt;
    Config before;
    toml::table root;
    try {
        before = parse_preset(original, preset_path);
        root = toml::parse(original, std::string_view(preset_path));
    } catch (const std::exception&) {
        return std::nullopt;
    }
    Patcher patcher(original, root);
    for (const KeySpec* k : changed_keys(edited, before)) {
        if (k->key == "workload.trace") return std::nullopt;  // stored resolved: write_preset relativises it
        if (!patcher.change(*k, k->get(edited))) return std::nullopt;
    }
    std::string text = patcher.apply();
    try {
        if (!same_config(parse_preset(text, preset_path), edited)) return std::nullopt;
    } catch (const std::exception&) {
        return std::nullopt;
    }
    return text;
}

}  // namespace

PresetText update_preset_text(std::string_view original, const Config& edited, const std::string& preset_path) {
    if (auto text = patched(original, edited, preset_path)) return {std::move(*text), true};
    return {write_preset(edited, false, preset_path), false};
}

}  // namespace gatetune::sim
