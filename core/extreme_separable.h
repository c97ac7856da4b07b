#pragma once
// Max and min pooling as two passes, along the rows and then down the columns,
// for any window that is a product of a row plan and a column plan (sliding,
// adaptive and fractional windows). Folding each row's taps first and then the
// rows in order visits the taps as PyTorch's row-major scan does, so values and
// indices (NaN propagation, first of equal taps) are PyTorch's bit for bit.
#include <cstdint>

#include "core/axis_plan.h"
#include "core/pool_window.h"
#include "core/tensor.h"

namespace poolscope::detail {

// Whether extreme_pool can run these plans on a plane of `height` x `width`:
// every window has an inside tap, and flat indices fit 32 bits.
bool extreme_rows_apply(const AxisPlan& ys, const AxisPlan& xs, int height, int width);

// The whole tensor, one plan pair for every channel; idx may be null.
template <bool IsMin>
void extreme_pool(const Tensor& input, const AxisPlan& ys, const AxisPlan& xs, Tensor& output,
                  IndexTensor* idx);

} // namespace poolscope::detail
