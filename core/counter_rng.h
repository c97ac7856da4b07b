#pragma once
// A counter-based random number: the same (seed, channel, y, x) always gives
// the same draw, so one window can be traced without replaying the whole op.
#include <cstdint>

namespace poolscope {

inline std::uint64_t splitmix64(std::uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// Uniform double in [0, 1) from a seed and up to three coordinates.
inline double counter_uniform(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0)
{
    std::uint64_t h = splitmix64(seed ^ splitmix64(a ^ splitmix64(b ^ splitmix64(c))));
    return double(h >> 11) * 0x1.0p-53;
}

} // namespace poolscope
