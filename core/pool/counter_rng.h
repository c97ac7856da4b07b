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

namespace poolscope {

// Stochastic pooling draws one number per output cell, millions per second, so it
// uses a cheaper counter-based draw: a 32-bit key per channel (from splitmix64) and
// murmur3's finaliser over the cell's flat index. Vector code computes the same
// integers lane by lane (core/pool_weighted.cpp).
inline std::uint32_t channel_key(std::uint64_t seed, int channel)
{
    return std::uint32_t(splitmix64(seed ^ splitmix64(std::uint64_t(channel))));
}

inline std::uint32_t mix32(std::uint32_t x)
{
    x ^= x >> 16;
    x *= 0x85EBCA6Bu;
    x ^= x >> 13;
    x *= 0xC2B2AE35u;
    x ^= x >> 16;
    return x;
}

// Uniform float in [0, 1) with 24 random bits, for the cell at flat index oy*out_w + ox.
inline float cell_uniform(std::uint32_t key, std::uint32_t index)
{
    return float(mix32(index * 0x9E3779B1u + key) >> 8) * 0x1p-24f;
}

} // namespace poolscope
