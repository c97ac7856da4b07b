#pragma once
// The sliding-window pools (max, min, avg, LP, mixed, stochastic, SoftPool): the
// op's entry points. Their windows are defined in window_values.h.
#include "core/pool/pool_ops.h"
#include "core/pool/window_values.h"
#include "core/shape/pool_shape.h"

namespace poolscope::detail {

// The whole op; fills result.indices for max and min (when asked for). Runs the
// fast kernels where they apply and pool_sliding_cells otherwise.
void pool_sliding(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g,
                  const PoolOptions& options, PoolResult& result);

// The same, one eval() per output cell: the definition the fast kernels are
// tested against, bit for bit.
void pool_sliding_cells(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g,
                        const PoolOptions& options, PoolResult& result);

} // namespace poolscope::detail
