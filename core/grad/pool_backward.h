#pragma once
// The backward pass of every pooling op: the gradient with respect to the input
// that PyTorch's autograd gives for the op (or, where PyTorch has no op, for the
// op's formula written in torch), given the gradient with respect to the output.
#include "core/spec/convention.h"
#include "core/spec/pool_spec.h"
#include "core/tensor/tensor.h"

namespace poolscope {

struct BackwardOptions {
    // As PoolOptions::threads (core/tensor/threads.h); the bits do not depend on it.
    int threads = 0;
};

// grad_input (the input's shape) for y = pool(input, spec) and dL/dy = grad_output.
// Overlapping windows add up. Per op:
// - max, min, adaptive-max, global-max, fractional-max: each output's gradient goes to
//   the tap the forward chose (its index: the first maximum, the last NaN), so it is
//   the tap PyTorch's backward routes to.
// - avg: grad / divisor to every tap the divisor counts inside the input (padding,
//   count_include_pad, divisor_override and ceil_mode as avg_pool2d_backward), summed
//   in ATen's order; adaptive-avg: grad / kh / kw; global-avg: grad / (H*W) (mean()).
// - lp: autograd through lp_pool2d's formula: a window whose average is 0 gets 0
//   (relu's backward), a negative p-sum gives NaN where the root of it is NaN.
// - mixed: alpha * max's gradient + (1 - alpha) * avg's.
// - softpool: grad * w_i * (1 + x_i - y), w = softmax over the inside taps.
// - stochastic eval: grad * (2 a_i - y) / sum(a) where x_i > 0 (a = relu(x));
//   train: grad to the sampled tap.
// - blurpool: the chain rule through subsampling, the reflect-padded blur and the
//   stride-1 max.
// Throws ParamError on an invalid spec, or a grad_output whose shape is not the
// output's (the message names both shapes).
Tensor pool_backward(const Tensor& input, const PoolSpec& spec, const Tensor& grad_output,
                     const BackwardOptions& options = {});

// The same for max and avg under a framework's convention (pool_convention): max to
// the chosen tap (nothing from a window with no cell inside), avg grad / divisor to
// the inside taps (Caffe: grad * (1/area), as its forward multiplies).
Tensor pool_backward(const Tensor& input, const PoolSpec& spec, Convention convention,
                     const Tensor& grad_output, const BackwardOptions& options = {});

} // namespace poolscope
