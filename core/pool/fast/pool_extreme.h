#pragma once
// Sliding max and min on the fastest kernel that applies: direct vector folds for
// windows up to 3x3 at stride 1 or 2, the separable passes otherwise.
#include <optional>

#include "core/pool/fast/axis_plan.h"
#include "core/pool/fast/extreme_direct.h"
#include "core/pool/fast/extreme_separable.h"
#include "core/pool/pool_result.h"
#include "core/shape/pool_shape.h"

namespace poolscope::detail {

// Fills result.output (and result.indices when with_indices) and returns true, or
// returns false when no fast kernel applies (a window without any inside tap).
// On at most `threads` threads (thread_budget).
bool pool_extreme(const Tensor& input, const PoolGeometry& g, bool is_min, bool with_indices,
                  PoolResult& result, int threads);

// Rows of a sliding max map, computed on demand, for ops that pool the map further
// (BlurPool): the same kernels and the same bits as pool_extreme's values.
class MaxRows {
public:
    explicit MaxRows(const PoolGeometry& g);
    bool applies() const { return direct_ || scan_.has_value(); }
    // Map rows [r0, r1) of one plane into out, g.out.w floats apart.
    void run(const Plane& p, int r0, int r1, float* out) const;

private:
    AxisPlan ys_;
    ColumnWindows cols_;
    bool direct_ = false;
    std::optional<ColumnScan> scan_;
};

} // namespace poolscope::detail
