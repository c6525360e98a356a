#include "sim/experiment/sweep_merge.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/csv_reader.hpp"
#include "sim/experiment/experiment_error.hpp"

namespace gatetune::sim::experiment {
namespace {

using nlohmann::ordered_json;

[[noreturn]] void fail(const std::string& file, const std::string& message) {
    throw ExperimentError("merge: " + file + ": " + message);
}

bool looks_like_json(const std::string& content) {
    const auto first = content.find_first_not_of(" \t\r\n");
    return first != std::string::npos && content[first] == '{';
}

// Each point index exactly once, none missing: the merged sweep is the whole grid.
void check_complete(const std::map<std::size_t, std::string>& seen, std::size_t grid_points) {
    std::vector<std::size_t> missing;
    for (std::size_t p = 0; p < grid_points; ++p) {
        if (!seen.count(p)) missing.push_back(p);
    }
    if (missing.empty()) return;
    std::string list;
    for (std::size_t i = 0; i < std::min<std::size_t>(missing.size(), 10); ++i) list += (i ? ", " : "") + std::to_string(missing[i]);
    if (missing.size() > 10) list += ", …";
    throw ExperimentError("merge: " + std::to_string(missing.size()) + " of " + std::to_string(grid_points) +
                          " points are missing (" + list + ") — was a shard left out? Pass every shard's output.");
}

void claim(std::map<std::size_t, std::string>& seen, std::size_t point, const std::string& file) {
    const auto [it, fresh] = seen.emplace(point, file);
    if (!fresh) fail(file, "point " + std::to_string(point) + " is also in " + it->second + " (each shard's output may be passed once)");
}

// ---- JSON -----------------------------------------------------------------------------------

std::string merge_json(const std::vector<ShardOutput>& shards) {
    std::optional<ordered_json> header;  // everything but "points", from the first shard
    std::string header_file;
    std::map<std::size_t, std::string> seen;
    std::vector<std::pair<std::size_t, ordered_json>> points;
    for (const ShardOutput& s : shards) {
        ordered_json doc;
        try {
            doc = ordered_json::parse(s.content);
        } catch (const nlohmann::json::exception& e) {
            fail(s.name, std::string("not valid JSON (") + e.what() + ")");
        }
        if (!doc.is_object() || doc.value("gatetune", "") != "sweep" || !doc.contains("points") || !doc["points"].is_array() ||
            !doc.contains("grid_points") || !doc["grid_points"].is_number_unsigned()) {
            fail(s.name, "not the JSON output of gatetune sweep");
        }
        ordered_json meta = doc;
        meta.erase("points");
        if (!header) {
            header = meta;
            header_file = s.name;
        } else if (meta != *header) {
            fail(s.name, "belongs to a different sweep than " + header_file +
                             " (preset, seed, replications, axes, grid size or version differ)");
        }
        for (ordered_json& p : doc["points"]) {
            if (!p.is_object() || !p.contains("point") || !p["point"].is_number_unsigned()) fail(s.name, "a point has no index");
            const auto index = p["point"].get<std::size_t>();
            claim(seen, index, s.name);
            points.emplace_back(index, std::move(p));
        }
    }
    check_complete(seen, (*header)["grid_points"].get<std::size_t>());
    std::sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    ordered_json merged = *header;
    merged["points"] = ordered_json::array();
    for (auto& [index, p] : points) merged["points"].push_back(std::move(p));
    // The writer's key order ("points" last) is restored by erasing and re-adding it above.
    return merged.dump(2) + "\n";
}

// ---- CSV ------------------------------------------------------------------------------------

// The shared RFC 4180 reader; a shard's records are re-emitted verbatim (CsvRecord::raw).
std::vector<CsvRecord> read_csv_records(const std::string& text, const std::string& file) {
    CsvDocument doc = read_csv(text);
    if (doc.unclosed_quote) fail(file, "a quoted CSV field is not closed");
    return std::move(doc.records);
}

std::size_t column(const std::vector<std::string>& header, std::string_view name, const std::string& file) {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) fail(file, "not the CSV output of gatetune sweep (no column \"" + std::string(name) + "\")");
    return static_cast<std::size_t>(it - header.begin());
}

std::size_t read_index(const std::string& text, const std::string& file, std::string_view what) {
    std::size_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) {
        fail(file, std::string(what) + " \"" + text + "\" is not a whole number");
    }
    return v;
}

std::string merge_csv(const std::vector<ShardOutput>& shards) {
    std::optional<CsvRecord> header;
    std::string header_file;
    // Columns every row of the sweep shares; they identify the sweep.
    std::optional<std::vector<std::string>> identity;
    std::map<std::size_t, std::string> seen;
    std::vector<std::pair<std::size_t, std::string>> rows;
    std::size_t grid_points = 0;
    for (const ShardOutput& s : shards) {
        std::vector<CsvRecord> records = read_csv_records(s.content, s.name);
        if (records.empty()) fail(s.name, "empty (not the output of gatetune sweep)");
        if (!header) {
            header = records.front();
            header_file = s.name;
        } else if (records.front().raw != header->raw) {
            fail(s.name, "its columns differ from " + header_file + " (a different sweep: other axes or another version)");
        }
        const auto& names = header->fields;
        const std::size_t c_point = column(names, "point", s.name);
        const std::vector<std::size_t> c_identity = {column(names, "preset", s.name), column(names, "grid_points", s.name),
                                                     column(names, "replications", s.name)};
        for (std::size_t r = 1; r < records.size(); ++r) {
            const CsvRecord& rec = records[r];
            if (rec.fields.size() != names.size()) {
                fail(s.name, "row " + std::to_string(r + 1) + " has " + std::to_string(rec.fields.size()) + " fields, the header " +
                                 std::to_string(names.size()));
            }
            std::vector<std::string> id;
            for (const std::size_t c : c_identity) id.push_back(rec.fields[c]);
            if (!identity) {
                identity = id;
                grid_points = read_index(id[1], s.name, "grid_points");
            } else if (id != *identity) {
                fail(s.name, "row " + std::to_string(r + 1) + " belongs to a different sweep (preset, grid_points or replications differ)");
            }
            const std::size_t point = read_index(rec.fields[c_point], s.name, "point");
            claim(seen, point, s.name);
            rows.emplace_back(point, rec.raw);
        }
    }
    check_complete(seen, identity ? grid_points : 0);
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string out = header->raw;
    for (const auto& [point, raw] : rows) out += raw;
    return out;
}

}  // namespace

std::string merge_sweep_outputs(const std::vector<ShardOutput>& shards) {
    if (shards.empty()) throw ExperimentError("merge: no shard outputs given");
    const bool json = looks_like_json(shards.front().content);
    for (const ShardOutput& s : shards) {
        if (looks_like_json(s.content) != json) {
            fail(s.name, std::string("is ") + (json ? "CSV" : "JSON") + " but " + shards.front().name + " is " + (json ? "JSON" : "CSV") +
                             " (merge outputs of one format)");
        }
    }
    return json ? merge_json(shards) : merge_csv(shards);
}

}  // namespace gatetune::sim::experiment
