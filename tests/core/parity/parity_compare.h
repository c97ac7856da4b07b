#pragma once
// How the parity checks compare the core with the reference, without gtest, so the
// parity tests and the fuzzers judge results by the same rules: tensors and indices
// (naming the first differing cell) and a spec written out as one line.
#include <optional>
#include <string>

#include "core/spec/pool_spec.h"
#include "core/tensor/tensor.h"

namespace poolscope::testing {

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

bool values_match(float got, float want, Tolerance tol);

// Nothing when the tensors match within `tol`; otherwise what differs: the shapes, or
// how many values and the first differing cell with both values.
std::optional<std::string> tensor_mismatch(const Tensor& got, const Tensor& want, Tolerance tol);
// Nothing when the indices are identical; otherwise the shapes or the first differing cell.
std::optional<std::string> index_mismatch(const IndexTensor& got, const IndexTensor& want);

// Every parameter that matters for spec.op, e.g. "kernel 2x2, stride default, ...".
std::string spec_params(const PoolSpec& spec);

// A float with enough digits to tell neighbouring float32 values apart.
std::string float_text(double v);

} // namespace poolscope::testing
