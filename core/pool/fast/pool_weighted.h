#pragma once
// The pools that weigh every tap by its value: stochastic (Zeiler & Fergus) and
// SoftPool, four output cells per vector on rows padded with zeros (padded_rows.h),
// each lane computing exactly what stochastic_window and softpool_window compute
// for its cell.
#include "core/pool/pool_result.h"
#include "core/shape/pool_shape.h"

namespace poolscope::detail {

// Runs spec if it is stochastic or SoftPool and returns true; false for any other op.
// On at most `threads` threads (thread_budget).
bool pool_weighted(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g, PoolResult& result,
                   int threads);

} // namespace poolscope::detail
