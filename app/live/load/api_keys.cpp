#include "app/live/load/api_keys.hpp"

#include "app/live/load/load_target.hpp"
#include "sim/trim.hpp"

namespace gatetune::live {
namespace {

using sim::trim;

void check_key(std::string_view key, std::size_t position) {
    for (const char c : key) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)
            throw LoadInputError("API key " + std::to_string(position) +
                                 " contains a space or control character (allowed: printable ASCII without spaces)");
    }
}

}  // namespace

std::vector<std::string> resolve_api_keys(const std::vector<std::string>& given, const char* env_value) {
    std::vector<std::string> keys;
    if (!given.empty()) {
        for (const auto& k : given) keys.emplace_back(trim(k));
    } else if (env_value) {
        std::string_view rest = env_value;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const std::string_view key = trim(rest.substr(0, comma));
            if (!key.empty()) keys.emplace_back(key);
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
    }
    if (keys.empty())
        throw LoadInputError(std::string("no API key: pass --api-key KEY (repeatable) or set ") + kApiKeysEnv +
                             "=key1,key2 (keys are created with `gatetune keys add`)");
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i].empty()) throw LoadInputError("API key " + std::to_string(i + 1) + " is empty");
        check_key(keys[i], i + 1);
    }
    return keys;
}

const std::string& api_key_for(const std::vector<std::string>& keys, int index) {
    const auto n = keys.size();
    return keys[static_cast<std::size_t>(index < 0 ? 0 : index) % n];
}

std::optional<std::string> api_key_shortfall(std::size_t given, int preset_keys) {
    if (preset_keys <= 0 || given >= static_cast<std::size_t>(preset_keys)) return std::nullopt;
    return "the preset's callers share " + std::to_string(preset_keys) + " API keys but " + std::to_string(given) +
           (given == 1 ? " was" : " were") + " given: key k uses key k mod " + std::to_string(given) +
           ", so per-key rate limits see more traffic per key than in the simulation";
}

}  // namespace gatetune::live
