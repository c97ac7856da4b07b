#pragma once
// The pooling operations. Results, indices and divisors match PyTorch 1.13
// exactly where PyTorch has the op (avg-type sums within float rounding).
#include <optional>

#include "core/pool_spec.h"
#include "core/tensor.h"

namespace poolscope {

struct PoolResult {
    Tensor output;
    IndexTensor indices; // filled for max, min, adaptive-max, global-max, fractional-max
};

// Throws ParamError on an invalid spec (see resolve_geometry).
PoolResult pool(const Tensor& input, const PoolSpec& spec);

// SegNet's max-unpool from indices (PyTorch's max_unpool2d). Output default size
// (I-1)*s - 2p + k; an explicit size must lie strictly within (default - s, default + s).
// Throws ParamError on a bad size or an out-of-range index.
Tensor max_unpool(const Tensor& input, const IndexTensor& indices, Size2 kernel,
                  std::optional<Size2> stride = std::nullopt, Size2 padding = {0, 0},
                  std::optional<Size2> output_size = std::nullopt);

// Fractional max: the per-channel samples {u_w, u_h} used for spec on `channels`
// channels (given ones, or drawn from spec.seed). Exposed so a trace reproduces them.
std::array<double, 2> fractional_sample(const PoolSpec& spec, int channel);

// Fractional max: start of window i along one axis (PyTorch's interval formula).
int fractional_start(int i, int in, int out, int kernel, double u);

// Adaptive pooling bins along one axis: [start, end).
inline int adaptive_start(int o, int in, int out) { return int((long long)o * in / out); }
inline int adaptive_end(int o, int in, int out) { return int(((long long)(o + 1) * in + out - 1) / out); }

} // namespace poolscope
