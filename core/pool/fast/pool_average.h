#pragma once
// The average-type pools on the window sums of window_sums.h: avg (divisor as
// ATen's avg_pool2d chooses it), LP (avg of x^p, times the window, to 1/p) and
// mixed (alpha*max + (1-alpha)*avg). Each value is computed from the sum exactly
// as the per-cell definition in window_values.h computes it.
#include "core/pool/pool_result.h"
#include "core/shape/pool_shape.h"

namespace poolscope::detail {

// Runs spec if it is avg, LP or mixed and returns true; false for any other op.
// On at most `threads` threads (thread_budget).
bool pool_average(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g, PoolResult& result,
                  int threads);

} // namespace poolscope::detail
