#pragma once
// JUnit XML, the test-report format GitHub (via report actions), GitLab (artifacts:reports:junit)
// and Jenkins (junit step) all render: <testsuites> of <testsuite>s of <testcase>s, each passed,
// failed (<failure>: an expectation not met), errored (<error>: could not be checked) or skipped.
// Every text is escaped for XML 1.0, including characters XML cannot carry at all (control
// characters, broken UTF-8), which become U+FFFD — a report must always parse. No timestamps or
// durations are written, so the same results give the same bytes.
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace gatetune::sim {

enum class JUnitOutcome { Passed, Failed, Error, Skipped };

struct JUnitCase {
    std::string name;        // "slo.p99"
    std::string classname;   // the group it belongs to, e.g. the preset
    std::string file;        // optional: the source file (GitHub annotations use it)
    JUnitOutcome outcome = JUnitOutcome::Passed;
    std::string message;     // one line: what failed, with the measured value and the limit
    std::string type;        // failure/error type, e.g. "slo", "validation"
    std::string details;     // element text: the full story, several lines
    std::string system_out;  // optional notes for passed cases too (e.g. warnings)
};

struct JUnitSuite {
    std::string name;
    std::vector<JUnitCase> cases;
};

void write_junit(std::ostream& out, std::string_view name, const std::vector<JUnitSuite>& suites);

// Text safe inside an XML 1.0 element (attribute = false) or a double-quoted attribute (true):
// & < > escaped, and " ' plus tab/line breaks as character references in attributes (so a
// multi-line message survives attribute-value normalisation).
std::string xml_escape(std::string_view text, bool attribute);

}  // namespace gatetune::sim
