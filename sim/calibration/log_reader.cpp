// Block-wise reading: each block is scanned for complete lines, which are parsed in place (JSON
// through simdjson's on-demand parser, which needs no copy of the line and no tree), and the
// tail of an incomplete line moves to the front for the next block.
#include "sim/calibration/log_reader.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>

#include <simdjson.h>

#include "sim/calibration/log_fields.hpp"
#include "sim/diagnosis/alb_entry.hpp"
#include "sim/diagnosis/sniff.hpp"
#include "sim/csv_reader.hpp"
#include "sim/trim.hpp"

namespace gatetune::sim::calibration {
namespace {

namespace dx = diagnosis;

constexpr std::size_t kBlock = 4u << 20;
constexpr std::array<std::string_view, 6> kFormatNames{"auto", "jsonl", "csv", "k6", "alb", "usage-table"};
constexpr std::string_view kK6Duration = "http_req_duration";

// Per file: a few distinct keys, looked up on every line; the alias tables are searched once per key.
class FieldCache {
public:
    const FieldUnit& operator()(std::string_view key) {
        for (const auto& [k, f] : entries_) {
            if (k == key) return f;
        }
        entries_.emplace_back(std::string(key), log_field_of(key));
        return entries_.back().second;
    }

private:
    std::vector<std::pair<std::string, FieldUnit>> entries_;
};

class LineParser {
public:
    LineParser(std::string name, LogFormat format, const RecordSink& sink, ReadStats& stats)
        : name_(std::move(name)), format_(format), sink_(sink), stats_(stats) {}

    LogFormat format() const { return format_; }

    // `line` is followed in memory by at least `padding` readable bytes (simdjson reads ahead).
    void parse(std::string_view line, std::int64_t number, std::size_t padding) {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const std::string_view t = trim(line, " \t");
        if (t.empty()) return;
        if (format_ == LogFormat::Auto) {
            if (t.starts_with('#')) return;  // a comment above a CSV header
            format_ = sniff(t);
            if (format_ == LogFormat::Auto) {
                throw std::runtime_error(name_ + ":" + std::to_string(number) + ": unrecognised format: \"" +
                                         std::string(t.substr(0, 60)) +
                                         "\" is none of JSON Lines, CSV with a header, k6 JSON output or an ALB access log (or give --input-format " +
                                         std::string(kLogFormatNames) + ")");
            }
        }
        switch (format_) {
            case LogFormat::Csv: return csv(t, number);
            case LogFormat::Alb: return alb(t, number);
            case LogFormat::K6: return json(line, number, padding, true);
            default: return json(line, number, padding, false);
        }
    }

private:
    static LogFormat sniff(std::string_view first) {
        if (first.starts_with('{')) {
            const bool k6 = first.find("\"metric\"") != std::string_view::npos && first.find("\"type\"") != std::string_view::npos;
            return k6 ? LogFormat::K6 : LogFormat::JsonLines;
        }
        if (dx::looks_like_alb_entry(first)) return LogFormat::Alb;  // before CSV: a user agent may hold commas
        if (first.find(',') != std::string_view::npos) return LogFormat::Csv;
        return LogFormat::Auto;
    }

    void bad(std::int64_t number, std::string message) {
        ++stats_.bad;
        if (stats_.first_bad.size() < kMaxInputIssues) stats_.first_bad.push_back({name_, static_cast<int>(number), std::move(message)});
    }

    void emit(LogRecord& r, std::int64_t number, bool has_status, bool has_usage) {
        if (!has_status) {
            if (!has_usage) return bad(number, "status: missing (allowed: an HTTP status such as 200 or 429, or a client error)");
            r.status = "200";  // an API response body with its usage: it succeeded
            r.http_status = 200;
        }
        r.line = number;
        ++stats_.records;
        sink_(r);
    }

