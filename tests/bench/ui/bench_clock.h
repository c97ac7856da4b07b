#pragma once
// One monotonic clock for every timestamp of the benchmark, so intervals taken in
// different places (input, delivery, paint) can be subtracted.
#include <chrono>
#include <cstdint>

namespace poolscope::bench {

inline std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

inline double msBetween(std::int64_t fromNs, std::int64_t toNs)
{
    return double(toNs - fromNs) / 1e6;
}

} // namespace poolscope::bench
