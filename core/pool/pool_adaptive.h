#pragma once
// Adaptive and global pooling: output cell o reads the bin [floor(o*I/O), ceil((o+1)*I/O)).
#include "core/pool/pool_ops.h"
#include "core/pool/pool_window.h"
#include "core/shape/pool_shape.h"

namespace poolscope::detail {

inline AxisTaps adaptive_taps(int o, int in, int out)
{
    return run_taps(adaptive_start(o, in, out), adaptive_end(o, in, out));
}

// ATen's adaptive_avg_pool2d takes mean() when the output is 1x1, and so do global-avg
// and adaptive-avg 1x1 here.
inline bool adaptive_uses_mean(PoolOp op, Size2 out)
{
    return op == PoolOp::GlobalAvg || (op == PoolOp::AdaptiveAvg && out == Size2{1, 1});
}

// One bin. Max: PyTorch's max rule (NaN propagates, first tie). Avg: float sum in
// row-major order, then sum / kh / kw as ATen's cpu_adaptive_avg_pool. Mean (1x1):
// ATen's mean() sums with a vectorised cascade whose order depends on the CPU; a
// double sum (mean_sum) divided by the count matches it within float rounding.
CellResult adaptive_cell(const Plane& p, PoolOp op, Size2 out, const AxisTaps& ty, const AxisTaps& tx);

// The double sum of a bin for the 1x1 mean, in a fixed vector order.
double mean_sum(const Plane& p, const AxisTaps& ty, const AxisTaps& tx);

// Adaptive max/avg and global max/avg; fills result.indices for the max ops.
void pool_adaptive(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g,
                   const PoolOptions& options, PoolResult& result);

} // namespace poolscope::detail
