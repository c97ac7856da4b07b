#pragma once
// What one window of a sliding pool gives, one definition per op (avg, LP, mixed,
// stochastic, SoftPool; max and min are extreme_window in pool_window.h), and
// SlidingWindows, which evaluates any output cell with them. The per-cell path
// and trace() evaluate windows with these, and every fast kernel computes exactly
// what they compute, bit for bit.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "core/pool/pool_window.h"
#include "core/shape/pool_shape.h"
#include "core/spec/pool_spec.h"
#include "core/tensor/size2.h"

namespace poolscope::detail {

// PyTorch's avg window along one axis: [lo, hi) inside the input, and `pool`, the
// size before clamping (it includes the padding, not the overhang that ceil_mode
// adds past the right padding).
struct AvgAxis {
    int lo = 0, hi = 0, pool = 0;
    int count() const { return hi - lo; }
};

inline AvgAxis avg_axis(int o, int in, int kernel, int stride, int pad)
{
    const int start = o * stride - pad;
    const int end = std::min(start + kernel, in + pad);
    return {std::max(start, 0), std::min(end, in), end - start};
}

// x^e as ATen's pow with a scalar exponent computes it for float tensors
// (Tensor.pow: a copy for 1; pow_tensor_scalar_kernel: sqrt for 0.5, exact products
// for 2 and 3, powf otherwise). A negative x keeps its sign through the products and
// gives NaN under sqrt and powf with a fractional exponent.
inline float pow_like_torch(float x, double e)
{
    if (e == 1.0)
        return x;
    if (e == 0.5)
        return std::sqrt(x);
    if (e == 2.0)
        return x * x;
    if (e == 3.0)
        return x * x * x;
    return std::pow(x, float(e));
}

// lp_pool2d's sign(a) * relu(|a|) on the window's average a: a itself, except that
// -0 becomes +0 (sign(-0) is 0) and a NaN loses its sign bit (sign(NaN) is 0 and
// relu(|NaN|) a NaN without sign, whose product keeps that NaN).
inline float lp_rectify(float a)
{
    return a == 0.f || std::isnan(a) ? std::fabs(a) : a;
}

// A window's float sum in row-major order, tap by tap, as ATen sums it.
template <class F> float tap_sum(const Plane& p, const AvgAxis& ay, const AvgAxis& ax, F&& value_of)
{
    float sum = 0.f;
    for (int y = ay.lo; y < ay.hi; ++y) {
        const float* row = p.row(y);
        for (int x = ax.lo; x < ax.hi; ++x)
            sum += value_of(row[x]);
    }
    return sum;
}

// avg_pool2d: float sum in row-major order, then sum / float(divisor), as ATen's
// cpu_avg_pool does for float. `sum`, when given, is the window's sum as the full op
// computes it (running sums for large windows, window_sums.h).
inline CellResult avg_window(const Plane& p, const AvgAxis& ay, const AvgAxis& ax, bool count_include_pad,
                             std::optional<int> divisor_override, std::optional<float> sum = {})
{
    if (!sum)
        sum = tap_sum(p, ay, ax, [](float v) { return v; });
    long long divisor = divisor_override    ? *divisor_override
                        : count_include_pad ? (long long)ay.pool * ax.pool
                                            : (long long)ay.count() * ax.count();
    CellResult r;
    r.value = *sum / float(divisor);
    r.sum = *sum;
    r.divisor = double(divisor);
    return r;
}

// lp_pool2d exactly as PyTorch computes it (torch/nn/functional.py): a =
// avg_pool2d(x^p) with no padding (the divisor is the window clamped to the input),
// then sign(a) * relu(|a|) (lp_rectify), times kw*kh, then ^(1/p), all in float.
// x itself is raised to p, not |x|: the window's p-sum S keeps its sign, so for S < 0
// p = 1 gives a negative result and an odd or fractional p gives NaN (the root of a
// negative number); a fractional p already makes x^p NaN for a negative x.
// The literature's LP pooling, (sum |x|^p)^(1/p) (Sermanet 2012, Gulcehre 2013), is
// not kept as an op of its own: for x >= 0, which is what follows a ReLU, the two
// are the same.
inline CellResult lp_window(const Plane& p, const AvgAxis& ay, const AvgAxis& ax, Size2 kernel, double norm,
                            std::optional<float> sum = {})
{
    if (!sum)
        sum = tap_sum(p, ay, ax, [norm](float v) { return pow_like_torch(v, norm); });
    // lp_pool2d has no padding, so the avg divisor is the clamped window size.
    const long long divisor = (long long)ay.pool * ax.pool;
    const float avg = *sum / float(divisor);
    CellResult r;
    r.value = pow_like_torch(lp_rectify(avg) * float(kernel.h * kernel.w), 1.0 / norm);
    r.sum = *sum;
    r.divisor = double(divisor);
    return r;
}

// Mixed pooling (Yu et al. 2014): alpha*max + (1-alpha)*avg, the avg with the
// spec's count_include_pad and divisor_override.
inline CellResult mixed_window(const Plane& p, const AxisTaps& ty, const AxisTaps& tx, const AvgAxis& ay,
                               const AvgAxis& ax, const PoolSpec& spec, std::optional<float> sum = {})
{
    const CellResult mx = extreme_window<false>(p, ty, tx);
    const CellResult av = avg_window(p, ay, ax, spec.count_include_pad, spec.divisor_override, sum);
    CellResult r = mx;
    r.max_part = mx.value;
    r.avg_part = av.value;
    r.divisor = av.divisor;
    r.value = float(spec.alpha * double(mx.value) + (1.0 - spec.alpha) * double(av.value));
    return r;
}

// Stochastic pooling (Zeiler & Fergus 2013) over the inside taps, with a = max(x, 0):
// negative inputs count as 0, an all-zero window gives 0, a NaN gives NaN. Train picks
// the first tap whose cumulative a exceeds u * sum(a); eval is sum(a_i^2) / sum(a).
// All in float, taps in row-major order.
inline CellResult stochastic_window(const Plane& p, const AxisTaps& ty, const AxisTaps& tx, bool train,
                                    float u)
{
    float sum = 0.f, sum_sq = 0.f;
    bool nan = false;
    for (int i = 0; i < ty.count; ++i) {
        const float* row = p.row(ty.first() + i * ty.step);
        for (int j = 0; j < tx.count; ++j) {
            const float v = row[tx.first() + j * tx.step];
            nan |= std::isnan(v);
            const float a = v > 0.f ? v : 0.f;
            sum += a;
            sum_sq += a * a;
        }
    }
    CellResult r;
    r.sum = sum;
    if (nan) {
        r.value = std::numeric_limits<float>::quiet_NaN();
        return r;
    }
    if (!(sum > 0.f))
        return r; // all taps <= 0: value 0, nothing chosen
    if (!train) {
        r.value = sum_sq / sum;
        return r;
    }
    const float target = u * sum;
    float cumulative = 0.f;
    for (int i = 0; i < ty.count; ++i) {
        const int y = ty.first() + i * ty.step;
        const float* row = p.row(y);
        for (int j = 0; j < tx.count; ++j) {
            const int x = tx.first() + j * tx.step;
            if (!(row[x] > 0.f))
                continue;
            cumulative += row[x];
            r.chosen_y = y;
            r.chosen_x = x;
            r.value = row[x];
            if (cumulative > target)
                return r;
        }
    }
    return r; // rounding left the target at the very end: the last positive tap
}

// SoftPool's shift, shared by a block of kSoftPoolBlock output rows (blocks start at
// output row 0): the largest value of the input rows [r0, r1) the block reads, when
// those rows are finite and span at most kSoftPoolSpan (then e^(x - shift) is a
// normal float for every tap, and every window of the block shares each tap's
// exponential); NaN otherwise, meaning each window shifts by its own maximum.
inline constexpr float kSoftPoolSpan = 80.f;
inline constexpr int kSoftPoolBlock = 16;
float softpool_band_shift(const Plane& p, int r0, int r1);

// SoftPool (Stergiou et al. 2021): sum softmax(x)_i * x_i over the inside taps, as
// sum e_i*x_i / sum e_i with e_i = exp_f(x_i - shift), in float, taps in row-major
// order. The shift is the band's (softpool_band_shift) or, when that is NaN, the
// window's maximum: then a NaN gives NaN and an infinite maximum is the limit (the
// result is that maximum). A window without inside taps (only possible with
// dilation) gives 0.
CellResult softpool_window(const Plane& p, const AxisTaps& ty, const AxisTaps& tx, float band_shift);

// The windows of one sliding op on one input.
class SlidingWindows {
public:
    struct Axis {
        AxisTaps taps; // max-style: padding taps skipped
        AvgAxis avg;   // avg-style
    };

