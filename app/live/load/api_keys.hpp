#pragma once
// The API keys the load sends as Bearer tokens. The preset's workload.api_keys says how many
// distinct keys its callers share (round robin); the keys themselves are secrets the gateway
// created, so they come from the command line, the environment or `gatetune live`.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gatetune::live {

inline constexpr const char* kApiKeysEnv = "GATETUNE_API_KEYS";

// `given` (--api-key, repeatable) when not empty, else the comma-separated `env_value`. Throws
// LoadInputError when there is none, or a key is not a printable token (it goes into a header).
std::vector<std::string> resolve_api_keys(const std::vector<std::string>& given, const char* env_value);

// The key of the preset's key index k: keys[k mod keys.size()].
const std::string& api_key_for(const std::vector<std::string>& keys, int index);

// A sentence when fewer keys were given than the preset's callers use (so per-key limits see
// more traffic per key than the simulation); nullopt otherwise.
std::optional<std::string> api_key_shortfall(std::size_t given, int preset_keys);

}  // namespace gatetune::live
