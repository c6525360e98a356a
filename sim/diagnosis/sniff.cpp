#include "sim/diagnosis/sniff.hpp"

#include "sim/diagnosis/alb_entry.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/diagnosis/reading.hpp"
#include "sim/diagnosis/signatures.hpp"
#include "sim/diagnosis/timestamp.hpp"
#include "sim/trim.hpp"

namespace gatetune::sim::diagnosis {
namespace {

constexpr std::array<std::string_view, 6> kUvicornLevels{"TRACE:", "DEBUG:", "INFO:", "WARNING:", "ERROR:", "CRITICAL:"};
// Beyond these many lines a log is assumed to hold no known line (a log's first failure may come late).
constexpr int kSniffLines = 100'000;

std::string extension_of(std::string_view name) {
    const auto slash = name.find_last_of("/\\");
    const std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
    const auto dot = base.rfind('.');
    if (dot == std::string_view::npos) return "";
    std::string ext(base.substr(dot + 1));
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

// gunicorn's error log format: "[2024-05-01 12:00:00 +0000] [123] [CRITICAL] …" (glogging.py).
bool looks_like_gunicorn_line(std::string_view line) {
    if (!line.starts_with('[')) return false;
    const auto close = line.find(']');
    if (close == std::string_view::npos || !parse_iso_time(line.substr(1, close - 1))) return false;
    const std::string_view rest = line.substr(close + 1);
    return rest.starts_with(" [") && rest.find("] [") != std::string_view::npos;
}

// uvicorn's default format: the level name, a colon and padding (uvicorn/logging.py "levelprefix").
bool looks_like_uvicorn_line(std::string_view line) {
    return std::any_of(kUvicornLevels.begin(), kUvicornLevels.end(),
                       [&](std::string_view level) { return line.starts_with(level) && line.size() > level.size() && line[level.size()] == ' '; });
}

bool looks_like_records_header(std::string_view line) {
    std::size_t known = 0;
    std::size_t cells = 0;
    while (true) {
        const auto comma = line.find(',');
        ++cells;
        if (is_record_field_name(trim(line.substr(0, comma), " \t\r\""))) ++known;
        if (comma == std::string_view::npos) break;
        line.remove_prefix(comma + 1);
    }
    return cells >= 2 && known >= 2;
}

std::string_view first_line(std::string_view text) {
    const auto start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return {};
    text.remove_prefix(start);
    return trim(text.substr(0, text.find('\n')), " \t\r");
}

// Which server log a text is, from the first kind of line found in it; Auto when none is.
ObservationFormat sniff_log(std::string_view text) {
    bool python = false;
    ObservationFormat found = ObservationFormat::Auto;
    for_each_line(text, [&](int number, std::string_view raw) {
        const std::string_view line = trim(raw, " \t");
        if (looks_like_gunicorn_line(line)) found = ObservationFormat::GunicornLog;
        else if (looks_like_uvicorn_line(line)) found = ObservationFormat::UvicornLog;
        python |= line.starts_with("Traceback (most recent call last):") || match_log_line(line) != nullptr;
        return found == ObservationFormat::Auto && number < kSniffLines;
    });
    if (found == ObservationFormat::Auto && python) found = ObservationFormat::PythonLog;
    return found;
}

}  // namespace

bool looks_like_alb_entry(std::string_view line) {
    const auto space = line.find(' ');
    if (space == std::string_view::npos) return false;
    if (!is_alb_type(line.substr(0, space))) return false;
    const std::string_view rest = line.substr(space + 1);
    return parse_iso_time(rest.substr(0, rest.find(' '))).has_value();
}

bool is_k6_object(const nlohmann::json& o) {
    if (!o.is_object() || !o.contains("metric") || !o.contains("data")) return false;
    const auto type = o.find("type");
    return type != o.end() && (*type == "Point" || *type == "Metric");
}

bool looks_like_k6_line(std::string_view line) {
    return line.starts_with('{') && line.find("\"metric\"") != std::string_view::npos && is_k6_object(nlohmann::json::parse(line, nullptr, false));
}

bool looks_like_json_start(std::string_view line) {
    // "[" also opens gunicorn's "[2024-05-01 12:00:00 +0000] [7] [INFO] …": an array opens on a line
    // of its own, with its first element, or is the whole line.
    if (line.starts_with('{')) return true;
    if (!line.starts_with('[')) return false;
    const std::string_view rest = trim(line.substr(1), " \t\r");
    return rest.empty() || rest.starts_with('{') || rest.starts_with(']') || nlohmann::json::accept(line);
}

bool looks_like_other_format_line(std::string_view line) { return looks_like_k6_line(line) || looks_like_alb_entry(line); }

std::string_view other_format_name(std::string_view line) { return looks_like_k6_line(line) ? "k6 output" : "an ALB access log"; }

ObservationFormat sniff_observation_format(std::string_view text, std::string_view name) {
    const std::string ext = extension_of(name);
    const std::string_view first = first_line(text);
    if (looks_like_json_start(first)) return looks_like_k6_line(first) ? ObservationFormat::K6 : ObservationFormat::Records;
    if (looks_like_alb_entry(first)) return ObservationFormat::AlbLog;
    if (ext == "jtl" || (first.find("timeStamp") != std::string_view::npos && first.find("elapsed") != std::string_view::npos)) {
        return ObservationFormat::Jtl;
    }
    if (looks_like_records_header(first)) return ObservationFormat::Records;
    if (const ObservationFormat log = sniff_log(text); log != ObservationFormat::Auto) return log;
    // A log without any known line is still a log: its reader says that nothing in it is recognised.
    if (ext == "log" || ext == "txt" || ext == "err" || ext == "out") return ObservationFormat::PythonLog;
    if (ext == "csv") return ObservationFormat::Records;
    return ObservationFormat::Auto;
}

}  // namespace gatetune::sim::diagnosis
