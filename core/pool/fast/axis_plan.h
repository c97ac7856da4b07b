#pragma once
// The windows of a pool along one axis, as the fast kernels read them: output o
// reads the inside taps first[o] + i*step for i < count[o]. Every op's window is
// the product of a row plan and a column plan.
#include <vector>

#include "core/pool/pool_window.h"

namespace poolscope::detail {

struct AxisPlan {
    std::vector<int> first, count;
    int step = 1;
    // Taps in a full window. Sliding plans have full windows everywhere except
    // where the input's ends cut them, which is what van Herk's blocks need.
    int size = 0;
    bool sliding = false;
    int stride = 1; // sliding plans: positions between window starts

    // Block scans cost about three combines per position, a direct fold one per tap.
    bool prefers_block_scans() const { return sliding && size > 2 * stride + 2; }

    int outputs() const { return int(first.size()); }
    int last(int o) const { return first[o] + (count[o] - 1) * step; }
    // Every window has an inside tap (a fast kernel's precondition).
    bool all_nonempty() const;
    // The inside positions read by outputs [o0, o1): [lo, hi).
    int lo(int o0, int o1) const;
    int hi(int o0, int o1) const;
};

// From per-output taps (sliding, adaptive, fractional windows alike).
AxisPlan plan_from_taps(const std::vector<AxisTaps>& taps, bool sliding);

// A sliding pool's windows along one axis.
AxisPlan sliding_plan(int out, int in, int kernel, int stride, int pad, int dilation);

} // namespace poolscope::detail
