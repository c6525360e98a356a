#include "ui/live_report.hpp"

#include <stdexcept>

namespace gatetune::ui {

namespace {

using nlohmann::json;

const json& field(const json& j, const char* key, const std::string& where) {
    if (!j.is_object() || !j.contains(key)) throw std::runtime_error("the live report has no \"" + where + key + "\"");
    return j.at(key);
}

double number(const json& j, const char* key, const std::string& where) {
    const json& v = field(j, key, where);
    if (!v.is_number()) throw std::runtime_error("\"" + where + key + "\" in the live report is not a number");
    return v.get<double>();
}

std::vector<sim::ComparedValue> values(const json& c, const char* key) {
    const json& list = field(c, key, "comparison.");
    if (!list.is_array()) throw std::runtime_error(std::string("\"comparison.") + key + "\" in the live report is not a list");
    std::vector<sim::ComparedValue> out;
    const std::string where = std::string("comparison.") + key + "[].";
    for (const json& v : list) {
        const json& name = field(v, "name", where);
        out.push_back({name.is_string() ? name.get<std::string>() : name.dump(), number(v, "left", where), number(v, "right", where)});
    }
    return out;
}

void side(const json& c, const char* key, std::string& label, std::uint64_t& requests, double& error_rate) {
    const std::string where = std::string("comparison.") + key + ".";
    const json& s = field(c, key, "comparison.");
    const json& l = field(s, "label", where);
    label = l.is_string() ? l.get<std::string>() : key;
    requests = static_cast<std::uint64_t>(number(s, "requests", where));
    error_rate = number(s, "error_rate", where);
}

}  // namespace

LiveReport parse_live_report(const std::string& text) {
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) throw std::runtime_error("the live report is not valid JSON");
    LiveReport r;
    r.live = field(j, "live", "");
    r.simulated = field(j, "simulated", "");
    const json& c = field(j, "comparison", "");
    side(c, "left", r.comparison.left_label, r.comparison.left_requests, r.comparison.left_error_rate);
    side(c, "right", r.comparison.right_label, r.comparison.right_requests, r.comparison.right_error_rate);
    r.comparison.by_status = values(c, "by_status");
    r.comparison.by_cause = values(c, "by_cause");
    r.comparison.latency = values(c, "latency_s");
    const json& agrees = field(j, "agrees", "");
    if (!agrees.is_boolean()) throw std::runtime_error("\"agrees\" in the live report is not true or false");
    r.agreement.agrees = agrees.get<bool>();
    for (const json& reason : field(j, "reasons", ""))
        if (reason.is_string()) r.agreement.reasons.push_back(reason.get<std::string>());
    r.timeScale = number(j, "time_scale", "");
    return r;
}

}  // namespace gatetune::ui
