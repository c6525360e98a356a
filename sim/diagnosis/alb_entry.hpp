#pragma once
// One AWS ALB access log entry (Elastic Load Balancing user guide, "Access log entries"), shared
// by `gatetune diagnose` and `gatetune calibrate`: space-separated fields, some in double quotes,
// new fields only ever appended. The ones read:
//   0 type  1 time  2 elb  3 client:port  4 target:port  5 request_processing_time
//   6 target_processing_time  7 response_processing_time  8 elb_status_code  9 target_status_code
//   10 received_bytes  11 sent_bytes  12 "request"  …  21 request_creation_time  …  24 "error_reason"
// `time` is when the ALB answered the client; the processing times are -1 and target_status_code
// "-" when the target never answered — the 502s and 504s the ALB makes itself (MODEL.md §5).
// Splitting makes no copies: the fields are views into the line, so a reader can go through a
// million lines a second.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gatetune::sim::diagnosis {

inline constexpr std::size_t kAlbMinFields = 13;   // up to "request"
inline constexpr std::size_t kAlbFieldsRead = 25;  // up to "error_reason"; later ones are not split

struct AlbFields {
    std::array<std::string_view, kAlbFieldsRead> f{};  // quoted fields without their quotes (escapes as written)
    std::size_t count = 0;                              // fields found (at most kAlbFieldsRead)
    bool unclosed_quote = false;
};

// Splits `line` (no line break) into its first kAlbFieldsRead fields.
void split_alb_fields(std::string_view line, AlbFields& out);

// True when the first field is one of the entry types (http, https, h2, grpcs, ws, wss).
bool is_alb_type(std::string_view field);

// What both readers take from an entry.
struct AlbEntry {
    std::int64_t answered_at_us = 0;           // `time`, µs since the epoch
    std::int64_t start_us = 0;                 // request_creation_time, else time − latency
    std::optional<std::int64_t> latency_us;    // the three processing times, else time − request_creation_time
    int elb_status = 0;
    bool target_answered = false;              // target_status_code is not "-"
    std::string_view client;                   // client IP, without the port
    std::string_view error_reason;             // empty when "-" or absent
};

// The entry from its fields (count ≥ kAlbMinFields); nullopt with `why` (field, value, what is
// allowed) when a field is not what the format says.
std::optional<AlbEntry> parse_alb_entry(const AlbFields& fields, std::string& why);

}  // namespace gatetune::sim::diagnosis
