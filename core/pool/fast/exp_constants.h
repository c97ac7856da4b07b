#pragma once
// The constants of exp_lanes.h's e^x: n = round to nearest of x * 8 / ln 2, Cody-Waite
// reduction by ln 2 / 8 = hi + lo, a degree-4 polynomial on |r| <= ln 2 / 16, and
// 2^(n / 8) = 2^(n mod 8 / 8) from a table of eight, scaled by 2^(n div 8) through
// the exponent field. Apart so that kernels built for other instruction sets share
// them.
#include <cstdint>

namespace poolscope::detail {

namespace exp_constants {
inline constexpr float kLog2e8 = 11.5415603271117f; // 8 / ln 2
inline constexpr float kLn2Hi8 = 0.693359375f / 8;  // ln 2 / 8 = hi + lo, hi with few bits: n*hi is exact
inline constexpr float kLn2Lo8 = -2.12194440e-4f / 8;
// e^r = 1 + r + r^2 (kC2 + kC3 r + kC4 r^2): Taylor's coefficients, whose error,
// about r^5 / 120 < 2e-9, is far below a float's rounding on this range.
inline constexpr float kC2 = 0.5f, kC3 = 1.f / 6, kC4 = 1.f / 24;
// 2^(j/8) rounded to float, as bits, twice over: a 16-lane permute reads the low
// four bits of its index, an 8-lane one the low three.
inline constexpr std::int32_t kPow2Eighths[16] = {
    0x3f800000, 0x3f8b95c2, 0x3f9837f0, 0x3fa5fed7, 0x3fb504f3, 0x3fc5672a, 0x3fd744fd, 0x3feac0c7,
    0x3f800000, 0x3f8b95c2, 0x3f9837f0, 0x3fa5fed7, 0x3fb504f3, 0x3fc5672a, 0x3fd744fd, 0x3feac0c7};
inline constexpr float kLow = -87.f, kHigh = 88.f;
} // namespace exp_constants

} // namespace poolscope::detail
