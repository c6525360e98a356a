#pragma once
// One self-contained HTML report: a page of sections (tables, charts, text) whose data travels
// as one JSON document inside the page, drawn by the page's own script with the vendored uPlot —
// styles, scripts and data inline, so the file opens offline from a CI artifact or an e-mail.
//
// A report kind is a function that builds a Page from its result type (sim/html/reports.hpp):
// it adds header facts, then sections made by the builders of sim/html/*_sections.hpp, then the
// presets for the footer. A section's `kind` names the renderer in sim/html/assets/report.js:
//   table    — Table::json(): cells with a tone (pass/fail/warn), a bar and a hover text
//   text     — paragraphs
//   cdf      — latency CDFs (x in seconds, log scale), one line per series
//   series   — a time series chart: one x array, named lines, one unit
//   waterfall— requests as rows of coloured phases, failures marked by cause, hover explains
//   heatmap  — a figure over two sweep axes (the other axes sliced)
//   pareto   — points over cost × figure with their Pareto front
//   row      — its children side by side; stack — its children one below the other
// Output is deterministic: the same page gives the same bytes (no clock, no random ids).
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/config.hpp"

namespace gatetune::sim::html {

// How a cell, a fact or a section title reads at a glance (a CSS class in report.css).
enum class Tone { None, Pass, Fail, Warn };

struct Cell {
    Cell() = default;
    Cell(std::string text) : text(std::move(text)) {}  // NOLINT: plain text is the usual cell
    Cell(const char* text) : text(text) {}              // NOLINT
    Cell(std::string text, Tone tone, std::string hint = {}) : text(std::move(text)), tone(tone), hint(std::move(hint)) {}

    std::string text;
    Tone tone = Tone::None;
    std::string hint;               // shown on hover (e.g. a rule's explanation)
    std::optional<double> bar;      // 0..1: a bar behind the text (scores, shares)
};

class Table {
public:
    struct Column {
        std::string name;
        bool numeric = false;  // right-aligned
    };
    explicit Table(std::vector<Column> columns);
    // Short rows are padded with empty cells; a row longer than the header throws std::invalid_argument.
    void add_row(std::vector<Cell> cells);
    std::size_t row_count() const noexcept { return rows_.size(); }
    // {columns: [{name, numeric}], rows: [[cell…]…]}; a cell is its text, or {text, tone, hint, bar}.
    nlohmann::json json() const;

private:
    std::vector<Column> columns_;
    std::vector<std::vector<Cell>> rows_;
};

struct Section {
    std::string id;                   // unique in the page: the element id, and what tests look for
    std::string title;
    std::string kind;                 // the renderer (see above)
    nlohmann::json data;
    std::vector<std::string> notes;   // shown under the title: caps, downsampling, missing records
    Tone tone = Tone::None;           // a pass/fail badge beside the title
    std::vector<Section> children;    // kinds row and stack
};

Section table_section(std::string id, std::string title, const Table& table);
Section text_section(std::string id, std::string title, std::vector<std::string> paragraphs);
// Children side by side (narrow screens wrap them).
Section row_section(std::string id, std::string title, std::vector<Section> children);
// Children one below the other under one title (e.g. one preset of a check).
Section stack_section(std::string id, std::string title, std::vector<Section> children);

// A preset as the footer shows it: what ran, so the report can be reproduced.
struct PresetSource {
    std::string name;   // the preset's name
    std::string file;   // as given on the command line
    std::string hash;   // sim/preset/preset_hash.hpp, of the configuration that ran
    std::string text;   // the file's text, or the configuration written out when --set changed it
};
// `file_text` "" (e.g. --set changed what ran) writes the configuration itself instead.
PresetSource preset_source(const Config& config, std::string file, std::string file_text);

struct Fact {
    std::string label;
    std::string value;
    Tone tone = Tone::None;
};

class Page {
public:
    // kind: "run", "check", "sweep", "tune", "live", …; title: the page heading.
    Page(std::string kind, std::string title);

    void add_fact(Fact fact);
    // Throws std::invalid_argument when the section's id (or a child's) is already on the page.
    void add(Section section);
    void add_preset(PresetSource preset);
    void set_seeds(std::vector<std::uint64_t> seeds);

    // The document the page's script renders: {kind, title, facts, sections, footer}.
    nlohmann::json data() const;
    // The whole HTML file.
    void write(std::ostream& out) const;

private:
    void claim_ids(const Section& s);

    std::string kind_;
    std::string title_;
    std::vector<Fact> facts_;
    std::vector<Section> sections_;
    std::vector<PresetSource> presets_;
    std::vector<std::uint64_t> seeds_;
    std::vector<std::string> ids_;
};

// Text safe inside HTML element content and attribute values.
std::string escape_html(std::string_view text);
// JSON text safe inside <script type="application/json">: every "<" written as \u003c, so no
// string in the data (a preset comment, an error message) can close the element.
std::string script_safe_json(const nlohmann::json& data);

}  // namespace gatetune::sim::html