    // ---- CSV
    void csv(std::string_view line, std::int64_t number) {
        if (line.starts_with('#')) return;
        ++stats_.lines;
        const CsvDocument doc = read_csv(line);
        if (doc.records.empty()) return;
        const std::vector<std::string>& cells = doc.records.front().fields;
        if (columns_.empty() && !header_done_) {
            header_done_ = true;
            bool any = false;
            for (const std::string& c : cells) {
                columns_.push_back(log_field_of(trim(c, " \t\"")));
                any |= columns_.back().field != LogField::None;
            }
            --stats_.lines;
            if (!any) throw std::runtime_error(name_ + ":" + std::to_string(number) + ": the header names no known column (expected start, status, latency or latency_ms, ttft, prompt_tokens, completion_tokens, model, session)");
            return;
        }
        if (doc.unclosed_quote) return bad(number, "a quoted field is not closed (quoted line breaks are not supported in logs)");
        if (cells.size() != columns_.size()) {
            return bad(number, "expected " + std::to_string(columns_.size()) + " fields (as in the header), got " + std::to_string(cells.size()));
        }
        LogRecord r;
        bool has_status = false;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const std::string_view v = trim(cells[i], " \t");
            if (v.empty() || columns_[i].field == LogField::None) continue;
            if (columns_[i].field == LogField::Session && v == "-1") continue;  // gatetune run: open-loop arrivals have user -1
            std::string why;
            if (!set_log_field(r, columns_[i], v, why)) return bad(number, "column " + std::to_string(i + 1) + ": \"" + std::string(v.substr(0, 40)) + "\" " + why);
            has_status |= columns_[i].field == LogField::Status;
        }
        emit(r, number, has_status, false);
    }

    // ---- AWS ALB access logs (sim/diagnosis/alb_entry.hpp): the ALB's view of each request —
    // start (request_creation_time), latency (the three processing times) and the status the
    // client got (elb_status_code). No tokens, TTFT or model: those come from other logs.
    void alb(std::string_view line, std::int64_t number) {
        ++stats_.lines;
        dx::split_alb_fields(line, alb_fields_);
        if (alb_fields_.unclosed_quote) return bad(number, "a quoted field is not closed (allowed: \"…\" with \\\" for a quote inside)");
        if (!dx::is_alb_type(alb_fields_.f[0])) {
            return bad(number, "not an ALB access log entry: type \"" + std::string(alb_fields_.f[0].substr(0, 20)) +
                                   "\" (allowed: http, https, h2, grpcs, ws or wss; one format per file)");
        }
        if (alb_fields_.count < dx::kAlbMinFields) {
            return bad(number, "an ALB entry with " + std::to_string(alb_fields_.count) + " fields (allowed: at least 13, up to \"request\")");
        }
        std::string why;
        const auto e = dx::parse_alb_entry(alb_fields_, why);
        if (!e) return bad(number, std::move(why));
        LogRecord r;
        r.start_us = e->start_us;
        r.latency_us = e->latency_us;
        r.http_status = e->elb_status;
        r.status = std::to_string(e->elb_status);
        emit(r, number, true, false);
    }

    // ---- JSON Lines and k6
    bool json_value(LogRecord& r, const FieldUnit& f, simdjson::ondemand::value value, std::string& why) {
        simdjson::ondemand::json_type type;
        if (value.type().get(type)) {
            why = "is not valid JSON";
            return false;
        }
        switch (type) {
            case simdjson::ondemand::json_type::number: {
                double d = 0;
                if (value.get_double().get(d)) {
                    why = "is not a number";
                    return false;
                }
                return set_log_number(r, f, d, why);
            }
            case simdjson::ondemand::json_type::string: {
                std::string_view s;
                if (value.get_string().get(s)) {
                    why = "is not a valid string";
                    return false;
                }
                return s.empty() || set_log_field(r, f, s, why);
            }
            default: return true;  // null, booleans: no value
        }
    }

