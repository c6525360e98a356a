#include "sim/live_report.hpp"

#include <stdexcept>

#include "sim/report.hpp"

namespace gatetune::sim {

namespace {

using nlohmann::json;

// The report's keys, written and read here only.
constexpr const char* kLive = "live";
constexpr const char* kSimulated = "simulated";
constexpr const char* kComparison = "comparison";
constexpr const char* kAgrees = "agrees";
constexpr const char* kReasons = "reasons";
constexpr const char* kTimeScale = "time_scale";

const json& report_field(const json& j, const char* key) {
    if (!j.is_object() || !j.contains(key)) throw std::runtime_error(std::string("no \"") + key + "\"");
    return j.at(key);
}

}  // namespace

LiveReport LiveReport::of(const RunResult& live, const RunResult& simulated, double time_scale) {
    LiveReport r;
    r.live = report_json(live);
    r.simulated = report_json(simulated);
    r.comparison = compare_runs(simulated, live);
    r.agreement = check_agreement(r.comparison);
    r.time_scale = time_scale;
    return r;
}

json LiveReport::to_json() const {
    return {{kLive, live},
            {kSimulated, simulated},
            {kComparison, comparison_json(comparison)},
            {kAgrees, agreement.agrees},
            {kReasons, agreement.reasons},
            {kTimeScale, time_scale}};
}

LiveReport LiveReport::parse(std::string_view text) {
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) throw std::runtime_error("the live report is not valid JSON");
    try {
        LiveReport r;
        r.live = report_field(j, kLive);
        r.simulated = report_field(j, kSimulated);
        r.comparison = comparison_from_json(report_field(j, kComparison), std::string(kComparison) + ".");
        const json& agrees = report_field(j, kAgrees);
        if (!agrees.is_boolean()) throw std::runtime_error(std::string("\"") + kAgrees + "\" is not true or false");
        r.agreement.agrees = agrees.get<bool>();
        for (const json& reason : report_field(j, kReasons))
            if (reason.is_string()) r.agreement.reasons.push_back(reason.get<std::string>());
        const json& scale = report_field(j, kTimeScale);
        if (!scale.is_number()) throw std::runtime_error(std::string("\"") + kTimeScale + "\" is not a number");
        r.time_scale = scale.get<double>();
        return r;
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(std::string("the live report: ") + e.what());
    }
}

}  // namespace gatetune::sim
