#pragma once
// Translation invariance, measured: how much of a pool's output stays the same
// when its input moves by d pixels.
//
// From a C x H x W input and a largest shift D, the view at shift d is the crop
// starting d columns in (axis x: H x (W - D) from row 0, column d), d rows in
// (axis y: (H - D) x W from row d, column 0) or both (axis xy: (H - D) x (W - D)
// from (d, d)). Every view has the same size and no border is invented. For each
// d in 0..D, pool(view_d) is compared with pool(view_0), cell by cell over all
// channels, by equal_fraction() and cosine_similarity() (map_similarity.h).
#include <optional>
#include <string_view>
#include <vector>

#include "core/spec/convention.h"
#include "core/spec/pool_spec.h"
#include "core/tensor/size2.h"
#include "core/tensor/tensor.h"

namespace poolscope {

enum class ShiftAxis { X, Y, XY };

// CLI spelling: "x", "y", "xy".
std::string_view shift_axis_name(ShiftAxis axis);
std::optional<ShiftAxis> parse_shift_axis(std::string_view name);

struct ShiftSweep {
    ShiftAxis axis = ShiftAxis::X;
    int max_shift = 1;    // D
    double tolerance = 0; // 0: equal means exactly equal; else |a - b| <= tolerance
    Convention convention = Convention::PyTorch;
};

// One shift's comparison of pool(view_d) with pool(view_0).
struct ShiftComparison {
    int shift = 0;
    double equal_fraction = 1;
    double cosine = 1;
};

struct InvarianceResult {
    int channels = 0;
    Size2 view;                          // every shifted view's size
    Size2 output;                        // the pooled map of a view
    std::vector<ShiftComparison> shifts; // d = 0..D
};

// The size of every view, H x (W - D), (H - D) x W or (H - D) x (W - D). Throws
// ParamError unless 0 <= D < the size along each shifted axis.
Size2 shifted_view_size(ShiftAxis axis, int max_shift, int in_h, int in_w);

// The views' size and their pooled maps' size, for an in_h x in_w input: checks
// the sweep as measure_invariance() does, before anything is allocated. Throws
// ParamError for a bad shift or tolerance, or a pool that the views' size does
// not admit (the message then names that size).
struct SweepShape {
    Size2 view;
    Size2 output;
};
SweepShape sweep_shape(const PoolSpec& spec, const ShiftSweep& sweep, int in_h, int in_w);

// The sweep, with pool_convention() (pool() itself for PyTorch's) and the spec as
// given: a stochastic op's seed is the same for every view, so its draws are too.
// Each view is pooled once, on at most `threads` threads (thread_budget; 0 for
// OpenCV's pool), and the figures are the same bits for any count. Throws
// ParamError for an empty input and as sweep_shape().
InvarianceResult measure_invariance(const Tensor& input, const PoolSpec& spec, const ShiftSweep& sweep,
                                    int threads = 0);

} // namespace poolscope
