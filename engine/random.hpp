#pragma once
// Seeded random numbers for the simulation.
//
// Rng is xoshiro256** (Blackman & Vigna): small state, fast, and its output is defined bit for bit,
// unlike std::mt19937 + std::*_distribution whose results differ between standard libraries.
// RngStreams derives one independent Rng per named consumer from a single master seed, so adding
// a component (and its stream) never shifts the numbers another component sees.

#include "engine/wide_mul.hpp"

#include <array>
#include <bit>
#include <cstdint>
#include <string_view>

namespace gatetune::engine {

// SplitMix64 finaliser: a bijective 64-bit mixer (every input bit affects every output bit).
constexpr std::uint64_t splitmix64_mix(std::uint64_t z) noexcept {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// One step of the SplitMix64 generator: advances `state` and returns the next output.
constexpr std::uint64_t splitmix64_next(std::uint64_t& state) noexcept {
    state += 0x9e3779b97f4a7c15ull;
    return splitmix64_mix(state);
}

// FNV-1a, 64-bit: a stable, platform-independent hash of a stream name.
constexpr std::uint64_t fnv1a64(std::string_view bytes,
                                std::uint64_t hash = 0xcbf29ce484222325ull) noexcept {
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ull;
    }
    return hash;
}

class Rng {
public:
    using State = std::array<std::uint64_t, 4>;

    // The four state words are consecutive SplitMix64 outputs, as the xoshiro authors recommend;
    // they can never be all zero because SplitMix64's output function is a bijection.
    explicit constexpr Rng(std::uint64_t seed) noexcept {
        for (auto& word : s_) word = splitmix64_next(seed);
    }

    // For reproducing reference vectors and for checkpoints. The state must not be all zero.
    static constexpr Rng from_state(const State& state) noexcept { return Rng(state); }
    constexpr const State& state() const noexcept { return s_; }

    constexpr std::uint64_t next_u64() noexcept {
        const std::uint64_t result = std::rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = std::rotl(s_[3], 45);
        return result;
    }

    // Uniform on [0, 1) with 53 random bits: k / 2^53 for k in [0, 2^53).
    constexpr double uniform01() noexcept {
        return static_cast<double>(next_u64() >> 11) * 0x1p-53;
    }

    // Uniform on the open interval (0, 1): (k + 1/2) / 2^52, so log() of it is always finite.
    constexpr double uniform_open01() noexcept {
        return (static_cast<double>(next_u64() >> 12) + 0.5) * 0x1p-52;
    }

    // Uniform on [lo, hi) (lo == hi gives lo).
    constexpr double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform01(); }

    // Unbiased integer in [0, n) by Lemire's multiply-and-reject method (one multiply almost
    // always, no division in the common case). below(0) returns 0 without consuming output.
    constexpr std::uint64_t below(std::uint64_t n) noexcept {
        if (n == 0) return 0;
        U128 m = mul_64x64(next_u64(), n);
        if (m.lo < n) {
            const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
            while (m.lo < threshold) m = mul_64x64(next_u64(), n);
        }
        return m.hi;
    }

    // True with probability p (p <= 0 never, p >= 1 always; one draw either way).
    constexpr bool bernoulli(double p) noexcept { return uniform01() < p; }

    // Advance by 2^128 draws: gives up to 2^128 non-overlapping subsequences of one seed.
    void jump() noexcept;
    // Advance by 2^192 draws.
    void long_jump() noexcept;

    friend constexpr bool operator==(const Rng&, const Rng&) = default;

private:
    explicit constexpr Rng(const State& state) noexcept : s_(state) {}

    State s_{};
};

// Derives independent, reproducible streams from one master seed:
//   stream(name)        seed = splitmix64_mix(splitmix64_mix(master + golden) ^ fnv1a64(name))
//   stream(name, index) same, hashing name, a 0xff separator byte and the 8 little-endian bytes
//                       of index (0xff never occurs in UTF-8, so no name collides with these).
// A stream depends only on (master seed, name[, index]): creating, removing or reordering other
// streams never changes it. Streams are handed out by value; each consumer owns its Rng.
class RngStreams {
public:
    explicit constexpr RngStreams(std::uint64_t master_seed) noexcept : master_(master_seed) {}

    constexpr std::uint64_t master_seed() const noexcept { return master_; }

    constexpr Rng stream(std::string_view name) const noexcept { return Rng(seed_for(name)); }
    constexpr Rng stream(std::string_view name, std::uint64_t index) const noexcept {
        return Rng(seed_for(name, index));
    }

    constexpr std::uint64_t seed_for(std::string_view name) const noexcept {
        return derive(fnv1a64(name));
    }
    constexpr std::uint64_t seed_for(std::string_view name, std::uint64_t index) const noexcept {
        std::uint64_t h = fnv1a64(name);
        h = (h ^ 0xffu) * 0x100000001b3ull;
        for (int byte = 0; byte < 8; ++byte) {
            h = (h ^ ((index >> (8 * byte)) & 0xffu)) * 0x100000001b3ull;
        }
        return derive(h);
    }

private:
    constexpr std::uint64_t derive(std::uint64_t key) const noexcept {
        return splitmix64_mix(splitmix64_mix(master_ + 0x9e3779b97f4a7c15ull) ^ key);
    }

    std::uint64_t master_;
};

}  // namespace gatetune::engine
