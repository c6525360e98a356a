#include "app/live/db/api_keys.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cctype>
#include <stdexcept>

namespace gatetune::live {

namespace {

std::vector<unsigned char> random_bytes(std::size_t n) {
    std::vector<unsigned char> out(n);
    if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) throw std::runtime_error("the system's random source failed");
    return out;
}

std::string hex(const std::vector<unsigned char>& bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    for (unsigned char b : bytes) {
        s += digits[b >> 4];
        s += digits[b & 15];
    }
    return s;
}

std::vector<unsigned char> salted_hash(const std::vector<unsigned char>& salt, std::string_view key) {
    std::vector<unsigned char> out(32);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    unsigned int len = 0;
    const bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
                    EVP_DigestUpdate(ctx, salt.data(), salt.size()) == 1 && EVP_DigestUpdate(ctx, key.data(), key.size()) == 1 &&
                    EVP_DigestFinal_ex(ctx, out.data(), &len) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok || len != out.size()) throw std::runtime_error("SHA-256 failed");
    return out;
}

bool is_hex(std::string_view s) {
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace

CreatedKey make_key(std::string_view name) {
    CreatedKey k;
    k.key = "gt-" + hex(random_bytes(24));
    k.row.name = std::string(name);
    k.row.prefix = k.key.substr(0, kKeyPrefixLength);
    k.row.salt = random_bytes(16);
    k.row.hash = salted_hash(k.row.salt, k.key);
    return k;
}

CreatedKey add_key(GatewayStore& db, std::string_view name) {
    CreatedKey k = make_key(name);
    k.row.id = db.insert_key(k.row, random_bytes(32));
    return k;
}

std::optional<std::string> key_prefix(std::string_view presented) {
    if (presented.size() != 3 + 48 || !presented.starts_with("gt-") || !is_hex(presented.substr(3))) return std::nullopt;
    return std::string(presented.substr(0, kKeyPrefixLength));
}

bool key_matches(const ApiKeyRow& row, std::string_view presented) {
    const std::vector<unsigned char> h = salted_hash(row.salt, presented);
    return row.hash.size() == h.size() && CRYPTO_memcmp(h.data(), row.hash.data(), h.size()) == 0;
}

std::optional<std::string_view> bearer_token(std::string_view authorization) {
    constexpr std::string_view scheme = "Bearer ";
    if (authorization.size() <= scheme.size()) return std::nullopt;
    for (std::size_t i = 0; i < scheme.size(); ++i)  // the scheme is case-insensitive (RFC 9110)
        if (std::tolower(static_cast<unsigned char>(authorization[i])) != std::tolower(static_cast<unsigned char>(scheme[i])))
            return std::nullopt;
    std::string_view token = authorization.substr(scheme.size());
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    if (token.empty()) return std::nullopt;
    return token;
}

}  // namespace gatetune::live
