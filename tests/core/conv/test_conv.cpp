// conv2d against a direct loop written from PyTorch's definition, presets,
// activations and the parameter messages.
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include <opencv2/core/utility.hpp>
#include <set>

#include "core/conv/conv_ops.h"
#include "core/pool/counter_rng.h"
#include "core/tensor/errors.h"

namespace poolscope {
namespace {

// ---------------------------------------------------------------- reference

// Index into the padded input along one axis: p is the position in the padded
// signal, n the input length, before the padding before it. nullopt = zero padding.
std::optional<int> source_index(int p, int before, int n, PaddingMode mode)
{
    int i = p - before;
    if (i >= 0 && i < n)
        return i;
    switch (mode) {
    case PaddingMode::Zeros:
        return std::nullopt;
    case PaddingMode::Reflect:
        return i < 0 ? -i : 2 * (n - 1) - i; // mirror without repeating the edge
    case PaddingMode::Replicate:
        return i < 0 ? 0 : n - 1;
    case PaddingMode::Circular:
        return ((i % n) + n) % n;
    }
    return std::nullopt;
}

struct Pads {
    int top, bottom, left, right;
};

Pads pads_of(const ConvSpec& s, Size2 k)
{
    if (!s.padding_same)
        return {s.padding.h, s.padding.h, s.padding.w, s.padding.w};
    const int th = s.dilation.h * (k.h - 1), tw = s.dilation.w * (k.w - 1);
    return {th / 2, th - th / 2, tw / 2, tw - tw / 2};
}

// out[o][y][x] = bias[o] + sum_i sum_ky sum_kx w * in[i][y*s - pad + ky*d][x*s - pad + kx*d], in double.
Tensor naive_conv(const Tensor& in, const ConvWeights& w, const ConvSpec& s)
{
    const Pads p = pads_of(s, w.kernel);
    const int H = in.height(), W = in.width();
    const int oh = (H + p.top + p.bottom - s.dilation.h * (w.kernel.h - 1) - 1) / s.stride.h + 1;
    const int ow = (W + p.left + p.right - s.dilation.w * (w.kernel.w - 1) - 1) / s.stride.w + 1;
    Tensor out(w.out_channels, oh, ow);
    for (int o = 0; o < w.out_channels; ++o)
        for (int y = 0; y < oh; ++y)
            for (int x = 0; x < ow; ++x) {
                double acc = 0;
                for (int i = 0; i < w.in_channels; ++i)
                    for (int ky = 0; ky < w.kernel.h; ++ky)
                        for (int kx = 0; kx < w.kernel.w; ++kx) {
                            const auto sy =
                                source_index(y * s.stride.h + ky * s.dilation.h, p.top, H, s.padding_mode);
                            const auto sx =
                                source_index(x * s.stride.w + kx * s.dilation.w, p.left, W, s.padding_mode);
                            if (sy && sx)
                                acc += double(w.at(o, i, ky, kx)) * in.at(i, *sy, *sx);
                        }
                out.at(o, y, x) = float(acc + (w.bias.empty() ? 0.0 : w.bias[o]));
            }
    return out;
}

// The conditions under which PyTorch refuses the parameters.
bool torch_accepts(const ConvSpec& s, Size2 k, int H, int W)
{
    if (s.padding_same && (s.stride.h != 1 || s.stride.w != 1))
        return false;
    const Pads p = pads_of(s, k);
    const int ph = std::max(p.top, p.bottom), pw = std::max(p.left, p.right);
    if (s.padding_mode == PaddingMode::Reflect && (ph >= H || pw >= W))
        return false;
    if (s.padding_mode == PaddingMode::Circular && (ph > H || pw > W))
        return false;
    return H + p.top + p.bottom >= s.dilation.h * (k.h - 1) + 1 &&
           W + p.left + p.right >= s.dilation.w * (k.w - 1) + 1;
}

Tensor random_tensor(int c, int h, int w, std::uint64_t seed)
{
    Tensor t(c, h, w);
    for (std::size_t i = 0; i < t.size(); ++i)
        t.data()[i] = float(2 * counter_uniform(seed, i) - 1);
    return t;
}

ConvWeights random_weights(int out_c, int in_c, Size2 k, std::uint64_t seed)
{
    ConvWeights w;
    w.out_channels = out_c;
    w.in_channels = in_c;
    w.kernel = k;
    w.weights.resize(std::size_t(out_c) * in_c * k.h * k.w);
    for (std::size_t i = 0; i < w.weights.size(); ++i)
        w.weights[i] = float(2 * counter_uniform(seed, i, 1) - 1);
    for (int o = 0; o < out_c; ++o)
        w.bias.push_back(float(counter_uniform(seed, std::uint64_t(o), 2) - 0.5));
    return w;
}

void expect_close(const Tensor& got, const Tensor& want)
{
    ASSERT_EQ(got.channels(), want.channels());
    ASSERT_EQ(got.height(), want.height());
    ASSERT_EQ(got.width(), want.width());
    for (int c = 0; c < got.channels(); ++c)
        for (int y = 0; y < got.height(); ++y)
            for (int x = 0; x < got.width(); ++x) {
                const float g = got.at(c, y, x), e = want.at(c, y, x);
                ASSERT_NEAR(g, e, 1e-6 + 1e-5 * std::fabs(e)) << "at c=" << c << " y=" << y << " x=" << x;
            }
}

// ---------------------------------------------------------------- the grid

struct GridCase {
    Size2 kernel, stride, padding, dilation;
    bool same;
    PaddingMode mode;
    int in_c, out_c, h, w;
};

std::string case_name(const testing::TestParamInfo<GridCase>& info)
{
    const GridCase& c = info.param;
    auto hw = [](Size2 s) { return std::to_string(s.h) + "x" + std::to_string(s.w); };
    std::string mode(padding_mode_name(c.mode));
    return "k" + hw(c.kernel) + "_s" + hw(c.stride) + (c.same ? "_same" : "_p" + hw(c.padding)) + "_d" +
           hw(c.dilation) + "_" + mode + "_c" + std::to_string(c.in_c) + "to" + std::to_string(c.out_c) +
           "_" + std::to_string(c.h) + "x" + std::to_string(c.w) + "_" + std::to_string(info.index);
}

std::vector<GridCase> grid()
{
    std::vector<GridCase> cases;
    const Size2 kernels[] = {{1, 1}, {3, 3}, {2, 3}, {5, 4}};
    const Size2 strides[] = {{1, 1}, {2, 2}, {1, 3}};
    const Size2 paddings[] = {{0, 0}, {1, 1}, {2, 1}};
    const Size2 dilations[] = {{1, 1}, {2, 1}};
    const PaddingMode modes[] = {PaddingMode::Zeros, PaddingMode::Reflect, PaddingMode::Replicate,
                                 PaddingMode::Circular};
    // Channel counts cover one, a full block of four, and a remainder; sizes
    // cover tiny maps and rows wide enough for the vector path.
    const struct {
        int in_c, out_c, h, w;
    } shapes[] = {{1, 1, 5, 6}, {3, 5, 9, 37}, {2, 8, 3, 70}};
    std::size_t n = 0;
    for (const Size2 k : kernels)
        for (const Size2 s : strides)
            for (const Size2 d : dilations)
                for (const PaddingMode m : modes)
                    for (int same = 0; same < 2; ++same)
                        for (const Size2 p : paddings) {
                            if (same && p != paddings[0])
                                continue; // padding is ignored with 'same'
                            const auto& sh = shapes[n++ % std::size(shapes)];
                            cases.push_back({k, s, p, d, same == 1, m, sh.in_c, sh.out_c, sh.h, sh.w});
                        }
    return cases;
}

class ConvGrid : public testing::TestWithParam<GridCase> {};

TEST_P(ConvGrid, MatchesTheDirectLoopOrRefusesAsTorchDoes)
{
    const GridCase& c = GetParam();
    ConvSpec spec;
    spec.kernel = c.kernel;
    spec.stride = c.stride;
    spec.padding = c.padding;
    spec.padding_same = c.same;
    spec.dilation = c.dilation;
    spec.padding_mode = c.mode;
    const Tensor in = random_tensor(c.in_c, c.h, c.w, 11);
    const ConvWeights w = random_weights(c.out_c, c.in_c, c.kernel, 5);
    if (!torch_accepts(spec, c.kernel, c.h, c.w)) {
        EXPECT_THROW(conv2d(in, w, spec), ParamError);
        EXPECT_THROW(conv_output_size(spec, c.h, c.w), ParamError);
        return;
    }
    const Tensor got = conv2d(in, w, spec);
    expect_close(got, naive_conv(in, w, spec));
    EXPECT_EQ(conv_output_size(spec, c.h, c.w), (Size2{got.height(), got.width()}));
}

INSTANTIATE_TEST_SUITE_P(Combinations, ConvGrid, testing::ValuesIn(grid()), case_name);

// The window computes the focused channel alone first, then all of them: the
// numbers must not depend on which channels are convolved together (the
// kernels group output channels in blocks of up to four).
TEST(Conv, AChannelAloneGivesTheBitsOfTheWholeConv)
{
    for (const PaddingMode mode : {PaddingMode::Zeros, PaddingMode::Reflect, PaddingMode::Circular}) {
        ConvSpec spec;
        spec.padding = {1, 2};
        spec.padding_mode = mode;
        const Tensor in = random_tensor(3, 13, 75, 21);
        const ConvWeights w = random_weights(7, 3, {3, 3}, 8);
        const Tensor all = conv2d(in, w, spec);
        for (int o = 0; o < w.out_channels; ++o) {
            ConvWeights one = w;
            one.out_channels = 1;
            const std::size_t per = std::size_t(w.in_channels) * 9;
            one.weights.assign(w.weights.begin() + std::ptrdiff_t(o * per),
                               w.weights.begin() + std::ptrdiff_t((o + 1) * per));
            one.bias = {w.bias[std::size_t(o)]};
            const Tensor alone = conv2d(in, one, spec);
            const cv::Mat diff = alone.plane(0) != all.plane(o);
            EXPECT_EQ(cv::countNonZero(diff), 0) << padding_mode_name(mode) << " channel " << o;
        }
    }
}

// An output value is the same wherever in its row it is computed: by an 8-lane
// or a 4-lane vector or by the scalar tail (the input cropped from the left
// moves every value to another lane).
TEST(Conv, AValueDoesNotDependOnWhereInTheRowItIsComputed)
{
    ConvSpec spec;
    spec.padding = {0, 0};
    const Tensor in = random_tensor(3, 9, 83, 17);
    const ConvWeights w = random_weights(5, 3, {3, 3}, 3);
    const Tensor full = conv2d(in, w, spec);
    for (int shift = 1; shift <= 9; ++shift) {
        Tensor cropped(3, 9, 83 - shift);
        for (int c = 0; c < 3; ++c)
            in.plane(c).colRange(shift, 83).copyTo(cropped.plane(c));
        const Tensor out = conv2d(cropped, w, spec);
        for (int o = 0; o < w.out_channels; ++o) {
            const cv::Mat diff = out.plane(o) != full.plane(o).colRange(shift, full.width());
            EXPECT_EQ(cv::countNonZero(diff), 0) << "shift " << shift << " channel " << o;
        }
    }
}

// The kernels built for a wider instruction set, where the processor has one,
// and the portable ones give the same bits.
TEST(Conv, PortableAndWideKernelsGiveTheSameBits)
{
    const Tensor in = random_tensor(3, 13, 77, 21);
    const ConvWeights w = random_weights(6, 3, {3, 3}, 5);
    const Tensor wide = conv2d(in, w, ConvSpec{});
    cv::setUseOptimized(false);
    const Tensor portable = conv2d(in, w, ConvSpec{});
    cv::setUseOptimized(true);
    ASSERT_EQ(wide.size(), portable.size());
    EXPECT_EQ(std::memcmp(wide.data(), portable.data(), wide.size() * sizeof(float)), 0);
}

// The stage activates each row as the conv writes it: the same numbers as the
// conv followed by the activation over the whole tensor.
TEST(Conv, TheStageActivatesAsTheSeparateStepsDo)
{
    const Tensor in = random_tensor(3, 11, 50, 12);
    const ConvWeights w = random_weights(6, 3, {3, 3}, 13);
    for (const Activation a : {Activation::None, Activation::ReLU, Activation::LeakyReLU, Activation::Sigmoid,
                               Activation::Tanh, Activation::Abs}) {
        ConvSpec spec;
        spec.activation = a;
        spec.negative_slope = 0.2f;
        Tensor separate = conv2d(in, w, spec);
        apply_activation(separate, a, spec.negative_slope);
        const Tensor fused = conv_stage(in, w, spec);
        ASSERT_EQ(fused.size(), separate.size());
        EXPECT_EQ(std::memcmp(fused.data(), separate.data(), fused.size() * sizeof(float)), 0) << int(a);
    }
}

// A tall dilated kernel over many wide channels: too many rows under the kernel
// to keep for the next output row, so each kernel row's padded row is made again.
TEST(Conv, TallDilatedKernelsOnWideInputsMatchTheDirectLoop)
{
    ConvSpec spec;
    spec.kernel = {3, 3};
    spec.dilation = {20, 1};
    spec.padding = {2, 1};
    spec.padding_mode = PaddingMode::Reflect;
    const Tensor in = random_tensor(8, 45, 2000, 4);
    const ConvWeights w = random_weights(2, 8, spec.kernel, 6);
    expect_close(conv2d(in, w, spec), naive_conv(in, w, spec));
}

TEST(Conv, PropagatesNaNAndInfinity)
{
    Tensor in = random_tensor(1, 6, 40, 3);
    in.at(0, 2, 20) = std::numeric_limits<float>::quiet_NaN();
    ConvSpec spec; // 3x3, padding 1
    const ConvWeights w = random_weights(1, 1, {3, 3}, 9);
    const Tensor out = conv2d(in, w, spec);
    for (int y = 0; y < 6; ++y)
        for (int x = 0; x < 40; ++x)
            EXPECT_EQ(std::isnan(out.at(0, y, x)), std::abs(y - 2) <= 1 && std::abs(x - 20) <= 1)
                << y << "," << x;
}

// ---------------------------------------------------------------- presets

struct FixedPreset {
    KernelPreset preset;
    std::vector<float> k;
};

class FixedPresets : public testing::TestWithParam<FixedPreset> {};

TEST_P(FixedPresets, AreTheClassic3x3KernelsDividedByInChannels)
{
    const auto& [preset, k] = GetParam();
    EXPECT_EQ(preset_kernel(preset, {3, 3}, 0, 0, 0, 1), k);
    const auto third = preset_kernel(preset, {3, 3}, 0, 1, 2, 3);
    for (std::size_t i = 0; i < k.size(); ++i)
        EXPECT_FLOAT_EQ(third[i], k[i] / 3.f);
    try {
        preset_kernel(preset, {4, 4}, 0, 0, 0, 1); // Sobel and Laplacian exist at 5x5 and 7x7 too
        ADD_FAILURE() << "4x4 accepted";
    } catch (const ParamError& e) {
        EXPECT_NE(std::string(e.what()).find(std::string(kernel_preset_name(preset)) + " is defined for 3x3"),
                  std::string::npos)
            << e.what();
    }
}

INSTANTIATE_TEST_SUITE_P(Presets, FixedPresets,
                         testing::Values(FixedPreset{KernelPreset::Sharpen, {0, -1, 0, -1, 5, -1, 0, -1, 0}},
                                         FixedPreset{KernelPreset::SobelX, {-1, 0, 1, -2, 0, 2, -1, 0, 1}},
                                         FixedPreset{KernelPreset::SobelY, {-1, -2, -1, 0, 0, 0, 1, 2, 1}},
                                         FixedPreset{KernelPreset::Laplacian, {0, 1, 0, 1, -4, 1, 0, 1, 0}},
                                         FixedPreset{KernelPreset::Emboss, {-2, -1, 0, -1, 1, 1, 0, 1, 2}},
                                         FixedPreset{KernelPreset::Outline,
                                                     {-1, -1, -1, -1, 8, -1, -1, -1, -1}}));

class ScalablePresets : public testing::TestWithParam<Size2> {};

TEST_P(ScalablePresets, IdentityWithSamePaddingReturnsTheInput)
{
    ConvSpec spec;
    spec.kernel = GetParam();
    spec.padding_same = true;
    spec.presets = {KernelPreset::Identity};
    const Tensor in = random_tensor(1, 7, 45, 4);
    const Tensor out = conv_stage(in, spec);
    ASSERT_EQ(out.height(), 7);
    ASSERT_EQ(out.width(), 45);
    EXPECT_EQ(cv::norm(out.storage(), in.storage(), cv::NORM_INF), 0.0);
}

TEST_P(ScalablePresets, BoxAndGaussianSumToOneAndGaussianIsSymmetric)
{
    const Size2 k = GetParam();
    const auto box = preset_kernel(KernelPreset::Box, k, 0, 0, 0, 1);
    for (float v : box)
        EXPECT_FLOAT_EQ(v, 1.f / float(k.h * k.w));
    const auto g = preset_kernel(KernelPreset::Gaussian, k, 0, 0, 0, 1);
    EXPECT_NEAR(std::accumulate(g.begin(), g.end(), 0.0), 1.0, 1e-6);
    for (int y = 0; y < k.h; ++y)
        for (int x = 0; x < k.w; ++x) {
            EXPECT_FLOAT_EQ(g[y * k.w + x], g[(k.h - 1 - y) * k.w + (k.w - 1 - x)]);
            EXPECT_GT(g[y * k.w + x], 0.f);
        }
}

TEST_P(ScalablePresets, RandomIsHeUniformAndDeterministic)
{
    const Size2 k = GetParam();
    const int in_c = 3;
    const double bound = std::sqrt(6.0 / (in_c * k.h * k.w));
    const auto a = preset_kernel(KernelPreset::Random, k, 42, 1, 2, in_c);
    EXPECT_EQ(a, preset_kernel(KernelPreset::Random, k, 42, 1, 2, in_c));
    EXPECT_NE(a, preset_kernel(KernelPreset::Random, k, 43, 1, 2, in_c));
    EXPECT_NE(a, preset_kernel(KernelPreset::Random, k, 42, 0, 2, in_c));
    for (std::size_t t = 0; t < a.size(); ++t) {
        EXPECT_LE(std::fabs(a[t]), bound);
        EXPECT_FLOAT_EQ(a[t], float((2 * counter_uniform(42, 1, 2, t) - 1) * bound));
    }
}

INSTANTIATE_TEST_SUITE_P(Sizes, ScalablePresets,
                         testing::Values(Size2{1, 1}, Size2{3, 3}, Size2{2, 2}, Size2{5, 5}, Size2{4, 7},
                                         Size2{7, 1}));

TEST(Presets, GaussianAt3x3IsTheBinomialKernel)
{
    const auto g = preset_kernel(KernelPreset::Gaussian, {3, 3}, 0, 0, 0, 1);
    const float want[] = {1, 2, 1, 2, 4, 2, 1, 2, 1};
    for (int i = 0; i < 9; ++i)
        EXPECT_FLOAT_EQ(g[i], want[i] / 16.f);
}

TEST(Presets, OutputChannelsPastThePresetsGetFiltersOfTheirOwn)
{
    ConvSpec spec;
    spec.out_channels = 5;
    spec.presets = {KernelPreset::SobelX, KernelPreset::SobelY};
    spec.bias = 0.25f;
    const ConvWeights w = make_conv_weights(spec, 2);
    EXPECT_EQ(w.out_channels, 5);
    EXPECT_EQ(w.in_channels, 2);
    EXPECT_EQ(w.bias, std::vector<float>(5, 0.25f));
    for (int o = 0; o < 5; ++o)
        for (int i = 0; i < 2; ++i) {
            const auto k = o < 2 ? preset_kernel(o == 1 ? KernelPreset::SobelY : KernelPreset::SobelX, {3, 3},
                                                 0, o, i, 2)
                                 : oriented_filter(o - 2, {3, 3}, 2);
            for (int t = 0; t < 9; ++t)
                EXPECT_EQ(w.at(o, i, t / 3, t % 3), k[t]);
        }
    EXPECT_EQ(conv_channel_filter_name(spec, 1), "sobel-y");
    EXPECT_EQ(conv_channel_filter_name(spec, 2), "edge 45\u00b0");
    EXPECT_EQ(conv_channel_filter_name(spec, 4), "gabor 0\u00b0");
}

// Every channel count the form allows, every preset list a class meets and every
// size the presets have: no two output channels share a filter or a name.
TEST(Presets, EveryChannelHasADistinctFilterAndName)
{
    using K = KernelPreset;
    std::vector<std::vector<K>> lists{{K::SobelX, K::SobelY, K::Laplacian, K::Gaussian},
                                      {K::SobelX, K::SobelY},
                                      {K::Identity},
                                      {K::Box, K::Gaussian},
                                      {K::Gaussian},
                                      {K::Laplacian},
                                      {K::Random}};
    for (const std::vector<K>& presets : lists)
        for (int size : {3, 5, 7})
            for (int channels = 1; channels <= 16; ++channels) {
                SCOPED_TRACE(std::string(kernel_preset_name(presets[0])) + " size " + std::to_string(size) +
                             " channels " + std::to_string(channels));
                ConvSpec spec;
                spec.kernel = {size, size};
                spec.presets = presets;
                spec.out_channels = channels;
                const ConvWeights w = make_conv_weights(spec, 1);
                const std::size_t taps = std::size_t(size) * size;
                std::set<std::string> names;
                for (int a = 0; a < channels; ++a) {
                    names.insert(conv_channel_filter_name(spec, a));
                    for (int b = 0; b < a; ++b) {
                        float diff = 0;
                        for (std::size_t t = 0; t < taps; ++t)
                            diff =
                                std::max(diff, std::abs(w.weights[a * taps + t] - w.weights[b * taps + t]));
                        EXPECT_GT(diff, 1e-3f) << "channels " << a << " and " << b;
                    }
                }
                EXPECT_EQ(names.size(), std::size_t(channels));
            }
}

TEST(Presets, SobelAndLaplacianAtFiveAndSeven)
{
    for (int size : {5, 7}) {
        const auto sx = preset_kernel(KernelPreset::SobelX, {size, size}, 0, 0, 0, 1);
        const auto lap = preset_kernel(KernelPreset::Laplacian, {size, size}, 0, 0, 0, 1);
        // Flat images give nothing; Sobel-x grows to the right, antisymmetric.
        EXPECT_NEAR(std::accumulate(sx.begin(), sx.end(), 0.0), 0.0, 1e-5);
        EXPECT_NEAR(std::accumulate(lap.begin(), lap.end(), 0.0), 0.0, 1e-5);
        const int c = size / 2;
        EXPECT_GT(sx[std::size_t(c * size + size - 1)], 0.f);
        EXPECT_EQ(sx[std::size_t(c * size)], -sx[std::size_t(c * size + size - 1)]);
    }
    EXPECT_THROW(preset_kernel(KernelPreset::SobelX, {4, 4}, 0, 0, 0, 1), ParamError);
    EXPECT_THROW(preset_kernel(KernelPreset::Sharpen, {5, 5}, 0, 0, 0, 1), ParamError);
}

TEST(Presets, SobelXRespondsToABrightRightSide)
{
    Tensor in(1, 5, 6);
    for (int y = 0; y < 5; ++y)
        for (int x = 3; x < 6; ++x)
            in.at(0, y, x) = 1.f;
    ConvSpec spec; // sobel-x, padding 1
    spec.padding_mode = PaddingMode::Replicate;
    const Tensor out = conv_stage(in, spec);
    EXPECT_FLOAT_EQ(out.at(0, 2, 2), 4.f); // no flip: cross-correlation
    EXPECT_FLOAT_EQ(out.at(0, 2, 3), 4.f);
    EXPECT_FLOAT_EQ(out.at(0, 2, 0), 0.f);
}

TEST(Presets, CustomWeightsAreCheckedAndUsed)
{
    ConvSpec spec;
    spec.custom = random_weights(2, 3, {2, 2}, 1);
    spec.padding = {0, 0};
    const ConvWeights w = make_conv_weights(spec, 3);
    EXPECT_EQ(w.weights, spec.custom->weights);
    EXPECT_EQ(conv_output_size(spec, 4, 5), (Size2{3, 4}));
    EXPECT_THROW(make_conv_weights(spec, 1), ParamError);
    spec.custom->weights.pop_back();
    EXPECT_THROW(make_conv_weights(spec, 3), ParamError);
}

// ---------------------------------------------------------------- activations

struct ActivationCase {
    Activation a;
    float slope;
    double (*f)(double x, double slope);
};

class Activations : public testing::TestWithParam<ActivationCase> {};

TEST_P(Activations, FollowTorchsDefinitions)
{
    const auto& [a, slope, f] = GetParam();
    const float values[] = {-3.f, -0.5f, -0.f, 0.f, 0.25f, 2.f, 20.f, -20.f};
    Tensor t(1, 1, int(std::size(values)) + 1);
    for (std::size_t i = 0; i < std::size(values); ++i)
        t.at(0, 0, int(i)) = values[i];
    t.at(0, 0, int(std::size(values))) = std::numeric_limits<float>::quiet_NaN();
    apply_activation(t, a, slope);
    for (std::size_t i = 0; i < std::size(values); ++i)
        EXPECT_NEAR(t.at(0, 0, int(i)), f(values[i], slope), 1e-6)
            << activation_name(a) << "(" << values[i] << ")";
    EXPECT_TRUE(std::isnan(t.at(0, 0, int(std::size(values))))) << activation_name(a);
}

INSTANTIATE_TEST_SUITE_P(
    All, Activations,
    testing::Values(
        ActivationCase{Activation::None, 0.f, [](double x, double) { return x; }},
        ActivationCase{Activation::ReLU, 0.f, [](double x, double) { return x > 0 ? x : 0.0; }},
        ActivationCase{Activation::LeakyReLU, 0.01f, [](double x, double s) { return x > 0 ? x : s * x; }},
        ActivationCase{Activation::LeakyReLU, 0.2f, [](double x, double s) { return x > 0 ? x : s * x; }},
        ActivationCase{Activation::Sigmoid, 0.f, [](double x, double) { return 1 / (1 + std::exp(-x)); }},
        ActivationCase{Activation::Tanh, 0.f, [](double x, double) { return std::tanh(x); }},
        ActivationCase{Activation::Abs, 0.f, [](double x, double) { return std::fabs(x); }}));

TEST(Activations, ConvStageAppliesTheActivationAfterTheBias)
{
    ConvSpec spec;
    spec.presets = {KernelPreset::Identity};
    spec.bias = -0.5f;
    spec.activation = Activation::ReLU;
    Tensor in(1, 1, 3);
    in.at(0, 0, 0) = 0.2f;
    in.at(0, 0, 1) = 0.9f;
    in.at(0, 0, 2) = 0.5f;
    const Tensor out = conv_stage(in, spec);
    EXPECT_FLOAT_EQ(out.at(0, 0, 0), 0.f);
    EXPECT_FLOAT_EQ(out.at(0, 0, 1), 0.4f);
    EXPECT_FLOAT_EQ(out.at(0, 0, 2), 0.f);
}

// ---------------------------------------------------------------- names and messages

TEST(Names, RoundTrip)
{
    for (auto m : {PaddingMode::Zeros, PaddingMode::Reflect, PaddingMode::Replicate, PaddingMode::Circular})
        EXPECT_EQ(parse_padding_mode(padding_mode_name(m)), m);
    for (auto a : {Activation::None, Activation::ReLU, Activation::LeakyReLU, Activation::Sigmoid,
                   Activation::Tanh, Activation::Abs})
        EXPECT_EQ(parse_activation(activation_name(a)), a);
    for (int k = 0; k <= int(KernelPreset::Random); ++k)
        EXPECT_EQ(parse_kernel_preset(kernel_preset_name(KernelPreset(k))), KernelPreset(k));
    EXPECT_EQ(kernel_preset_name(KernelPreset::SobelX), "sobel-x");
    EXPECT_EQ(activation_name(Activation::LeakyReLU), "leaky-relu");
    EXPECT_FALSE(parse_padding_mode("mirror"));
    EXPECT_FALSE(parse_activation("gelu"));
    EXPECT_FALSE(parse_kernel_preset("Sobel-X"));
}

struct MessageCase {
    std::string name;
    ConvSpec spec;
    int h, w;
    std::vector<std::string> words; // each must appear in the message
};

ConvSpec spec_with(void (*edit)(ConvSpec&))
{
    ConvSpec s;
    edit(s);
    return s;
}

class Messages : public testing::TestWithParam<MessageCase> {};

TEST_P(Messages, NameTheParameterAndTheNumbers)
{
    const MessageCase& c = GetParam();
    const Tensor in(1, c.h, c.w);
    try {
        conv_stage(in, c.spec);
        ADD_FAILURE() << "accepted";
    } catch (const ParamError& e) {
        for (const std::string& word : c.words)
            EXPECT_NE(std::string(e.what()).find(word), std::string::npos) << e.what() << " lacks " << word;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Conv, Messages,
    testing::Values(
        MessageCase{"SameWithStride",
                    spec_with([](ConvSpec& s) {
                        s.padding_same = true, s.stride = {2, 2};
                    }),
                    8,
                    8,
                    {"same", "stride 2 x 2"}},
        MessageCase{"ReflectTooWide",
                    spec_with([](ConvSpec& s) {
                        s.padding_mode = PaddingMode::Reflect, s.padding = {4, 4}, s.kernel = {9, 9},
                        s.presets = {KernelPreset::Box};
                    }),
                    4,
                    6,
                    {"reflect", "smaller than the input", "4 x 4", "4 x 6"}},
        MessageCase{
            "CircularTwice",
            spec_with([](ConvSpec& s) {
                s.padding_mode = PaddingMode::Circular, s.padding = {1, 3}, s.presets = {KernelPreset::Box};
            }),
            5,
            2,
            {"circular", "1 x 3", "5 x 2"}},
        MessageCase{"KernelLargerThanInput",
                    spec_with([](ConvSpec& s) {
                        s.padding = {0, 0}, s.dilation = {2, 2};
                    }),
                    4,
                    9,
                    {"5 x 5", "dilation 2 x 2", "4 x 9"}},
        MessageCase{"ZeroStride",
                    spec_with([](ConvSpec& s) {
                        s.stride = {0, 1};
                    }),
                    4,
                    4,
                    {"stride", "0 x 1"}},
        MessageCase{"NegativePadding",
                    spec_with([](ConvSpec& s) {
                        s.padding = {-1, 0};
                    }),
                    4,
                    4,
                    {"padding", "-1 x 0"}},
        MessageCase{"ZeroDilation",
                    spec_with([](ConvSpec& s) {
                        s.dilation = {1, 0};
                    }),
                    4,
                    4,
                    {"dilation", "1 x 0"}},
        MessageCase{"SobelAt4x4",
                    spec_with([](ConvSpec& s) {
                        s.kernel = {4, 4};
                    }),
                    9,
                    9,
                    {"sobel-x is defined for 3x3, 5x5 and 7x7 kernels, not 4x4"}},
        MessageCase{"NoOutputChannels",
                    spec_with([](ConvSpec& s) { s.out_channels = 0; }),
                    4,
                    4,
                    {"out_channels", "0"}}),
    [](const testing::TestParamInfo<MessageCase>& i) { return i.param.name; });

} // namespace
} // namespace poolscope
