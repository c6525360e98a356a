#include "sim/html/page.hpp"

#include <algorithm>
#include <stdexcept>

#include "gatetune/version.hpp"
#include "sim/preset/preset_hash.hpp"
#include "sim/html/assets.hpp"
#include "sim/preset/preset_io.hpp"

namespace gatetune::sim::html {
namespace {

using nlohmann::json;

const char* tone_name(Tone t) {
    switch (t) {
        case Tone::Pass: return "pass";
        case Tone::Fail: return "fail";
        case Tone::Warn: return "warn";
        case Tone::None: break;
    }
    return "";
}

json cell_json(const Cell& c) {
    if (c.tone == Tone::None && c.hint.empty() && !c.bar) return c.text;
    json j = {{"text", c.text}};
    if (c.tone != Tone::None) j["tone"] = tone_name(c.tone);
    if (!c.hint.empty()) j["hint"] = c.hint;
    if (c.bar) j["bar"] = std::clamp(*c.bar, 0.0, 1.0);
    return j;
}

json section_json(const Section& s) {
    json children = json::array();
    for (const Section& c : s.children) children.push_back(section_json(c));
    json j = {{"id", s.id}, {"title", s.title}, {"kind", s.kind}, {"data", s.data}, {"notes", s.notes}};
    if (s.tone != Tone::None) j["tone"] = tone_name(s.tone);
    if (!children.empty()) j["children"] = std::move(children);
    return j;
}

// The vendored release's version, from the banner its minified file starts with:
// "/*! https://github.com/leeoniya/uPlot (v1.6.32) */".
std::string uplot_version() {
    const std::string_view js = uplot_js().substr(0, 200);
    const std::size_t from = js.find("(v"), to = js.find(')', from);
    return from == std::string_view::npos || to == std::string_view::npos ? "" : std::string(js.substr(from + 2, to - from - 2));
}

Section parent_section(std::string id, std::string title, std::string kind, std::vector<Section> children) {
    Section s{std::move(id), std::move(title), std::move(kind), json::object(), {}, Tone::None, std::move(children)};
    return s;
}

}  // namespace

Table::Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

void Table::add_row(std::vector<Cell> cells) {
    if (cells.size() > columns_.size()) throw std::invalid_argument("html::Table: a row has more cells than the table has columns");
    cells.resize(columns_.size());
    rows_.push_back(std::move(cells));
}

json Table::json() const {
    nlohmann::json columns = nlohmann::json::array();
    for (const Column& c : columns_) columns.push_back({{"name", c.name}, {"numeric", c.numeric}});
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : rows_) {
        nlohmann::json cells = nlohmann::json::array();
        for (const Cell& c : row) cells.push_back(cell_json(c));
        rows.push_back(std::move(cells));
    }
    return {{"columns", std::move(columns)}, {"rows", std::move(rows)}};
}

Section table_section(std::string id, std::string title, const Table& table) {
    return {std::move(id), std::move(title), "table", table.json(), {}, Tone::None, {}};
}

Section text_section(std::string id, std::string title, std::vector<std::string> paragraphs) {
    return {std::move(id), std::move(title), "text", {{"paragraphs", std::move(paragraphs)}}, {}, Tone::None, {}};
}

Section row_section(std::string id, std::string title, std::vector<Section> children) {
    return parent_section(std::move(id), std::move(title), "row", std::move(children));
}

Section stack_section(std::string id, std::string title, std::vector<Section> children) {
    return parent_section(std::move(id), std::move(title), "stack", std::move(children));
}

PresetSource preset_source(const Config& config, std::string file, std::string file_text) {
    return {config.name, std::move(file), sim::preset_hash(config),
            file_text.empty() ? write_preset(config) : std::move(file_text)};
}

Page::Page(std::string kind, std::string title) : kind_(std::move(kind)), title_(std::move(title)) {}

void Page::add_fact(Fact fact) { facts_.push_back(std::move(fact)); }

void Page::claim_ids(const Section& s) {
    if (s.id.empty() || std::find(ids_.begin(), ids_.end(), s.id) != ids_.end())
        throw std::invalid_argument("html::Page: section id \"" + s.id + "\" is empty or already used");
    ids_.push_back(s.id);
    for (const Section& c : s.children) claim_ids(c);
}

void Page::add(Section section) {
    claim_ids(section);
    sections_.push_back(std::move(section));
}

void Page::add_preset(PresetSource preset) { presets_.push_back(std::move(preset)); }

void Page::set_seeds(std::vector<std::uint64_t> seeds) { seeds_ = std::move(seeds); }

json Page::data() const {
    json facts = json::array();
    for (const Fact& f : facts_) facts.push_back({{"label", f.label}, {"value", f.value}, {"tone", tone_name(f.tone)}});
    json sections = json::array();
    for (const Section& s : sections_) sections.push_back(section_json(s));
    json presets = json::array();
    for (const PresetSource& p : presets_) presets.push_back({{"name", p.name}, {"file", p.file}, {"hash", p.hash}, {"text", p.text}});
    return {{"kind", kind_},
            {"title", title_},
            {"facts", std::move(facts)},
            {"sections", std::move(sections)},
            {"footer",
             {{"version", kVersion},
              {"seeds", seeds_},
              {"presets", std::move(presets)},
              {"uplot", {{"version", uplot_version()}, {"license", uplot_license()}}}}}};
}

void Page::write(std::ostream& out) const {
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<meta name=\"generator\" content=\"gatetune " << kVersion << "\">\n"
        << "<title>" << escape_html(title_) << "</title>\n"
        << "<style>\n" << uplot_css() << "\n</style>\n<style>\n" << report_css() << "</style>\n</head>\n<body>\n"
        << "<noscript><p>This report draws its tables and charts with JavaScript; its data is the JSON in the "
           "element with id report-data.</p></noscript>\n"
        << "<div id=\"render-status\" hidden></div>\n"
        << "<script type=\"application/json\" id=\"report-data\">" << script_safe_json(data()) << "</script>\n"
        << "<script>\n" << uplot_js() << "\n</script>\n<script>\n" << report_js() << "</script>\n</body>\n</html>\n";
}

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string script_safe_json(const nlohmann::json& data) {
    // Invalid UTF-8 (a preset comment in Latin-1) becomes U+FFFD rather than an exception.
    const std::string text = data.dump(-1, ' ', false, json::error_handler_t::replace);
    std::string out;
    out.reserve(text.size() + text.size() / 64);
    for (const char c : text) {
        if (c == '<') out += "\\u003c";
        else out += c;
    }
    return out;
}

}  // namespace gatetune::sim::html
