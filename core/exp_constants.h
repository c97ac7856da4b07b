#pragma once
// The constants of fast_exp.h's e^x: round to nearest of x / ln 2, Cody-Waite
// reduction by ln 2 = hi + lo, Cephes' degree-6 polynomial, and the range it
// covers. Apart so that kernels built for other instruction sets share them.
namespace poolscope::detail {

namespace exp_constants {
inline constexpr float kLog2e = 1.44269504088896341f;
inline constexpr float kLn2Hi = 0.693359375f; // ln 2 = hi + lo, hi with few bits: n*hi is exact
inline constexpr float kLn2Lo = -2.12194440e-4f;
inline constexpr float kP[6] = {1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f,
                                4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f};
inline constexpr float kLow = -87.f, kHigh = 88.f;
} // namespace exp_constants

} // namespace poolscope::detail
