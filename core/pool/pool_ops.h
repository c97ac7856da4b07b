#pragma once
// The pooling operations. Results, indices and divisors match PyTorch 1.13
// exactly where PyTorch has the op (avg-type sums within float rounding).
#include <optional>

#include "core/pool/pool_result.h"
#include "core/spec/pool_spec.h"
#include "core/tensor/tensor.h"

namespace poolscope {

// What pool() computes beyond the values.
struct PoolOptions {
    // PyTorch's return_indices=True: 8 bytes per output cell, so a view that never
    // shows them, or a benchmark of the values alone, leaves them out.
    bool indices = true;
    // The threads the op may use (thread_budget, core/tensor/threads.h): 0 for
    // OpenCV's pool, 1 for the calling thread alone, which then never enters
    // cv::parallel_for_ (so it never makes another thread's parallel loops serial),
    // N for at most N. The results are the same bits whatever the count.
    int threads = 0;
};

// Throws ParamError on an invalid spec (see resolve_geometry).
// avg (and LP's and mixed's averages) over windows of more than 49 taps (7x7) sum by
// running sums in double, O(1) per output: within float rounding of PyTorch's
// tap-by-tap float sum instead of bit for bit, and the same bits whatever the thread
// count, and in trace() (core/window_sums.h).
// Definitions where PyTorch has no op, or where this one departs from it:
// - min: max of -x, negated (NaN propagates, ties keep the first tap).
// - lp: lp_pool2d exactly as PyTorch computes it: avg of x^p (x itself, not |x|), then
//   sign(a) * relu(|a|), times kw*kh, then ^(1/p), in float. A window whose p-sum is
//   negative gives a negative result for p = 1 and NaN for an odd or fractional p
//   (window_values.h). Where p or 1/p is not 1, 2, 3 or 0.5, PyTorch's own vectorised
//   pow differs from powf by an ulp in places, so compare LP within float rounding.
// - mixed: alpha*max + (1-alpha)*avg, the avg with count_include_pad/divisor_override.
// - stochastic: p_i = a_i / sum(a) over the inside taps with a = max(x, 0) (negative
//   inputs count as 0; an all-zero window gives 0; NaN gives NaN), in float. Train picks
//   a tap with u = cell_uniform(channel_key(seed, channel), oy*out_w + ox) by the
//   cumulative distribution; eval gives sum a_i^2 / sum a_i (so values past about 1e19,
//   whose squares overflow float, give inf, as float arithmetic does).
// - softpool: sum softmax(x)_i * x_i over the inside taps, in float, the softmax shifted
//   by the maximum of the rows a block of 16 output rows reads (or by the window's
//   maximum where those rows are not finite or span more than 80; softpool_band_shift).
// - global-avg and adaptive-avg 1x1: PyTorch takes mean() (a CPU-dependent vectorised
//   sum); this sums in double, equal within float rounding.
// - blurpool: max at stride 1 (kernel/padding/dilation), reflect padding, normalised
//   binomial blur of blur_size, every stride-th sample from 0.
PoolResult pool(const Tensor& input, const PoolSpec& spec, const PoolOptions& options = {});

// The same into `result`, reusing its buffers when they have the output's shape and
// nothing else holds them (repeated pooling then touches no fresh memory).
void pool_into(const Tensor& input, const PoolSpec& spec, PoolResult& result,
               const PoolOptions& options = {});

// SegNet's max-unpool from indices (PyTorch's max_unpool2d). Output default size
// (I-1)*s - 2p + k; an explicit size must lie strictly within (default - s, default + s).
// Throws ParamError on a bad size or an out-of-range index. `threads` as in PoolOptions.
Tensor max_unpool(const Tensor& input, const IndexTensor& indices, Size2 kernel,
                  std::optional<Size2> stride = std::nullopt, Size2 padding = {0, 0},
                  std::optional<Size2> output_size = std::nullopt, int threads = 0);

// The same into `result`, reusing its buffer when it has the output's shape and
// nothing else holds it. After a throw for a bad index its contents are unspecified.
void max_unpool_into(const Tensor& input, const IndexTensor& indices, Size2 kernel,
                     std::optional<Size2> stride, Size2 padding, std::optional<Size2> output_size,
                     Tensor& result, int threads = 0);

// Fractional max: the per-channel samples {u_w, u_h} used for spec on `channels`
// channels (given ones, or drawn from spec.seed). Exposed so a trace reproduces them.
std::array<double, 2> fractional_sample(const PoolSpec& spec, int channel);

// Fractional max: start of window i along one axis (PyTorch's interval formula,
// computed in float as ATen does for float input).
int fractional_start(int i, int in, int out, int kernel, double u);

// Adaptive pooling bins along one axis: [start, end).
inline int adaptive_start(int o, int in, int out)
{
    return int((long long)o * in / out);
}
inline int adaptive_end(int o, int in, int out)
{
    return int(((long long)(o + 1) * in + out - 1) / out);
}

} // namespace poolscope
