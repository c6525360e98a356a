#include "engine/random.hpp"

namespace gatetune::engine {
namespace {

// Jump polynomials from the reference implementation (xoshiro256starstar.c).
constexpr Rng::State kJump = {0x180ec6d33cfd0aba, 0xd5a61266f0c9392c, 0xa9582618e03fc9aa,
                              0x39abdc4529b1661c};
constexpr Rng::State kLongJump = {0x76e15d3efefdcbbf, 0xc5004e441c522fb3, 0x77710069854ee241,
                                  0x39109bb02acbe635};

Rng apply_jump(Rng rng, const Rng::State& polynomial) {
    Rng::State acc{};
    for (const std::uint64_t word : polynomial) {
        for (int b = 0; b < 64; ++b) {
            if (word & (std::uint64_t{1} << b)) {
                const auto& s = rng.state();
                for (int i = 0; i < 4; ++i) acc[i] ^= s[i];
            }
            rng.next_u64();
        }
    }
    return Rng::from_state(acc);
}

}  // namespace

void Rng::jump() noexcept { *this = apply_jump(*this, kJump); }

void Rng::long_jump() noexcept { *this = apply_jump(*this, kLongJump); }

}  // namespace gatetune::engine
