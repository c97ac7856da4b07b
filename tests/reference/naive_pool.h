#pragma once
// A naive pooling reference, written from the definitions (PyTorch 1.13 for the ops
// PyTorch has, the papers for the others) and never from the core's code. Every
// output cell is computed on its own by looping over its window: slow and obvious.
// Where PyTorch rounds in float32 (avg sums, fractional interval starts) this does
// the same, so max/min/avg results and indices can be compared exactly.
#include <cstdint>
#include <optional>

#include "core/spec/pool_spec.h"
#include "core/tensor/tensor.h"

namespace poolscope::reference {

struct Result {
    Tensor output;
    IndexTensor indices; // max, min, adaptive-max, global-max, fractional-max
};

// PyTorch's pooling output size along one axis (floor or ceil mode, with the rule
// that the last window must start inside the input or the left padding). No checks.
long long output_size(long long in, int kernel, int pad, int stride, int dilation, bool ceil_mode);

// The op as defined; throws ParamError for a spec PyTorch (or the definition) rejects.
Result pool(const Tensor& input, const PoolSpec& spec);

// PyTorch's max_unpool2d; throws ParamError for a bad output size or an index outside it.
Tensor max_unpool(const Tensor& input, const IndexTensor& indices, Size2 kernel, std::optional<Size2> stride,
                  Size2 padding, std::optional<Size2> output_size);

// The per-channel samples {u_w, u_h} fractional max pooling uses: the given ones, or
// counter_uniform(seed, channel, 0) and counter_uniform(seed, channel, 1).
std::array<double, 2> fractional_sample(const PoolSpec& spec, int channel);

// PyTorch's interval starts for fractional max pooling, computed in float32 as PyTorch
// does for float tensors (the sample and alpha are floats).
int fractional_start(int i, int in, int out, int kernel, float u);

} // namespace poolscope::reference
