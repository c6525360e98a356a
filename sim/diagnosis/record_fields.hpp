#pragma once
// The fields of a per-request record and the names each is accepted under (gatetune's own among
// them: start_s, latency_s, input_tokens, output_tokens, user), and the checks that turn one row
// — a CSV line or a JSON object, as text per field — into a request or into messages.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/diagnosis/reading.hpp"

namespace gatetune::sim::diagnosis {

enum class RecordField : std::size_t { Start, Order, End, Status, Latency, LatencyMs, Error, Cause, PromptTokens, CompletionTokens, Session, Call, Count };
inline constexpr std::size_t kRecordFields = static_cast<std::size_t>(RecordField::Count);

struct FieldName {
    std::size_t field = 0;
    std::size_t rank = 0;  // position among the field's names: a lower one wins when a row has several
};
// Case-insensitive; nullopt for a name no field has.
std::optional<FieldName> record_field_of(std::string_view name);

// One row, whatever the format: per field the name it came under and its text (absent or empty: none).
struct RecordCells {
    std::array<std::string, kRecordFields> name;
    std::array<std::optional<std::string>, kRecordFields> text;
    const std::optional<std::string>& operator[](RecordField f) const { return text[static_cast<std::size_t>(f)]; }
    const std::string& name_of(RecordField f) const { return name[static_cast<std::size_t>(f)]; }
};

// The messages for what a header or a JSON object lacks (`what`: "column" or "field").
std::vector<std::string> missing_fields(const std::array<bool, kRecordFields>& have, std::string_view what);

// The request in `cells`, or nullopt after reporting each bad field at `line`.
std::optional<ReadRequest> convert_record(const RecordCells& cells, int line, FileIssues& issues);

}  // namespace gatetune::sim::diagnosis
