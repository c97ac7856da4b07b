#include "tests/reference/naive_pool.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "core/pool/counter_rng.h"
#include "core/tensor/errors.h"

namespace poolscope::reference {

namespace {

[[noreturn]] void reject(const std::string& why)
{
    throw ParamError("reference rejects: " + why);
}

// One tap of a sliding window, in row-major window order.
struct Tap {
    bool inside = false;
    float value = 0.f;
    std::int64_t flat = -1; // h * W + w when inside
};

struct Sliding {
    Size2 k, s, p, d;
    bool ceil = false;
    int out_h = 0, out_w = 0;
};

bool is_sliding(PoolOp op)
{
    switch (op) {
    case PoolOp::Max:
    case PoolOp::Min:
    case PoolOp::Avg:
    case PoolOp::Lp:
    case PoolOp::Mixed:
    case PoolOp::Stochastic:
    case PoolOp::SoftPool:
    case PoolOp::BlurPool:
        return true;
    default:
        return false;
    }
}

// PyTorch's pool2d checks (pooling_output_shape, then pool2d_shape_check), plus what
// each definition does not have: avg/mixed/LP have no dilation, LP has no padding.
// `out_stride` is the stride the output size is computed with (1 for BlurPool's max).
Sliding sliding_geometry(const PoolSpec& spec, int in_h, int in_w, Size2 out_stride)
{
    Sliding g{spec.kernel, spec.stride.value_or(spec.kernel), spec.padding, spec.dilation, spec.ceil_mode};
    const bool no_dilation = spec.op == PoolOp::Avg || spec.op == PoolOp::Mixed || spec.op == PoolOp::Lp;
    if (no_dilation && (g.d.h != 1 || g.d.w != 1))
        reject("dilation for an op without dilation");
    if (spec.op == PoolOp::Lp && (g.p.h != 0 || g.p.w != 0))
        reject("padding for lp pooling");
    if ((spec.op == PoolOp::Avg || spec.op == PoolOp::Mixed) && spec.divisor_override == 0)
        reject("divisor_override 0");
    for (auto [k, s, p] : {std::tuple{g.k.h, g.s.h, g.p.h}, std::tuple{g.k.w, g.s.w, g.p.w}}) {
        if (s == 0)
            reject("zero stride");
        if (p < 0)
            reject("negative padding");
        if (p > k / 2) // PyTorch 1.13: half the kernel size, whatever the dilation
            reject("padding above half the kernel");
    }
    if (g.k.h <= 0 || g.k.w <= 0 || g.s.h <= 0 || g.s.w <= 0 || g.d.h <= 0 || g.d.w <= 0)
        reject("non-positive kernel, stride or dilation");
    if (in_h < 1 || in_w < 1)
        reject("empty input");
    const long long oh = output_size(in_h, g.k.h, g.p.h, out_stride.h, g.d.h, g.ceil);
    const long long ow = output_size(in_w, g.k.w, g.p.w, out_stride.w, g.d.w, g.ceil);
    if (oh < 1 || ow < 1)
        reject("output size below 1");
    g.out_h = int(oh);
    g.out_w = int(ow);
    if (spec.op == PoolOp::Lp && !(spec.norm_type > 0 && std::isfinite(spec.norm_type)))
        reject("norm_type not a positive number");
    if (spec.op == PoolOp::Mixed && !(spec.alpha >= 0 && spec.alpha <= 1))
        reject("alpha outside [0, 1]");
    return g;
}

// The taps of output cell (oy, ox): h = oy*s - p + i*d, row-major over (i, j).
struct Window {
    std::vector<Tap> taps;
    // PyTorch's max index before any tap is read: the first tap at or after 0 on each
    // axis. With dilation a window can have no tap inside; this index then stays.
    std::int64_t initial_index = -1;
};

int first_tap_at_or_after_zero(int start, int dilation)
{
    return start >= 0 ? start : start + (-start + dilation - 1) / dilation * dilation;
}

Window window(const Tensor& in, int c, const Sliding& g, Size2 stride, int oy, int ox)
{
    Window win;
    win.initial_index = std::int64_t(first_tap_at_or_after_zero(oy * stride.h - g.p.h, g.d.h)) * in.width() +
                        first_tap_at_or_after_zero(ox * stride.w - g.p.w, g.d.w);
    std::vector<Tap>& taps = win.taps;
    taps.reserve(std::size_t(g.k.h) * g.k.w);
    for (int i = 0; i < g.k.h; ++i) {
        for (int j = 0; j < g.k.w; ++j) {
            const int h = oy * stride.h - g.p.h + i * g.d.h;
            const int w = ox * stride.w - g.p.w + j * g.d.w;
            Tap t;
            t.inside = h >= 0 && h < in.height() && w >= 0 && w < in.width();
            if (t.inside) {
                t.value = in.at(c, h, w);
                t.flat = std::int64_t(h) * in.width() + w;
            }
            taps.push_back(t);
        }
    }
    return win;
}

// Max (or min, with `less`): padding never wins; `v > best || isnan(v)` so NaN
// propagates and the first of equal values is kept; an all -inf window keeps
// PyTorch's initial index.
std::pair<float, std::int64_t> extreme(const std::vector<Tap>& taps, bool less, std::int64_t initial_index)
{
    float best = less ? std::numeric_limits<float>::infinity() : -std::numeric_limits<float>::infinity();
    std::int64_t index = initial_index;
    for (const Tap& t : taps) {
        if (!t.inside)
            continue;
        const bool better = less ? t.value < best : t.value > best;
        if (better || std::isnan(t.value)) {
            best = t.value;
            index = t.flat;
        }
    }
    return {best, index};
}

// PyTorch's avg_pool2d for one cell: float sum in row-major order, int divisor.
float average(const Tensor& in, int c, const PoolSpec& spec, const Sliding& g, int oy, int ox)
{
    const int H = in.height(), W = in.width();
    int h0 = oy * g.s.h - g.p.h, w0 = ox * g.s.w - g.p.w;
    int h1 = std::min(h0 + g.k.h, H + g.p.h), w1 = std::min(w0 + g.k.w, W + g.p.w);
    const long long pool_size = (long long)(h1 - h0) * (w1 - w0);
    h0 = std::max(h0, 0);
    w0 = std::max(w0, 0);
    h1 = std::min(h1, H);
    w1 = std::min(w1, W);
    if (h0 >= h1 || w0 >= w1)
        return 0.f;
    float sum = 0.f;
    for (int h = h0; h < h1; ++h)
        for (int w = w0; w < w1; ++w)
            sum += in.at(c, h, w);
    long long divisor = spec.divisor_override    ? *spec.divisor_override
                        : spec.count_include_pad ? pool_size
                                                 : (long long)(h1 - h0) * (w1 - w0);
    return sum / float(divisor);
}

// ATen's pow with a scalar exponent on a float tensor: Tensor.pow copies for 1;
// pow_tensor_scalar_kernel multiplies for 2 and 3, takes the square root for 0.5 and
// calls pow for any other exponent (float pow here; ATen's vectorised pow may differ
// from it by an ulp).
float aten_pow(float x, double e)
{
    if (e == 1.0)
        return x;
    if (e == 2.0)
        return x * x;
    if (e == 3.0)
        return x * x * x;
    if (e == 0.5)
        return std::sqrt(x);
    return std::pow(x, float(e));
}

// torch.nn.functional.lp_pool2d, line by line:
//   out = avg_pool2d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
//   return (torch.sign(out) * relu(torch.abs(out))).mul(kw * kh).pow(1.0 / norm_type)
// Padding 0, so the divisor is the window clipped to the input. x itself is raised to
// p, not |x|: a window whose sum of x^p is negative gives a negative result for p = 1
// and NaN for an odd or fractional p. In float as PyTorch computes it for float
// tensors: a large p underflows small values to 0 there (0.17^64), and so it must here.
float lp(const Tensor& in, int c, const PoolSpec& spec, const Sliding& g, int oy, int ox)
{
    const int H = in.height(), W = in.width();
    const int h0 = oy * g.s.h, w0 = ox * g.s.w;
    const int h1 = std::min(h0 + g.k.h, H), w1 = std::min(w0 + g.k.w, W);
    float sum = 0;
    for (int h = h0; h < h1; ++h)
        for (int w = w0; w < w1; ++w)
            sum += aten_pow(in.at(c, h, w), spec.norm_type);
    const float out = sum / float((h1 - h0) * (w1 - w0));
    // torch.sign: (0 < v) - (v < 0), so 0 for both zeros and for NaN; relu keeps a NaN.
    const float sign = float(int(0.f < out) - int(out < 0.f));
    const float magnitude = std::fabs(out);
    const float relu = magnitude < 0.f ? 0.f : magnitude;
    return aten_pow(sign * relu * float(g.k.h * g.k.w), 1.0 / spec.norm_type);
}

// Zeiler & Fergus: p_i = max(a_i, 0) / sum; eval is sum p_i a_i, train samples
// one a_i with u = cell_uniform(channel_key(seed, channel), oy * out_w + ox): the
// first tap whose cumulative a exceeds u * sum, all in float in tap order. A window
// with nothing positive gives 0, a NaN gives NaN.
float stochastic(const std::vector<Tap>& taps, const PoolSpec& spec, int c, int oy, int ox, int out_w)
{
    double total = 0;
    for (const Tap& t : taps) {
        if (t.inside && std::isnan(t.value))
            return std::numeric_limits<float>::quiet_NaN();
        if (t.inside && t.value > 0)
            total += t.value;
    }
    if (!(total > 0))
        return 0.f;
    if (!spec.train) {
        double expectation = 0;
        for (const Tap& t : taps)
            if (t.inside && t.value > 0)
                expectation += double(t.value) / total * t.value;
        return float(expectation);
    }
    float total_f = 0.f;
    for (const Tap& t : taps)
        if (t.inside && t.value > 0)
            total_f += t.value;
    const float u =
        cell_uniform(channel_key(spec.seed, c), std::uint32_t(oy) * std::uint32_t(out_w) + std::uint32_t(ox));
    const float target = u * total_f;
    float cumulative = 0.f;
    float last_positive = 0.f;
    for (const Tap& t : taps) {
        if (!t.inside || !(t.value > 0))
            continue;
        cumulative += t.value;
        last_positive = t.value;
        if (cumulative > target)
            return t.value;
    }
    return last_positive; // u * sum rounded up to the whole sum
}

// SoftPool: sum softmax(a)_i * a_i over the taps inside the input. Limits: a NaN gives
// NaN, an infinite max gives that max (all weight on it), no tap inside gives 0.
float softpool(const std::vector<Tap>& taps)
{
    double top = -std::numeric_limits<double>::infinity();
    bool any = false;
    for (const Tap& t : taps) {
        if (!t.inside)
            continue;
        if (std::isnan(t.value))
            return std::numeric_limits<float>::quiet_NaN();
        any = true;
        top = std::max(top, double(t.value));
    }
    if (!any)
        return 0.f;
    if (std::isinf(top))
        return float(top);
    double weights = 0, weighted = 0;
    for (const Tap& t : taps) {
        if (!t.inside || std::isinf(t.value)) // exp(-inf) = 0
            continue;
        const double e = std::exp(double(t.value) - top);
        weights += e;
        weighted += e * t.value;
    }
    return float(weighted / weights);
}

Result sliding_pool(const Tensor& in, const PoolSpec& spec)
{
    const Sliding g = sliding_geometry(spec, in.height(), in.width(), spec.stride.value_or(spec.kernel));
    const int C = in.channels();
    Result r;
    r.output = Tensor(C, g.out_h, g.out_w);
    const bool indexed = spec.op == PoolOp::Max || spec.op == PoolOp::Min;
    if (indexed)
        r.indices =
            IndexTensor{C, g.out_h, g.out_w, std::vector<std::int64_t>(std::size_t(C) * g.out_h * g.out_w)};
    for (int c = 0; c < C; ++c) {
        for (int oy = 0; oy < g.out_h; ++oy) {
            for (int ox = 0; ox < g.out_w; ++ox) {
                const Window win = window(in, c, g, g.s, oy, ox);
                const std::vector<Tap>& taps = win.taps;
                float v = 0.f;
                switch (spec.op) {
                case PoolOp::Max:
                case PoolOp::Min: {
                    const auto [best, index] = extreme(taps, spec.op == PoolOp::Min, win.initial_index);
                    v = best;
                    r.indices.at(c, oy, ox) = index;
                    break;
                }
                case PoolOp::Avg:
                    v = average(in, c, spec, g, oy, ox);
                    break;
                case PoolOp::Lp:
                    v = lp(in, c, spec, g, oy, ox);
                    break;
                case PoolOp::Mixed: {
                    const double m = extreme(taps, false, win.initial_index).first;
                    const double a = average(in, c, spec, g, oy, ox);
                    v = float(spec.alpha * m + (1 - spec.alpha) * a);
                    break;
                }
                case PoolOp::Stochastic:
                    v = stochastic(taps, spec, c, oy, ox, g.out_w);
                    break;
                case PoolOp::SoftPool:
                    v = softpool(taps);
                    break;
                default:
                    reject("not a sliding op");
                }
                r.output.at(c, oy, ox) = v;
            }
        }
    }
    return r;
}

// Zhang's BlurPool: max at stride 1, then ReflectionPad ((b-1)/2 before, the rest
// after) and the normalised binomial filter, evaluated every `stride` samples.
Result blur_pool(const Tensor& in, const PoolSpec& spec)
{
    const Sliding g = sliding_geometry(spec, in.height(), in.width(), {1, 1});
    const int b = spec.blur_size;
    if (b < 2 || b > 5)
        reject("blur_size outside 2..5");
    const int before = (b - 1) / 2;
    const int after = b - 1 - before;
    if (g.out_h <= std::max(before, after) || g.out_w <= std::max(before, after))
        reject("reflect padding as large as the max map");

    PoolSpec max_spec = spec;
    max_spec.op = PoolOp::Max;
    max_spec.stride = Size2{1, 1};
    const Tensor m = sliding_pool(in, max_spec).output;

    // Row of Pascal's triangle: [1,1], [1,2,1], [1,3,3,1], [1,4,6,4,1].
    std::vector<double> binomial{1};
    for (int n = 1; n < b; ++n) {
        std::vector<double> next(binomial.size() + 1, 0.0);
        for (std::size_t i = 0; i < binomial.size(); ++i) {
            next[i] += binomial[i];
            next[i + 1] += binomial[i];
        }
        binomial = next;
    }
    const double norm = std::pow(2.0, 2 * (b - 1));
    auto reflect = [](int i, int n) { return i < 0 ? -i : (i >= n ? 2 * (n - 1) - i : i); };

    const Size2 s = spec.stride.value_or(spec.kernel);
    const int oh = (m.height() - 1) / s.h + 1, ow = (m.width() - 1) / s.w + 1;
    Result r;
    r.output = Tensor(in.channels(), oh, ow);
    for (int c = 0; c < in.channels(); ++c) {
        for (int oy = 0; oy < oh; ++oy) {
            for (int ox = 0; ox < ow; ++ox) {
                double sum = 0;
                for (int i = 0; i < b; ++i)
                    for (int j = 0; j < b; ++j)
                        sum += binomial[i] * binomial[j] / norm *
                               m.at(c, reflect(oy * s.h - before + i, m.height()),
                                    reflect(ox * s.w - before + j, m.width()));
                r.output.at(c, oy, ox) = float(sum);
            }
        }
    }
    return r;
}

// AdaptivePooling.h: bin o covers [floor(o*I/O), ceil((o+1)*I/O)).
int bin_start(int o, int in, int out)
{
    return int(std::floor(double(o) * in / out));
}
int bin_end(int o, int in, int out)
{
    return int(std::ceil(double(o + 1) * in / out));
}

Result adaptive_pool(const Tensor& in, Size2 out, bool is_max)
{
    if (in.height() < 1 || in.width() < 1)
        reject("empty input");
    if (out.h < 1 || out.w < 1)
        reject("output_size below 1");
    const int C = in.channels();
    Result r;
    r.output = Tensor(C, out.h, out.w);
    if (is_max)
        r.indices = IndexTensor{C, out.h, out.w, std::vector<std::int64_t>(std::size_t(C) * out.h * out.w)};
    for (int c = 0; c < C; ++c) {
        for (int oy = 0; oy < out.h; ++oy) {
            const int h0 = bin_start(oy, in.height(), out.h), h1 = bin_end(oy, in.height(), out.h);
            for (int ox = 0; ox < out.w; ++ox) {
                const int w0 = bin_start(ox, in.width(), out.w), w1 = bin_end(ox, in.width(), out.w);
                if (is_max) {
                    std::vector<Tap> taps;
                    for (int h = h0; h < h1; ++h)
                        for (int w = w0; w < w1; ++w)
                            taps.push_back({true, in.at(c, h, w), std::int64_t(h) * in.width() + w});
                    const auto [best, index] = extreme(taps, false, taps.front().flat);
                    r.output.at(c, oy, ox) = best;
                    r.indices.at(c, oy, ox) = index;
                } else if (out == Size2{1, 1}) {
                    // ATen's adaptive_avg_pool2d takes mean() for a 1x1 output; its
                    // summation order depends on the CPU, so: the exact mean, rounded once.
                    double sum = 0;
                    for (int h = h0; h < h1; ++h)
                        for (int w = w0; w < w1; ++w)
                            sum += in.at(c, h, w);
                    r.output.at(c, oy, ox) = float(sum / (double(h1 - h0) * (w1 - w0)));
                } else {
                    // AdaptiveAvgPoolKernel: float sum, divided by the height, then the width.
                    float sum = 0.f;
                    for (int h = h0; h < h1; ++h)
                        for (int w = w0; w < w1; ++w)
                            sum += in.at(c, h, w);
                    r.output.at(c, oy, ox) = sum / float(h1 - h0) / float(w1 - w0);
                }
            }
        }
    }
    return r;
}

Size2 fractional_output(const PoolSpec& spec, int in_h, int in_w)
{
    if (spec.output_size)
        return *spec.output_size;
    if (!spec.output_ratio)
        reject("fractional without output_size or output_ratio");
    const auto [rh, rw] = *spec.output_ratio;
    if (!(rh > 0 && rh < 1 && rw > 0 && rw < 1))
        reject("output_ratio outside (0, 1)");
    return {int(in_h * rh), int(in_w * rw)}; // Python's int(size * ratio)
}

Result fractional_pool(const Tensor& in, const PoolSpec& spec)
{
    const Size2 k = spec.kernel;
    if (k.h <= 0 || k.w <= 0)
        reject("non-positive kernel");
    if (in.height() < 1 || in.width() < 1)
        reject("empty input");
    const Size2 out = fractional_output(spec, in.height(), in.width());
    if (out.h < 1 || out.w < 1)
        reject("output size below 1");
    if (out.h + k.h - 1 > in.height() || out.w + k.w - 1 > in.width())
        reject("pool too large relative to the input");
    const int C = in.channels();
    // PyTorch's _random_samples has shape (N, C, 2): one pair per channel.
    if (!spec.fractional_samples.empty() && spec.fractional_samples.size() != std::size_t(C))
        reject("fractional samples not one pair per channel");
    Result r;
    r.output = Tensor(C, out.h, out.w);
    r.indices = IndexTensor{C, out.h, out.w, std::vector<std::int64_t>(std::size_t(C) * out.h * out.w)};
    for (int c = 0; c < C; ++c) {
        const auto [uw, uh] = fractional_sample(spec, c);
        if (!(uw >= 0 && uw < 1 && uh >= 0 && uh < 1))
            reject("fractional sample outside [0, 1)");
        for (int oy = 0; oy < out.h; ++oy) {
            const int h0 = fractional_start(oy, in.height(), out.h, k.h, float(uh));
            for (int ox = 0; ox < out.w; ++ox) {
                const int w0 = fractional_start(ox, in.width(), out.w, k.w, float(uw));
                std::vector<Tap> taps;
                for (int h = h0; h < h0 + k.h; ++h)
                    for (int w = w0; w < w0 + k.w; ++w)
                        taps.push_back({true, in.at(c, h, w), std::int64_t(h) * in.width() + w});
                const auto [best, index] = extreme(taps, false, taps.front().flat);
                r.output.at(c, oy, ox) = best;
                r.indices.at(c, oy, ox) = index;
            }
        }
    }
    return r;
}

} // namespace

long long output_size(long long in, int kernel, int pad, int stride, int dilation, bool ceil_mode)
{
    const long long span =
        in + 2LL * pad - (long long)dilation * (kernel - 1) - 1 + (ceil_mode ? stride - 1 : 0);
    long long out = (long long)std::floor(double(span) / stride) + 1;
    if (ceil_mode && (out - 1) * stride >= in + pad)
        --out;
    return out;
}

std::array<double, 2> fractional_sample(const PoolSpec& spec, int channel)
{
    if (!spec.fractional_samples.empty()) {
        if (std::size_t(channel) >= spec.fractional_samples.size())
            reject("no fractional sample for this channel");
        return spec.fractional_samples[std::size_t(channel)];
    }
    return {counter_uniform(spec.seed, std::uint64_t(channel), 0),
            counter_uniform(spec.seed, std::uint64_t(channel), 1)};
}

int fractional_start(int i, int in, int out, int kernel, float u)
{
    if (i == out - 1)
        return in - kernel;
    // FractionalMaxPool2d.cpp computes in scalar_t: float for float tensors.
    const float alpha = float(in - kernel) / float(out - 1);
    return int((float(i) + u) * alpha) - int(u * alpha);
}

Result pool(const Tensor& input, const PoolSpec& spec)
{
    switch (spec.op) {
    case PoolOp::AdaptiveMax:
    case PoolOp::AdaptiveAvg:
        if (!spec.output_size)
            reject("adaptive without output_size");
        return adaptive_pool(input, *spec.output_size, spec.op == PoolOp::AdaptiveMax);
    case PoolOp::GlobalMax:
    case PoolOp::GlobalAvg:
        return adaptive_pool(input, {1, 1}, spec.op == PoolOp::GlobalMax);
    case PoolOp::FractionalMax:
        return fractional_pool(input, spec);
    case PoolOp::BlurPool:
        return blur_pool(input, spec);
    default:
        if (!is_sliding(spec.op))
            reject("unknown op");
        return sliding_pool(input, spec);
    }
}

Tensor max_unpool(const Tensor& input, const IndexTensor& indices, Size2 kernel, std::optional<Size2> stride,
                  Size2 padding, std::optional<Size2> output_size)
{
    if (indices.channels != input.channels() || indices.height != input.height() ||
        indices.width != input.width() || indices.data.size() != input.size())
        reject("indices and input differ in shape");
    const Size2 s = stride.value_or(kernel);
    const Size2 def{(input.height() - 1) * s.h - 2 * padding.h + kernel.h,
                    (input.width() - 1) * s.w - 2 * padding.w + kernel.w};
    Size2 out = def;
    if (output_size) {
        out = *output_size;
        // torch.nn.functional._unpool_output_size: strictly between default -/+ stride.
        if (!(def.h - s.h < out.h && out.h < def.h + s.h && def.w - s.w < out.w && out.w < def.w + s.w))
            reject("output_size outside (default - stride, default + stride)");
    }
    if (out.h < 1 || out.w < 1)
        reject("unpool output below 1");
    Tensor result(input.channels(), out.h, out.w);
    const std::int64_t plane = std::int64_t(out.h) * out.w;
    for (int c = 0; c < input.channels(); ++c) {
        for (int y = 0; y < input.height(); ++y) {
            for (int x = 0; x < input.width(); ++x) {
                const std::int64_t index = indices.at(c, y, x);
                if (index < 0 || index >= plane)
                    reject("index outside the output plane");
                result.at(c, int(index / out.w), int(index % out.w)) = input.at(c, y, x);
            }
        }
    }
    return result;
}

} // namespace poolscope::reference
