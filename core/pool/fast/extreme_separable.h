#pragma once
// Max and min pooling as two passes, along the rows and then down the columns,
// for any window that is a product of a row plan and a column plan (sliding,
// adaptive and fractional windows). Folding each row's taps first and then the
// rows in order visits the taps as PyTorch's row-major scan does, so values and
// indices (NaN propagation, first of equal taps) are PyTorch's bit for bit.
#include <cstdint>
#include <vector>

#include "core/pool/fast/axis_plan.h"
#include "core/pool/fast/window_reduce.h"
#include "core/pool/pool_window.h"
#include "core/tensor/tensor.h"

namespace poolscope::detail {

// Whether extreme_pool can run these plans on a plane of `height` x `width`:
// every window has an inside tap, and flat indices fit 32 bits.
bool extreme_rows_apply(const AxisPlan& ys, const AxisPlan& xs, int height, int width);
bool extreme_rows_apply(const std::vector<AxisPlan>& ys, const std::vector<AxisPlan>& xs, int height,
                        int width);

// The column windows of one plan as the row pass reads them, prepared once.
struct ColumnScan {
    explicit ColumnScan(const AxisPlan& plan);
    AxisPlan xs;
    int x0, x1;                       // the input columns read
    bool scans;                       // van Herk's block scans rather than direct folds
    std::vector<BlockWindow> windows; // relative to x0, when scans
};

// Output rows [oy0, oy1) of one plane; out (and idx, when not null) point at row oy0
// of the output, rows xs.xs.outputs() apart. `stream`: write the values around the caches.
template <bool IsMin>
void extreme_stripe(const Plane& p, const AxisPlan& ys, const ColumnScan& xs, int oy0, int oy1, float* out,
                    std::int64_t* idx, bool stream = false);

// The whole tensor; idx may be null. ys and xs hold one plan for every channel, or
// one plan per channel (fractional pooling draws its windows per channel). On at
// most `threads` threads (thread_budget).
template <bool IsMin>
void extreme_pool(const Tensor& input, const std::vector<AxisPlan>& ys, const std::vector<AxisPlan>& xs,
                  Tensor& output, IndexTensor* idx, int threads);

} // namespace poolscope::detail
