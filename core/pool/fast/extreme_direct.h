#pragma once
// Max and min for the common small windows (2x2 to 5x5) at stride 1 or 2, streaming
// the input once in memory order: each input row's column windows are folded as it
// is read (four outputs per vector), and each output row is folded down from them
// as soon as its last row is in. Row first, then down: PyTorch's row-major order,
// so the same value and index as a tap-by-tap scan.
#include <cstdint>

#include "core/pool/fast/axis_plan.h"
#include "core/pool/pool_window.h"
#include "core/tensor/tensor.h"

namespace poolscope::detail {

// The column geometry of a sliding pool.
struct ColumnWindows {
    int kernel = 1, stride = 1, pad = 0, dilation = 1, out = 0;
};

// Whether extreme_direct_pool handles this pool: stride 1 or 2 and no dilation along
// the columns, a window small enough that folding every tap beats the separable passes, every
// window with an inside tap, and flat indices within 32 bits.
bool extreme_direct_apply(const AxisPlan& ys, const ColumnWindows& xs, int height, int width);

// Output rows [oy0, oy1) of one plane; out (and idx, when not null) point at row oy0
// of the output, rows xs.out apart. `stream`: write the values around the caches.
template <bool IsMin>
void extreme_direct_stripe(const Plane& p, const AxisPlan& ys, const ColumnWindows& xs, int oy0, int oy1,
                           float* out, std::int64_t* idx, bool stream = false);

// The whole tensor on at most `threads` threads (thread_budget); idx may be null.
template <bool IsMin>
void extreme_direct_pool(const Tensor& input, const AxisPlan& ys, const ColumnWindows& xs, Tensor& output,
                         IndexTensor* idx, int threads);

} // namespace poolscope::detail