    void json(std::string_view line, std::int64_t number, std::size_t padding, bool k6) {
        ++stats_.lines;
        simdjson::padded_string_view text(line.data(), line.size(), line.size() + padding);
        simdjson::ondemand::document doc;
        simdjson::ondemand::object obj;
        if (parser_.iterate(text).get(doc) || doc.get_object().get(obj)) return bad(number, "not a JSON object");
        LogRecord r;
        bool has_status = false;
        bool has_usage = false;
        // k6 writes "data" before "metric", and an on-demand parse cannot go back: tell the kind
        // of line from its text first.
        const bool is_point = k6 && line.find("\"Point\"") != std::string_view::npos;
        const bool is_duration = k6 && line.find("\"http_req_duration\"") != std::string_view::npos;
        for (auto field : obj) {
            std::string_view key;
            if (field.unescaped_key().get(key)) return bad(number, "not valid JSON (a key)");
            if (k6) {
                if (key == "data" && is_point && is_duration) {
                    simdjson::ondemand::object data;
                    if (field.value().get_object().get(data)) return bad(number, "k6: data is not an object");
                    if (!k6_data(data, r, number, has_status)) return;
                }
                continue;
            }
            const FieldUnit& f = cache_(key);
            if (f.field == LogField::None) continue;
            if (f.field == LogField::Usage) {
                simdjson::ondemand::object usage;
                if (field.value().get_object().get(usage)) return bad(number, "usage: expected an object with prompt_tokens and completion_tokens");
                has_usage = true;
                for (auto u : usage) {
                    std::string_view ukey;
                    if (u.unescaped_key().get(ukey)) return bad(number, "not valid JSON (a key in usage)");
                    const FieldUnit& uf = cache_(ukey);
                    if (uf.field != LogField::PromptTokens && uf.field != LogField::CompletionTokens) continue;
                    std::string why;
                    if (!json_value(r, uf, u.value(), why)) return bad(number, "usage." + std::string(ukey) + " " + why);
                }
                continue;
            }
            std::string why;
            if (!json_value(r, f, field.value(), why)) return bad(number, std::string(key) + ": " + why);
            has_status |= f.field == LogField::Status;
        }
        if (k6) {
            if (!(is_point && is_duration)) {
                ++stats_.skipped;
                return;
            }
            if (!has_status) return bad(number, "k6: a " + std::string(kK6Duration) + " point without a status tag");
        }
        emit(r, number, has_status || k6, has_usage);
    }

    // k6's point: {"time": "…", "value": ms, "tags": {"status": "200", …}}
    bool k6_data(simdjson::ondemand::object data, LogRecord& r, std::int64_t number, bool& has_status) {
        for (auto field : data) {
            std::string_view key;
            if (field.unescaped_key().get(key)) {
                bad(number, "not valid JSON (a key in data)");
                return false;
            }
            std::string why;
            if (key == "time") {
                if (!json_value(r, {LogField::Start, 1.0}, field.value(), why)) return bad(number, "k6: time " + why), false;
            } else if (key == "value") {
                if (!json_value(r, {LogField::Latency, 1e3}, field.value(), why)) return bad(number, "k6: value " + why), false;
            } else if (key == "tags") {
                simdjson::ondemand::object tags;
                if (field.value().get_object().get(tags)) return bad(number, "k6: tags is not an object"), false;
                for (auto tag : tags) {
                    std::string_view tkey;
                    if (tag.unescaped_key().get(tkey)) return bad(number, "not valid JSON (a tag)"), false;
                    if (tkey == "status") {
                        if (!json_value(r, {LogField::Status, 1.0}, tag.value(), why)) return bad(number, "k6: status " + why), false;
                        has_status = true;
                    } else if (tkey == "vu" || tkey == "model") {
                        if (!json_value(r, {tkey == "vu" ? LogField::Session : LogField::Model, 1.0}, tag.value(), why)) return bad(number, "k6: " + std::string(tkey) + " " + why), false;
                    }
                }
            }
        }
        return true;
    }

    std::string name_;
    LogFormat format_;
    const RecordSink& sink_;
    ReadStats& stats_;
    simdjson::ondemand::parser parser_;
    FieldCache cache_;
    std::vector<FieldUnit> columns_;
    bool header_done_ = false;
    dx::AlbFields alb_fields_;
};

// Splits `buf[0, size)` into lines, parses the complete ones and returns where the incomplete
// tail starts. `last` treats the end as a line end.
std::size_t parse_lines(const char* buf, std::size_t size, std::size_t capacity, bool last, LineParser& p, std::int64_t& number) {
    std::size_t pos = 0;
    while (pos < size) {
        const void* nl = std::memchr(buf + pos, '\n', size - pos);
        if (!nl && !last) break;
        const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - buf) : size;
        ++number;
        p.parse(std::string_view(buf + pos, end - pos), number, capacity - end);
        pos = nl ? end + 1 : size;
    }
    return pos;
}

