// conv2d with PyTorch's geometry and padding modes, and the activations.
#include "core/conv/conv_ops.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <opencv2/core/hal/intrin.hpp>

#include "core/conv/conv_padding.h"
#include "core/conv/conv_tap.h"
#include "core/tensor/errors.h"
#include "core/tensor/threads.h"
#include "core/x86/cpu_features.h"

namespace poolscope {
namespace {

std::string hw(int h, int w)
{
    return std::to_string(h) + " x " + std::to_string(w);
}
std::string hw(Size2 s)
{
    return hw(s.h, s.w);
}

// Where the padded input starts and ends around the real one, per side.
struct Geometry {
    int top = 0, bottom = 0, left = 0, right = 0;
    Size2 out;
};

// PyTorch's checks for conv2d, in words a student can act on.
Geometry conv_geometry(const ConvSpec& spec, Size2 kernel, int in_h, int in_w)
{
    if (kernel.h < 1 || kernel.w < 1)
        throw ParamError("kernel size must be at least 1, got " + hw(kernel));
    if (spec.stride.h < 1 || spec.stride.w < 1)
        throw ParamError("stride must be at least 1, got " + hw(spec.stride));
    if (spec.dilation.h < 1 || spec.dilation.w < 1)
        throw ParamError("dilation must be at least 1, got " + hw(spec.dilation));
    if (in_h < 1 || in_w < 1)
        throw ParamError("the input is empty (" + hw(in_h, in_w) + ")");

    Geometry g;
    if (spec.padding_same) {
        if (spec.stride.h != 1 || spec.stride.w != 1)
            throw ParamError("padding 'same' is not supported with stride " + hw(spec.stride) +
                             " (PyTorch allows it only for stride 1)");
        // Total d*(k-1): half before, the odd one after.
        const long long th = (long long)spec.dilation.h * (kernel.h - 1);
        const long long tw = (long long)spec.dilation.w * (kernel.w - 1);
        if (th > 1'000'000 || tw > 1'000'000)
            throw ParamError("dilation " + hw(spec.dilation) + " with kernel " + hw(kernel) +
                             " is too large");
        g.top = int(th / 2);
        g.bottom = int(th - th / 2);
        g.left = int(tw / 2);
        g.right = int(tw - tw / 2);
    } else {
        if (spec.padding.h < 0 || spec.padding.w < 0)
            throw ParamError("padding must not be negative, got " + hw(spec.padding));
        g.top = g.bottom = spec.padding.h;
        g.left = g.right = spec.padding.w;
    }

    const int ph = std::max(g.top, g.bottom), pw = std::max(g.left, g.right);
    if (spec.padding_mode == PaddingMode::Reflect && (ph >= in_h || pw >= in_w))
        throw ParamError("reflect padding must be smaller than the input: padding " + hw(ph, pw) +
                         " on an input of " + hw(in_h, in_w));
    if (spec.padding_mode == PaddingMode::Circular && (ph > in_h || pw > in_w))
        throw ParamError("circular padding can wrap around at most once: padding " + hw(ph, pw) +
                         " on an input of " + hw(in_h, in_w));

    const long long padded_h = (long long)in_h + g.top + g.bottom;
    const long long padded_w = (long long)in_w + g.left + g.right;
    const long long span_h = (long long)spec.dilation.h * (kernel.h - 1) + 1;
    const long long span_w = (long long)spec.dilation.w * (kernel.w - 1) + 1;
    if (span_h > padded_h || span_w > padded_w)
        throw ParamError("the kernel covers " + std::to_string(span_h) + " x " + std::to_string(span_w) +
                         " (size " + hw(kernel) + ", dilation " + hw(spec.dilation) +
                         ") but the padded input is only " + std::to_string(padded_h) + " x " +
                         std::to_string(padded_w) + ": the output would be empty");
    const long long out_h = (padded_h - span_h) / spec.stride.h + 1;
    const long long out_w = (padded_w - span_w) / spec.stride.w + 1;
    // cv::Mat sizes are int; stay far from overflow (the products in double: each side may pass 2^31).
    const double limit = double(1ll << 31);
    if (double(padded_h) * double(padded_w) > limit || double(out_h) * double(out_w) > limit)
        throw ParamError("padding " + hw(ph, pw) + " makes the maps too large (" + std::to_string(padded_h) +
                         " x " + std::to_string(padded_w) + ")");
    g.out = {int(out_h), int(out_w)};
    return g;
}

int border_type(PaddingMode m)
{
    switch (m) {
    case PaddingMode::Reflect:
        return cv::BORDER_REFLECT_101;
    case PaddingMode::Replicate:
        return cv::BORDER_REPLICATE;
    case PaddingMode::Circular:
        return cv::BORDER_WRAP;
    case PaddingMode::Zeros:
        break;
    }
    return cv::BORDER_CONSTANT;
}

constexpr int k_block = detail::kConvBlock;
using Tap = detail::ConvTap;

// Output values x .. x + V*lanes of NB channels: acc = sum over taps (in-channel,
// ky, kx order) of w * src[x], then + bias, so each value is summed in PyTorch's
// order whatever NB and V are. NB * V accumulators stay in registers across all
// taps: enough independent additions to hide their latency when NB is small.
#if CV_SIMD
template <int NB, int V>
inline void conv_vectors(const std::vector<Tap>& taps, const float* bias, float* const* out, int x)
{
    constexpr int n = cv::v_float32::nlanes;
    cv::v_float32 a[NB][V];
#pragma GCC unroll 8
    for (int b = 0; b < NB; ++b)
#pragma GCC unroll 8
        for (int v = 0; v < V; ++v)
            a[b][v] = cv::vx_setzero_f32();
    for (const Tap& t : taps) {
        cv::v_float32 w[NB];
#pragma GCC unroll 8
        for (int b = 0; b < NB; ++b)
            w[b] = cv::vx_setall_f32(t.w[b]);
#pragma GCC unroll 8
        for (int v = 0; v < V; ++v) {
            const cv::v_float32 in = cv::vx_load(t.src + x + v * n);
#pragma GCC unroll 8
            for (int b = 0; b < NB; ++b)
                a[b][v] = a[b][v] + w[b] * in;
        }
    }
#pragma GCC unroll 8
    for (int b = 0; b < NB; ++b) {
        const cv::v_float32 bb = cv::vx_setall_f32(bias[b]);
#pragma GCC unroll 8
        for (int v = 0; v < V; ++v)
            cv::v_store(out[b] + x + v * n, a[b][v] + bb);
    }
}
#endif

// A whole output row of NB channels.
template <int NB>
void conv_rows(const std::vector<Tap>& taps, int stride_x, const float* bias, float* const* out, int out_w)
{
    int x = 0;
#if defined(POOLSCOPE_AVX2_KERNELS)
    // Where the processor has AVX2, rows run eight lanes at a time with the very same arithmetic.
    if (stride_x == 1 && detail::cpu_has_avx2())
        x = detail::conv_row_avx2(NB, taps.data(), int(taps.size()), bias, out, out_w);
#endif
#if CV_SIMD
    if (stride_x == 1) {
        constexpr int n = cv::v_float32::nlanes;
        constexpr int V = detail::conv_vectors_per_step(NB);
        for (; x + V * n <= out_w; x += V * n) // x from 0 or where AVX2 stopped
            conv_vectors<NB, V>(taps, bias, out, x);
        for (; x + n <= out_w; x += n)
            conv_vectors<NB, 1>(taps, bias, out, x);
    }
#endif
    for (; x < out_w; ++x) {
        float acc[NB] = {};
        const std::size_t off = std::size_t(x) * stride_x;
        for (const Tap& t : taps) {
            const float v = t.src[off];
#pragma GCC unroll 4
            for (int b = 0; b < NB; ++b)
                acc[b] += t.w[b] * v;
        }
        for (int b = 0; b < NB; ++b)
            out[b][x] = acc[b] + bias[b];
    }
}

template <typename F> void map_values(float* p, std::size_t n, F f)
{
    for (std::size_t i = 0; i < n; ++i)
        p[i] = f(p[i]);
}

// n values in place, each as torch defines the activation; NaN stays NaN.
void activate(float* p, std::size_t n, Activation a, float negative_slope)
{
    switch (a) {
    case Activation::None:
        return;
    case Activation::ReLU:
        return map_values(p, n, [](float v) { return v < 0.f ? 0.f : v; });
    case Activation::LeakyReLU:
        return map_values(p, n, [s = negative_slope](float v) { return v > 0.f ? v : v * s; });
    case Activation::Sigmoid:
        return map_values(p, n, [](float v) { return 1.f / (1.f + std::exp(-v)); });
    case Activation::Tanh:
        return map_values(p, n, [](float v) { return std::tanh(v); });
    case Activation::Abs:
        return map_values(p, n, [](float v) { return std::fabs(v); });
    }
}

// The conv, each output row activated as soon as it is written (still in the cache).
Tensor conv_activated(const Tensor& input, const ConvWeights& w, const ConvSpec& spec, Activation activation,
                      float negative_slope, int threads)
{
    if (input.empty())
        throw ParamError("the input is empty (" + std::to_string(input.channels()) + " x " +
                         hw(input.height(), input.width()) + ")");
    if (w.in_channels != input.channels())
        throw ParamError("the weights expect " + std::to_string(w.in_channels) +
                         " input channels but the input has " + std::to_string(input.channels()));
    if (w.out_channels < 1)
        throw ParamError("out_channels must be at least 1, got " + std::to_string(w.out_channels));
    const Geometry g = conv_geometry(spec, w.kernel, input.height(), input.width());
    const std::size_t taps_per_pair = std::size_t(w.kernel.h) * w.kernel.w;
    if (w.weights.size() != std::size_t(w.out_channels) * w.in_channels * taps_per_pair)
        throw ParamError("the weights hold " + std::to_string(w.weights.size()) + " values, " +
                         std::to_string(w.out_channels) + " x " + std::to_string(w.in_channels) + " x " +
                         hw(w.kernel) + " needs " +
                         std::to_string(std::size_t(w.out_channels) * w.in_channels * taps_per_pair));
    if (!w.bias.empty() && w.bias.size() != std::size_t(w.out_channels))
        throw ParamError("the bias holds " + std::to_string(w.bias.size()) + " values for " +
                         std::to_string(w.out_channels) + " output channels");

    // Convolve the padded input with padding 0, as PyTorch does for the non-zero
    // modes; each stripe pads the rows it reads as it reaches them.
    const int in_c = input.channels();
    const detail::ConvPads pads{g.top, g.bottom, g.left, g.right, border_type(spec.padding_mode)};
    const int out_c = w.out_channels, out_h = g.out.h, out_w = g.out.w;
    Tensor out = Tensor::uninitialized(out_c, out_h, out_w); // every value is written below
    const int kh = w.kernel.h, kw = w.kernel.w;
    const int sy = spec.stride.h, sx = spec.stride.w, dy = spec.dilation.h, dx = spec.dilation.w;
    const int groups = (out_c + k_block - 1) / k_block;
    const int units = groups * out_h; // one output row of one channel block
    const double stripes = std::min<double>(units, thread_budget(threads) * 16.0);
    parallel_for(cv::Range(0, units), threads, stripes, [&](const cv::Range& r) {
        std::vector<Tap> taps(std::size_t(in_c) * taps_per_pair);
        detail::ConvPaddedRows padded(input, pads, (kh - 1) * dy + 1, kh);
        for (int unit = r.start; unit < r.end; ++unit) {
            const int o0 = unit / out_h * k_block, oy = unit % out_h;
            const int nb = std::min(k_block, out_c - o0);
            float bias[k_block] = {};
            float* rows[k_block] = {};
            for (int b = 0; b < nb; ++b) {
                bias[b] = w.bias.empty() ? 0.f : w.bias[std::size_t(o0 + b)];
                rows[b] = out.row(o0 + b, oy);
            }
            std::size_t n = 0;
            for (int i = 0; i < in_c; ++i)
                for (int ky = 0; ky < kh; ++ky) {
                    const float* src = padded.row(i, oy * sy + ky * dy, ky);
                    for (int kx = 0; kx < kw; ++kx, ++n) {
                        taps[n].src = src + std::size_t(kx) * dx;
                        for (int b = 0; b < k_block; ++b)
                            taps[n].w[b] = b < nb ? w.at(o0 + b, i, ky, kx) : 0.f;
                    }
                }
            switch (nb) {
            case 1:
                conv_rows<1>(taps, sx, bias, rows, out_w);
                break;
            case 2:
                conv_rows<2>(taps, sx, bias, rows, out_w);
                break;
            case 3:
                conv_rows<3>(taps, sx, bias, rows, out_w);
                break;
            default:
                conv_rows<4>(taps, sx, bias, rows, out_w);
                break;
            }
            for (int b = 0; b < nb; ++b)
                activate(rows[b], std::size_t(out_w), activation, negative_slope);
        }
    });
    return out;
}

} // namespace

Size2 conv_output_size(const ConvSpec& spec, int in_h, int in_w)
{
    return conv_geometry(spec, spec.custom ? spec.custom->kernel : spec.kernel, in_h, in_w).out;
}

Tensor conv2d(const Tensor& input, const ConvWeights& w, const ConvSpec& spec, const ConvOptions& options)
{
    return conv_activated(input, w, spec, Activation::None, 0.f, options.threads);
}

Tensor conv_stage(const Tensor& input, const ConvWeights& w, const ConvSpec& spec, const ConvOptions& options)
{
    return conv_activated(input, w, spec, spec.activation, spec.negative_slope, options.threads);
}

void apply_activation(Tensor& t, Activation a, float negative_slope, const ConvOptions& options)
{
    if (a == Activation::None)
        return;
    float* p = t.data(); // one contiguous buffer (see Tensor)
    const std::size_t n = t.size(), chunk = 1 << 14;
    const int chunks = int((n + chunk - 1) / chunk);
    parallel_for(cv::Range(0, chunks), options.threads, chunks, [&](const cv::Range& r) {
        const std::size_t begin = std::size_t(r.start) * chunk;
        activate(p + begin, std::min(n, std::size_t(r.end) * chunk) - begin, a, negative_slope);
    });
}

Tensor conv_stage(const Tensor& input, const ConvSpec& spec, const ConvOptions& options)
{
    return conv_stage(input, make_conv_weights(spec, input.channels()), spec, options);
}

} // namespace poolscope
