#pragma once
// Shared pieces of the parity tests: deterministic inputs, tensor comparison that
// names the first differing cell, and a one-line description of a spec.
#include <cstdint>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "core/pool_spec.h"
#include "core/tensor.h"

namespace poolscope {
// For gtest's messages about Size2 parameters (found by argument-dependent lookup).
inline void PrintTo(Size2 v, std::ostream* os)
{
    *os << v.h << "x" << v.w;
}
} // namespace poolscope

namespace poolscope::testing {

enum class Data {
    Smooth,   // uniform in [-2, 2): negatives, positives, no ties to speak of
    Positive, // uniform in (0, 2]
    Ties,     // integers in {-1, 0, 1, 2}: many equal values in every window
    Special,  // ties plus NaN, +inf and -inf sprinkled in
};
const char* data_name(Data d);

// The same (seed, kind, shape) always gives the same tensor.
Tensor make_input(int channels, int height, int width, Data kind, std::uint64_t seed);

// Exact: every value equal (NaN matches NaN, infinities match by sign, +0 equals -0).
// Otherwise |got - want| <= abs + rel * |want| for finite values.
// Or, with `ulps` > 0, within that many float32 steps of each other.
struct Tolerance {
    bool exact = true;
    double rel = 0, abs = 0;
    int ulps = 0;
};
inline constexpr Tolerance kExact{};
inline Tolerance relative(double rel, double abs = 0)
{
    return {false, rel, abs, 0};
}
inline Tolerance within_ulps(int ulps)
{
    return {false, 0, 0, ulps};
}

::testing::AssertionResult same_tensor(const Tensor& got, const Tensor& want, Tolerance tol);
::testing::AssertionResult same_indices(const IndexTensor& got, const IndexTensor& want);

// Every field that matters for the op, as one line (to reproduce a failure).
std::string describe(const PoolSpec& spec, const Tensor& input, Data kind);

// Counts what a grid loop has seen.
struct Tally {
    int valid = 0, rejected = 0, failures = 0;
    // Stop after a handful of failing configurations so one bug does not print
    // thousands of lines.
    bool enough_failures() const { return failures >= 8; }
};

// Runs spec on both the reference and the core: the same output (and indices for
// index-producing ops) within `tol`, or ParamError from both. Failures are reported
// with describe() and counted in `tally`.
void check_against_reference(const Tensor& input, const PoolSpec& spec, Data kind, Tolerance tol,
                             Tally& tally);

// A deterministic hash for sampling a grid (splitmix64 of the arguments).
std::uint64_t mix(std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0, std::uint64_t d = 0);

} // namespace poolscope::testing
