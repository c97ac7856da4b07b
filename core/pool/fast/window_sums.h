#pragma once
// Window sums for the average-type pools (avg, LP, the avg half of mixed, SoftPool).
// Windows of up to kMaxExactSumTaps taps are summed exactly as ATen's avg_pool2d
// does: in float, from 0, rows top to bottom and each row left to right, so the
// sums are PyTorch's bit for bit. Larger windows use running sums in double, O(1)
// per output whatever the window (rows after an infinity or NaN excepted); their
// float result is within a few units in the last place of that order's. The running
// sums restart at every kSumBlockRows-th output row, so each output row's sums depend
// on its block alone: not on how the rows are split among threads or channels, and
// one row's sums (what trace() shows) are the full op's bit for bit.
#include <vector>

#include "core/pool/pool_window.h"
#include "core/pool/window_values.h"
#include "core/shape/pool_shape.h"

namespace poolscope::detail {

inline constexpr int kMaxExactSumTaps = 49;
inline constexpr int kSumBlockRows = 64;

// Whether windows of this kernel are summed tap by tap in ATen's order (else by running sums).
inline bool exact_sums(Size2 kernel)
{
    return (long long)kernel.h * kernel.w <= kMaxExactSumTaps;
}

// The sliding windows of an average-type pool, clamped to the input per axis.
struct SumWindows {
    std::vector<AvgAxis> ys, xs;
    Size2 kernel, stride, padding;

    bool exact() const { return exact_sums(kernel); }
};
SumWindows sum_windows(const PoolGeometry& g);

// What is summed: each input value, or a function of it applied to whole rows
// (LP's x^p). `apply(src, dst, n)` writes dst[i] = f(src[i]); it must compute
// exactly what the per-cell definition computes for one value.
struct RowTransform {
    void (*apply)(const float* src, float* dst, int n, double param) = nullptr; // null: the value itself
    double param = 0;
};

// What an average-type op sums: LP's x^p exactly as lp_window raises each tap (for
// p = 1 the values themselves), the values themselves for avg and mixed.
RowTransform sum_transform(const PoolSpec& spec);

struct PaddedRows;

// One output row's window sums in ATen's order from rows padded by pad_rows
// (padded_rows.h) with ws's column reach: acc = 0, then each row, each tap.
void exact_row_sums(const PaddedRows& rows, const AvgAxis& ay, const SumWindows& ws, float* out);

// Sums of output rows [oy0, oy1) of one plane into out (rows of ws.xs.size()).
void window_sum_rows(const Plane& p, const SumWindows& ws, const RowTransform& f, int oy0, int oy1,
                     float* out);

} // namespace poolscope::detail
