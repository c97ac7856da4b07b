#pragma once
// Sliding max and min on the fastest kernel that applies: direct vector folds for
// windows up to 3x3 at stride 1 or 2, the separable passes otherwise.
#include "core/pool_ops.h"
#include "core/pool_shape.h"

namespace poolscope::detail {

// Fills result.output (and result.indices when with_indices) and returns true, or
// returns false when no fast kernel applies (a window without any inside tap).
bool pool_extreme(const Tensor& input, const PoolGeometry& g, bool is_min, bool with_indices,
                  PoolResult& result);

} // namespace poolscope::detail
