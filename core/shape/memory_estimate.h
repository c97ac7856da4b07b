#pragma once
// How many bytes a stage will allocate at its peak, computed in double so that no
// size overflows: the CLI and the GUI refuse a computation over their memory cap
// before allocating anything.
#include "core/shape/pool_shape.h"
#include "core/spec/conv_spec.h"
#include "core/spec/pool_spec.h"

namespace poolscope {

// A float32 C x H x W tensor.
inline double tensor_bytes(double c, double h, double w, double bytes_per_value = 4.0)
{
    return c * h * w * bytes_per_value;
}

// Pooling `channels` channels with geometry g: output, indices, temporaries.
double pool_peak_bytes(const PoolSpec& spec, int channels, const PoolGeometry& g);

// The conv stage on a C x H x W input: output, padded input copy, weights.
double conv_peak_bytes(const ConvSpec& spec, int channels, int height, int width);

} // namespace poolscope
