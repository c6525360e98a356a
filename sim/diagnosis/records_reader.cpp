// Per-request records as a team exports them — CSV with a header naming the columns (any order),
// JSON Lines, or one JSON document — and exactly what `gatetune run --format csv|json` writes
// (sim/report_csv.cpp, sim/report_json.cpp), so a simulated run reads back as an observation.
// Each field has a few accepted names; when a row has several, the first listed wins (status over
// http_status). Lines starting with # are comments in CSV.
#include <algorithm>
#include <array>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "sim/csv_reader.hpp"
#include "sim/diagnosis/json_document.hpp"
#include "sim/diagnosis/reading.hpp"
#include "sim/diagnosis/record_fields.hpp"
#include "sim/diagnosis/sniff.hpp"
#include "sim/diagnosis/timestamp.hpp"
#include "sim/trim.hpp"

namespace gatetune::sim::diagnosis {
namespace {

using nlohmann::json;

std::string joined(const std::set<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out.append(out.empty() ? "" : ", ").append(n);
    return out;
}

void note_unused(FileReading& out, const FileIssues& issues, const std::set<std::string>& unused) {
    if (!unused.empty()) out.notes.push_back(issues.file() + ": not used: " + joined(unused));
}

// ---- CSV ----------------------------------------------------------------------------------------

FileReading read_records_csv(std::string_view text, FileIssues& issues) {
    FileReading out;
    const CsvDocument doc = read_csv(text);
    if (doc.unclosed_quote) issues.add(*doc.unclosed_quote, "a quoted field is not closed (a \" without its closing \")");
    std::vector<std::optional<std::size_t>> columns;  // per CSV column: the field it feeds, if any
    std::array<std::string, kRecordFields> names;     // per field: its column's name
    std::string header_names;
    std::set<std::string> unused;
    bool have_header = false;
    for (const CsvRecord& rec : doc.records) {
        const std::string_view first = trim(rec.fields.front(), " \t\r");
        if (rec.fields.size() == 1 && first.empty()) continue;
        if (first.starts_with('#')) continue;
        if (first.starts_with('{')) {
            issues.add(rec.line, "a JSON line in a CSV file (one format per file: CSV with a header, or JSON Lines)");
            continue;
        }
        if (!have_header) {
            have_header = true;
            if (parse_number(first)) {
                issues.add(rec.line, "expected a header line naming the columns (status, start or order, latency, …), got a row of values");
                return out;
            }
            // Per field the best-ranked column naming it; the other names are not used.
            std::array<std::optional<FieldName>, kRecordFields> best;
            std::vector<std::string> column_names;
            for (const std::string& cell : rec.fields) {
                column_names.emplace_back(trim(cell, " \t\r"));
                header_names.append(header_names.empty() ? "" : ", ").append(column_names.back());
                const auto f = record_field_of(column_names.back());
                if (f && (!best[f->field] || f->rank < best[f->field]->rank)) best[f->field] = f;
            }
            std::array<bool, kRecordFields> have{};
            for (const std::string& name : column_names) {
                std::optional<std::size_t> field;
                if (const auto f = record_field_of(name); f && best[f->field]->rank == f->rank && !have[f->field]) field = f->field;
                if (field) {
                    have[*field] = true;
                    names[*field] = name;
                } else {
                    unused.insert(name);
                }
                columns.push_back(field);
            }
            for (std::string& m : missing_fields(have, "column")) issues.add(rec.line, std::move(m));
            if (issues.any()) return out;
            continue;
        }
        if (rec.fields.size() != columns.size()) {
            issues.add(rec.line, "expected " + std::to_string(columns.size()) + " fields (" + header_names + "), got " +
                                     std::to_string(rec.fields.size()));
            continue;
        }
        RecordCells cells;
        cells.name = names;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const std::string_view v = trim(rec.fields[i], " \t\r");
            if (columns[i] && !v.empty()) cells.text[*columns[i]] = std::string(v);
        }
        if (auto r = convert_record(cells, rec.line, issues)) out.requests.push_back(std::move(*r));
    }
    if (!have_header) issues.add(0, "no header line (expected column names such as start,status,latency)");
    note_unused(out, issues, unused);
    return out;
}

// ---- JSON -----------------------------------------------------------------------------------------

std::optional<std::string> json_cell(const json& v) {
    if (v.is_null()) return std::nullopt;
    if (v.is_string()) {
        const std::string s(trim(v.get_ref<const std::string&>(), " \t\r"));
        return s.empty() ? std::nullopt : std::optional(s);
    }
    return v.dump();
}

// One record object (a JSON line, or an element of a document's record array).
void read_record_object(const json& o, int line, FileIssues& issues, FileReading& out, std::set<std::string>& unused) {
    if (!o.is_object()) {
        issues.add(line, "expected a JSON object such as {\"start\": 0.5, \"status\": 200, \"latency\": 1.2}, got " + o.dump().substr(0, 60));
        return;
    }
    if (is_k6_object(o)) {
        issues.add(line, "a k6 output line in a file of per-request records (one format per file)");
        return;
    }
    RecordCells cells;
    std::array<bool, kRecordFields> have{};
    std::array<std::size_t, kRecordFields> rank{};
    for (const auto& [key, value] : o.items()) {
        const auto f = record_field_of(key);
        if (!f) {
            unused.insert(key);
            continue;
        }
        if (have[f->field] && rank[f->field] <= f->rank) {
            unused.insert(key);
            continue;
        }
        if (have[f->field]) unused.insert(cells.name[f->field]);
        have[f->field] = true;
        rank[f->field] = f->rank;
        cells.name[f->field] = key;
        cells.text[f->field] = json_cell(value);
    }
    const std::vector<std::string> missing = missing_fields(have, "field");
    for (const std::string& m : missing) issues.add(line, m);
    if (!missing.empty()) return;
    if (auto r = convert_record(cells, line, issues)) out.requests.push_back(std::move(*r));
}

FileReading read_records_json_lines(std::string_view text, FileIssues& issues) {
    FileReading out;
    std::set<std::string> unused;
    for_each_line(text, [&](int number, std::string_view line) {
        json o;
        try {
            o = json::parse(line);
        } catch (const json::exception& e) {
            issues.add(number, json_error_text(e));
            return;
        }
        read_record_object(o, number, issues, out, unused);
    });
    note_unused(out, issues, unused);
    return out;
}

// `gatetune run --format json` (records under "requests") or a JSON array of records.
FileReading read_records_json_document(std::string_view text, FileIssues& issues) {
    FileReading out;
    const LocatedDocument doc = parse_located_document(text, "requests");
    if (!doc.error.empty()) {
        issues.add(doc.error_line, doc.error);
        return out;
    }
    const json* records = &doc.document;
    if (doc.document.is_object()) {
        const auto it = doc.document.find("requests");
        if (it == doc.document.end() || !it->is_array()) {
            issues.add(0, "a JSON document without a \"requests\" array (expected gatetune run --format json output written "
                          "without --no-requests, a JSON array of request objects, or JSON Lines)");
            return out;
        }
        records = &*it;
    } else if (!doc.document.is_array()) {
        issues.add(0, "expected a JSON array of request objects or an object with a \"requests\" array");
        return out;
    }
    std::set<std::string> unused;
    for (std::size_t i = 0; i < records->size(); ++i) {
        const int line = i < doc.record_lines.size() && doc.record_lines.size() == records->size() ? doc.record_lines[i] : 0;
        read_record_object((*records)[i], line, issues, out, unused);
    }
    note_unused(out, issues, unused);
    return out;
}

// A document opens with "[" (an array of records) or a lone "{" (gatetune run's JSON, indented);
// JSON Lines has a record on its first line.
bool is_json_document(std::string_view first_line) { return first_line.starts_with('[') || first_line == "{"; }

}  // namespace

bool is_record_field_name(std::string_view name) { return record_field_of(name).has_value(); }

FileReading read_records(std::string_view text, FileIssues& issues) {
    const std::string_view body = trim(text, " \t\r\n");
    const std::string_view first = trim(body.substr(0, body.find('\n')), " \t\r");
    if (!looks_like_json_start(first)) return read_records_csv(text, issues);
    return is_json_document(first) ? read_records_json_document(text, issues) : read_records_json_lines(text, issues);
}

}  // namespace gatetune::sim::diagnosis
