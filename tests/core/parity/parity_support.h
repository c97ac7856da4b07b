#pragma once
// Shared pieces of the parity tests: deterministic inputs, the comparisons of
// parity_compare.h as gtest assertions, and a one-line description of a spec.
#include <cstdint>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "core/spec/pool_spec.h"
#include "core/tensor/tensor.h"
#include "tests/core/parity/parity_compare.h"

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

// parity_compare.h's tensor_mismatch and index_mismatch as gtest assertions.
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