    SlidingWindows(const PoolSpec& spec, const PoolGeometry& g) : spec_(spec), g_(g) {}

    Axis axis_y(int oy) const
    {
        return axis(oy, g_.in.h, g_.kernel.h, g_.stride.h, g_.padding.h, g_.dilation.h);
    }
    Axis axis_x(int ox) const
    {
        return axis(ox, g_.in.w, g_.kernel.w, g_.stride.w, g_.padding.w, g_.dilation.w);
    }

    // What every cell of one output row shares: SoftPool's shift, stochastic
    // pooling's per-channel key, the window sums of an average-type op whose windows
    // are summed by running sums (window_sums.h). Computed once per row by pool() and
    // trace() alike.
    struct RowContext {
        float softpool_shift = std::numeric_limits<float>::quiet_NaN();
        std::uint32_t key = 0;
        std::vector<float> sums; // empty: each window summed tap by tap
    };
    RowContext row_context(const Plane& p, int channel, int oy) const;
    // The input rows [first, second) read by output rows [oy0, oy1).
    std::pair<int, int> rows_read(int oy0, int oy1) const;

    // The output at (channel, oy, ox), given that cell's axes and its row's context.
    CellResult eval(const Plane& p, int oy, int ox, const Axis& y, const Axis& x,
                    const RowContext& row) const;

private:
    static Axis axis(int o, int in, int k, int s, int pad, int d)
    {
        return {sliding_taps(o, in, k, s, pad, d), avg_axis(o, in, k, s, pad)};
    }

    const PoolSpec& spec_;
    const PoolGeometry& g_;
};

} // namespace poolscope::detail
