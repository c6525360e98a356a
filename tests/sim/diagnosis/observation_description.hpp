#pragma once
// An observation as text, one request or evidence row per line, so a test compares everything
// read with one expected string and a failure shows exactly which field differs.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "sim/diagnosis/observation.hpp"
#include "sim/report.hpp"

namespace gatetune::test {

inline std::string describe(const sim::diagnosis::Observation& o) {
    // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on "literal" + string&&.
    std::string out;
    auto add = [&out](std::initializer_list<std::string_view> pieces) {
        for (const std::string_view p : pieces) out.append(p);
    };
    auto seconds = [](const std::optional<sim::SimTime>& t) { return t ? sim::format_seconds(*t, 6) : std::string("-"); };
    auto number = [](const std::optional<int>& n) { return n ? std::to_string(*n) : std::string("-"); };
    for (const auto& q : o.requests) {
        add({"#", std::to_string(q.order), " t=", seconds(q.start), " lat=", seconds(q.latency), " ", q.status, "/",
             std::to_string(q.http_status)});
        add({" cause=", q.cause ? sim::to_string(*q.cause) : "-", " sig=", q.signature.empty() ? "-" : q.signature});
        add({" s=", q.session.value_or("-"), " c=", number(q.call), " tok=", number(q.prompt_tokens), "/", number(q.completion_tokens)});
        if (!q.error.empty()) add({" err=\"", q.error.substr(0, 40), "\""});
        add({" @", q.source, "\n"});
    }
    for (const auto& e : o.evidence) {
        add({e.signature, " x", std::to_string(e.count), " ["});
        for (std::size_t i = 0; i < e.causes.size(); ++i) add({i ? " " : "", sim::to_string(e.causes[i])});
        add({"] @", e.first_source, " \"", e.example.substr(0, 50), "\"\n"});
    }
    for (const auto& n : o.notes) add({"note: ", n, "\n"});
    return out;
}

}  // namespace gatetune::test
