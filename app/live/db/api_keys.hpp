#pragma once
// API keys: random 192-bit tokens ("gt-" + 48 hex digits) of which only a public prefix and a
// salted SHA-256 are stored; checked in constant time. A key is shown once, when created.
#include <optional>
#include <string>
#include <string_view>

#include "app/live/db/gateway_store.hpp"

namespace gatetune::live {

inline constexpr std::size_t kKeyPrefixLength = 12;  // "gt-" + 9 hex digits

struct CreatedKey {
    std::string key;  // the only time the plaintext exists
    ApiKeyRow row;
};

// New random key with its salt and hash (not yet stored). Throws std::runtime_error if the
// system's random source fails.
CreatedKey make_key(std::string_view name);
// Stores a new key (and its upstream private key) and returns it.
CreatedKey add_key(GatewayStore& db, std::string_view name);

// The prefix of a presented key, or nullopt when it cannot be one of ours.
std::optional<std::string> key_prefix(std::string_view presented);
// True when `presented` hashes (with the row's salt) to the row's hash — in constant time.
bool key_matches(const ApiKeyRow& row, std::string_view presented);
// "Bearer <token>" → token; nullopt when absent or malformed.
std::optional<std::string_view> bearer_token(std::string_view authorization);

}  // namespace gatetune::live
