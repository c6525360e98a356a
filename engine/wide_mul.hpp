#pragma once
// Full 64x64 -> 128-bit unsigned multiply. Lemire's bounded random integers need the high half and
// the histogram's exact sum needs both halves; `unsigned __int128` is not ISO C++ (-Wpedantic), so
// it is used only behind __extension__ with a portable fallback giving the same bits.

#include <cstdint>

namespace gatetune::engine {

struct U128 {
    std::uint64_t hi = 0;
    std::uint64_t lo = 0;

    friend constexpr bool operator==(const U128&, const U128&) = default;
};

constexpr U128 mul_64x64(std::uint64_t a, std::uint64_t b) noexcept {
#if defined(__SIZEOF_INT128__)
    __extension__ using u128 = unsigned __int128;
    const u128 p = static_cast<u128>(a) * b;
    return {static_cast<std::uint64_t>(p >> 64), static_cast<std::uint64_t>(p)};
#else
    const std::uint64_t a_lo = a & 0xffffffffu, a_hi = a >> 32;
    const std::uint64_t b_lo = b & 0xffffffffu, b_hi = b >> 32;
    const std::uint64_t ll = a_lo * b_lo, lh = a_lo * b_hi, hl = a_hi * b_lo, hh = a_hi * b_hi;
    const std::uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
    return {hh + (lh >> 32) + (hl >> 32) + (mid >> 32), (mid << 32) | (ll & 0xffffffffu)};
#endif
}

// 128-bit running total with wrap-around on overflow of 2^128 (unreachable for int64 samples).
constexpr U128 add_128(U128 acc, U128 x) noexcept {
    const std::uint64_t lo = acc.lo + x.lo;
    return {acc.hi + x.hi + (lo < acc.lo ? 1u : 0u), lo};
}

// hi*2^64 + lo as a double (within an ulp or so), computed the same way on every platform.
constexpr double to_double(U128 x) noexcept {
    return static_cast<double>(x.hi) * 18446744073709551616.0 + static_cast<double>(x.lo);
}

}  // namespace gatetune::engine