void check_start(std::string_view head, const std::string& name) {
    if (head.starts_with("\x1f\x8b")) throw std::runtime_error(name + ": a gzip-compressed file (decompress it first, e.g. gunzip)");
    if (head.starts_with("SQLite format 3")) {
        throw std::runtime_error(name + ": a SQLite database, not a log file (gatetune calibrate reads the gateway's database itself: give its path as a LOGS argument)");
    }
}

}  // namespace

std::string_view to_string(LogFormat f) { return kFormatNames[static_cast<std::size_t>(f)]; }

bool parse_log_format(std::string_view name, LogFormat& out) {
    for (std::size_t i = 0; i < static_cast<std::size_t>(LogFormat::UsageTable); ++i) {
        if (kFormatNames[i] == name) {
            out = static_cast<LogFormat>(i);
            return true;
        }
    }
    return false;
}

namespace {

// Reads blocks from `next` (which fills up to n bytes at the pointer and returns how many; 0 at
// the end) into one padded buffer and parses the complete lines of each: memory is one block
// whatever the size of the input.
template <class Next>
void read_blocks(const std::string& name, LineParser& p, Next next, const std::function<void(std::uint64_t)>& after_block) {
    const std::size_t capacity = kBlock + simdjson::SIMDJSON_PADDING;
    std::unique_ptr<char[]> buf(new char[capacity]);
    std::size_t held = 0;
    std::int64_t number = 0;
    bool first = true;
    while (true) {
        if (held == kBlock) {
            throw std::runtime_error(name + ":" + std::to_string(number + 1) + ": a line longer than " + std::to_string(kBlock >> 20) + " MiB");
        }
        const std::size_t got = next(buf.get() + held, kBlock - held);
        const std::size_t size = held + got;
        std::memset(buf.get() + size, 0, simdjson::SIMDJSON_PADDING);
        std::size_t offset = 0;
        if (first) {
            first = false;
            check_start(std::string_view(buf.get(), size), name);
            if (std::string_view(buf.get(), size).starts_with("\xEF\xBB\xBF")) offset = 3;
        }
        const bool last = got == 0;
        const std::size_t used = offset + parse_lines(buf.get() + offset, size - offset, capacity - offset, last, p, number);
        if (after_block) after_block(got);
        if (last) break;
        held = size - used;
        std::memmove(buf.get(), buf.get() + used, held);
    }
}

}  // namespace

ReadStats read_log_text(std::string_view text, const std::string& name, LogFormat format, const RecordSink& sink) {
    ReadStats stats;
    LineParser p(name, format, sink, stats);
    std::size_t pos = 0;
    read_blocks(name, p, [&](char* to, std::size_t n) {
        const std::size_t k = std::min(n, text.size() - pos);
        std::memcpy(to, text.data() + pos, k);
        pos += k;
        return k;
    }, {});
    stats.format = p.format();
    if (stats.lines == 0) throw std::runtime_error(name + ": empty log (no request lines)");
    return stats;
}

ReadStats read_log_file(const std::string& path, LogFormat format, const RecordSink& sink,
                        const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) throw std::runtime_error(path + ": cannot open the file");
    std::fseek(f.get(), 0, SEEK_END);
    const long total = std::ftell(f.get());
    std::fseek(f.get(), 0, SEEK_SET);
    ReadStats stats;
    LineParser p(path, format, sink, stats);
    std::uint64_t read_total = 0;
    read_blocks(path, p, [&](char* to, std::size_t n) {
        // fread until the block is full or the file ends, so that 0 means the end.
        std::size_t got = 0;
        while (got < n) {
            const std::size_t k = std::fread(to + got, 1, n - got, f.get());
            if (k == 0) {
                if (std::ferror(f.get())) throw std::runtime_error(path + ": cannot read the file");
                break;
            }
            got += k;
        }
        return got;
    }, [&](std::uint64_t got) {
        read_total += got;
        if (progress) progress(read_total, total > 0 ? static_cast<std::uint64_t>(total) : 0);
    });
    stats.format = p.format();
    if (stats.lines == 0) throw std::runtime_error(path + ": empty log (no request lines)");
    return stats;
}

}  // namespace gatetune::sim::calibration
