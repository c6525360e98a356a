#include "sim/junit.hpp"

#include <cstdint>

namespace gatetune::sim {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence starting at s[i] whose code point XML 1.0 allows, or 0.
std::size_t valid_sequence(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (b0 < 0x80) return 1;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4;
        cp = b0 & 0x07;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    static constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinimum[len] || cp > 0x10FFFF) return 0;           // overlong or beyond Unicode
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF) return 0;  // not XML Chars
    return len;
}

std::size_t count(const std::vector<JUnitCase>& cases, JUnitOutcome o) {
    std::size_t n = 0;
    for (const JUnitCase& c : cases) n += c.outcome == o;
    return n;
}

std::string counts(std::size_t tests, std::size_t failures, std::size_t errors, std::size_t skipped) {
    return " tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) + "\" errors=\"" + std::to_string(errors) +
           "\" skipped=\"" + std::to_string(skipped) + "\"";
}

std::string attr(std::string_view name, std::string_view value) {
    std::string out = " ";
    out += name;
    out += "=\"";
    out += xml_escape(value, true);
    out += '"';
    return out;
}

void write_case(std::ostream& out, const JUnitCase& c) {
    out << "    <testcase" << attr("name", c.name) << attr("classname", c.classname);
    if (!c.file.empty()) out << attr("file", c.file);
    const bool empty = c.outcome == JUnitOutcome::Passed && c.system_out.empty();
    if (empty) {
        out << "/>\n";
        return;
    }
    out << ">\n";
    const char* element = c.outcome == JUnitOutcome::Failed ? "failure" : c.outcome == JUnitOutcome::Error ? "error" : "skipped";
    if (c.outcome != JUnitOutcome::Passed) {
        out << "      <" << element << attr("message", c.message);
        if (!c.type.empty() && c.outcome != JUnitOutcome::Skipped) out << attr("type", c.type);
        if (c.details.empty()) out << "/>\n";
        else out << ">" << xml_escape(c.details, false) << "</" << element << ">\n";
    }
    if (!c.system_out.empty()) out << "      <system-out>" << xml_escape(c.system_out, false) << "</system-out>\n";
    out << "    </testcase>\n";
}

}  // namespace

std::string xml_escape(std::string_view text, bool attribute) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        const std::size_t len = valid_sequence(text, i);
        if (len == 0) {
            out += kReplacement;
            ++i;
            continue;
        }
        if (len > 1) {
            out.append(text.substr(i, len));
            i += len;
            continue;
        }
        ++i;
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += attribute ? "&quot;" : "\""; break;
            case '\'': out += attribute ? "&apos;" : "'"; break;
            case '\n': out += attribute ? "&#10;" : "\n"; break;
            case '\r': out += "&#13;"; break;
            case '\t': out += attribute ? "&#9;" : "\t"; break;
            default:
                // The other C0 controls are not allowed in XML 1.0, not even as references.
                if (static_cast<unsigned char>(c) < 0x20) out += kReplacement;
                else out += c;
        }
    }
    return out;
}

void write_junit(std::ostream& out, std::string_view name, const std::vector<JUnitSuite>& suites) {
    std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
    for (const JUnitSuite& s : suites) {
        tests += s.cases.size();
        failures += count(s.cases, JUnitOutcome::Failed);
        errors += count(s.cases, JUnitOutcome::Error);
        skipped += count(s.cases, JUnitOutcome::Skipped);
    }
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites" << attr("name", name) << counts(tests, failures, errors, skipped) << ">\n";
    for (const JUnitSuite& s : suites) {
        out << "  <testsuite" << attr("name", s.name)
            << counts(s.cases.size(), count(s.cases, JUnitOutcome::Failed), count(s.cases, JUnitOutcome::Error),
                      count(s.cases, JUnitOutcome::Skipped));
        if (s.cases.empty()) {
            out << "/>\n";
            continue;
        }
        out << ">\n";
        for (const JUnitCase& c : s.cases) write_case(out, c);
        out << "  </testsuite>\n";
    }
    out << "</testsuites>\n";
}

}  // namespace gatetune::sim
