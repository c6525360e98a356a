#pragma once
// Which request field a column or JSON key of a log feeds, and in which unit. The names of
// `gatetune diagnose` (start, status, latency, latency_ms, prompt_tokens, …) plus the ones only
// calibration needs: time to first token, model, and microsecond columns (the live gateway's
// started_at_us, latency_us, ttft_us).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/calibration/log_record.hpp"

namespace gatetune::sim::calibration {

enum class LogField : std::uint8_t { None, Start, StartUs, Status, Latency, Ttft, PromptTokens, CompletionTokens, Model, Session, Usage };

struct FieldUnit {
    LogField field = LogField::None;
    double us_per_unit = 1e6;  // durations: seconds 1e6, milliseconds 1e3, microseconds 1
};

// Case-insensitive; None for a name no field has. `usage` is the OpenAI response's token object.
FieldUnit log_field_of(std::string_view name);

// Sets the field of `r` from its text; false when the text is not a value of that field
// (`why` then says what is allowed).
bool set_log_field(LogRecord& r, const FieldUnit& f, std::string_view text, std::string& why);
// The same for a number (JSON): no text round trip on the hot path.
bool set_log_number(LogRecord& r, const FieldUnit& f, double value, std::string& why);

}  // namespace gatetune::sim::calibration
