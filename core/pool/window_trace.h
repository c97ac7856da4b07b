#pragma once
// One output cell's window, tap by tap: the numbers the full op produced,
// without running the whole op. The animation and the math panel read this.
#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "core/shape/pool_shape.h"
#include "core/spec/pool_spec.h"
#include "core/tensor/tensor.h"

namespace poolscope {

struct Tap {
    int y = 0, x = 0;    // input coordinates; may lie in the padding (< 0 or >= size)
    bool inside = false; // inside the input image
    float value = 0.f;   // input value (0 for padding taps)
    double weight = 0.0; // this tap's weight in the result: 1 for the chosen max/min,
                         // 1/divisor for avg, softmax weight for SoftPool, p_i for
                         // stochastic eval, ... (0 for taps that do not count)
};

struct WindowTrace {
    PoolOp op = PoolOp::Max;
    int channel = 0, oy = 0, ox = 0;
    std::vector<Tap> taps;          // row-major over the window (ky, then kx)
    int window_h = 0, window_w = 0; // taps form window_h x window_w (row-major)
    float result = 0.f;             // identical to the full op's output at (channel, oy, ox)
    int chosen = -1; // index into taps of the selected cell (max/min/stochastic train/fractional), or -1
    std::int64_t index = -1; // PyTorch's flat index h*W + w for index-producing ops, or -1
    double divisor = 0.0;    // avg-type ops: the divisor used (0 when not applicable)
    // Op-specific extras: LP norm_type p and the p-sum; mixed max and avg parts.
    double p = 0.0, lp_sum = 0.0;
    double max_part = 0.0, avg_part = 0.0;
};

// Taps and weights per op: sliding ops trace the kernel grid (padding taps included);
// adaptive/global ops their bin; fractional its k x k window. LP weights are each tap's
// share x^p / sum x^p of the p-sum (none when that sum is not positive or a term is
// negative, which only a negative x gives); mixed gives alpha to the chosen tap plus
// (1-alpha)/divisor to every inside tap. BlurPool traces the whole input footprint, each
// tap weighing the blur weights of the stride-1 max windows that chose it (so the result
// is sum weight*value, up to rounding).
// Throws ParamError for invalid spec or out-of-range cell.
WindowTrace trace(const Tensor& input, const PoolSpec& spec, int channel, int oy, int ox);

// Input cells read by an output cell (inside the image only, row-major, each once);
// cheap, for hover maps. Empty for a cell outside the output.
// For BlurPool the footprint of the blur and its max windows.
std::vector<cv::Point> window_cells(const PoolSpec& spec, const PoolGeometry& g, int oy, int ox,
                                    int channel = 0);

} // namespace poolscope
