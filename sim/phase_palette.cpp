#include "sim/phase_palette.hpp"

#include <array>

namespace gatetune::sim {

std::uint32_t phase_colour(Phase p) {
    // Worker wait grey, CPU and loop wait purples, DB oranges, HTTP olive/pink/cyan, upstream
    // queue grey, prefill blue, decode green, retries red.
    static constexpr std::array<std::uint32_t, kPhaseCount> colours{0x8c8c8c, 0x9467bd, 0xc5b0d5, 0xff7f0e, 0xffbb78, 0xbcbd22,
                                                                    0xe377c2, 0x17becf, 0x7f7f7f, 0x1f77b4, 0x2ca02c, 0xd62728};
    return colours[static_cast<std::size_t>(p) % kPhaseCount];
}

}  // namespace gatetune::sim
