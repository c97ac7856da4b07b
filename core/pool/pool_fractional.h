#pragma once
// Fractional max pooling (Graham 2014) as PyTorch's fractional_max_pool2d: k x k
// windows at pseudo-random starts from one sample u per channel and axis.
#include "core/pool/pool_ops.h"
#include "core/pool/pool_window.h"
#include "core/shape/pool_shape.h"

namespace poolscope::detail {

// Throws ParamError when spec gives samples but not one per channel.
void check_fractional_samples(const PoolSpec& spec, int channels);

// Output cell (oy, ox) of `channel`: the max over its window, PyTorch's rule.
CellResult fractional_cell(const Plane& p, const PoolSpec& spec, const PoolGeometry& g, int channel, int oy,
                           int ox);

// The window of output cell (oy, ox) of `channel`, as row and column taps.
AxisTaps fractional_taps_y(const PoolSpec& spec, const PoolGeometry& g, int channel, int oy);
AxisTaps fractional_taps_x(const PoolSpec& spec, const PoolGeometry& g, int channel, int ox);

// The whole op, with indices.
void pool_fractional(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g,
                     const PoolOptions& options, PoolResult& result);

} // namespace poolscope::detail
