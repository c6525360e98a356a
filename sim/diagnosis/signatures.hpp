#pragma once
// The signature table: every log line or error text Gatetune recognises, the model causes it
// points to, and what it means. One table, read by code, used twice — to count evidence in server
// logs and to give an observed request its cause from its error text. Adding a recognised message
// is a row in signatures.cpp.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/diagnosis/observation.hpp"
#include "sim/outcome.hpp"

namespace gatetune::sim::diagnosis {

// Where a signature's text is found decides what it means: `ReadTimeout` in the gateway's log
// is its own upstream call timing out; in the error of a request that got no response it is the
// client's own timeout. A row says where it applies (bits, any combination).
enum SignatureWhere : std::uint8_t {
    kInLog = 1,             // a line of the server's logs (gunicorn, uvicorn, the app's tracebacks)
    kInServerError = 2,     // the error text of a request a response came back for (the gateway's exception)
    kInClientError = 4,     // the error text of a request no response came back for (the client's exception)
    kFromLoadBalancer = 8,  // an ALB access log entry, classified by its fields (never matched as text)
};

struct Signature {
    std::string_view id;
    std::uint8_t where = 0;                // SignatureWhere bits
    std::vector<std::string_view> all_of;  // every one must occur in the text (case-sensitive)
    std::vector<std::string_view> any_of;  // and at least one of these, when given
    std::vector<Cause> causes;             // empty: an event, not a failure (worker boot, restart)
    std::string_view meaning;              // one line for people
};

// In table order: more specific rows before the general ones they would also match.
const std::vector<Signature>& signature_table();
const Signature* find_signature(std::string_view id);

// The first kInLog row the line matches (nullptr: none).
const Signature* match_log_line(std::string_view line);
// The first row its text matches among those for where the error came from: kInServerError when
// a response came back (the gateway's exception in its body), kInClientError when none did.
const Signature* match_error_text(std::string_view text, bool response_came_back);
// The cause when the signature points to exactly one (a request's cause is never a guess).
std::optional<Cause> single_cause(const Signature& s);
// Gives a request read from any source the signature its error text matches, and the cause it
// names when the request has none yet (a `cause` column wins over the text).
void classify_error_text(ObservedRequest& q);

// Occurrences per signature, with the first one's place and text. (The server log reader counts
// a signature once per log record: a traceback with its chained exceptions is one event.)
class EvidenceTally {
public:
    void count(const Signature& s, const std::string& source, std::string_view line);
    // Sums `other` into this one; first occurrences stay this tally's when it has them.
    void merge(const EvidenceTally& other);
    bool empty() const noexcept { return by_row_.empty(); }
    std::uint64_t total() const;
    // In signature-table order.
    std::vector<LogEvidence> evidence() const;

private:
    std::map<std::size_t, LogEvidence> by_row_;  // keyed by row index in the table
};

}  // namespace gatetune::sim::diagnosis
