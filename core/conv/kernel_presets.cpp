// Kernel presets and the weights a ConvSpec stands for.
#include <array>
#include <cmath>
#include <string>

#include <opencv2/imgproc.hpp>

#include "core/conv/conv_ops.h"
#include "core/pool/counter_rng.h"
#include "core/tensor/errors.h"

namespace poolscope {
namespace {

using Kernel3 = std::array<float, 9>;

// The classic 3x3 image-processing kernels, written as cross-correlation
// weights (PyTorch does not flip): Sobel-x is positive where the image gets
// brighter to the right, Sobel-y where it gets brighter downwards.
const Kernel3* fixed_3x3(KernelPreset p)
{
    static const Kernel3 sharpen{0, -1, 0, -1, 5, -1, 0, -1, 0};
    static const Kernel3 sobel_x{-1, 0, 1, -2, 0, 2, -1, 0, 1};
    static const Kernel3 sobel_y{-1, -2, -1, 0, 0, 0, 1, 2, 1};
    static const Kernel3 laplacian{0, 1, 0, 1, -4, 1, 0, 1, 0};
    static const Kernel3 emboss{-2, -1, 0, -1, 1, 1, 0, 1, 2};
    static const Kernel3 outline{-1, -1, -1, -1, 8, -1, -1, -1, -1};
    switch (p) {
    case KernelPreset::Sharpen:
        return &sharpen;
    case KernelPreset::SobelX:
        return &sobel_x;
    case KernelPreset::SobelY:
        return &sobel_y;
    case KernelPreset::Laplacian:
        return &laplacian;
    case KernelPreset::Emboss:
        return &emboss;
    case KernelPreset::Outline:
        return &outline;
    default:
        return nullptr;
    }
}

// OpenCV's Gaussian for the size (sigma = 0.3 * ((k - 1) / 2 - 1) + 0.8; the
// binomial rows [1 2 1]/4, [1 4 6 4 1]/16 ... for odd k up to 7), already normalised.
std::vector<double> gaussian_1d(int k)
{
    const cv::Mat g = cv::getGaussianKernel(k, 0, CV_64F);
    return {g.begin<double>(), g.end<double>()};
}

void check_kernel(Size2 kernel)
{
    if (kernel.h < 1 || kernel.w < 1)
        throw ParamError("kernel size must be at least 1, got " + std::to_string(kernel.h) + " x " +
                         std::to_string(kernel.w));
}

} // namespace

std::vector<float> preset_kernel(KernelPreset preset, Size2 kernel, std::uint64_t seed, int out_index,
                                 int in_index, int in_channels)
{
    check_kernel(kernel);
    if (in_channels < 1)
        throw ParamError("the input must have at least 1 channel, got " + std::to_string(in_channels));
    const std::size_t taps = std::size_t(kernel.h) * kernel.w;
    std::vector<double> k(taps, 0.0);
    switch (preset) {
    case KernelPreset::Identity:
        // The tap that padding='same' puts over the output position.
        k[std::size_t((kernel.h - 1) / 2) * kernel.w + (kernel.w - 1) / 2] = 1.0;
        break;
    case KernelPreset::Box:
        std::fill(k.begin(), k.end(), 1.0 / double(taps));
        break;
    case KernelPreset::Gaussian: {
        const auto gy = gaussian_1d(kernel.h), gx = gaussian_1d(kernel.w);
        double sum = 0;
        for (int y = 0; y < kernel.h; ++y)
            for (int x = 0; x < kernel.w; ++x)
                sum += k[std::size_t(y) * kernel.w + x] = gy[y] * gx[x];
        for (double& v : k)
            v /= sum;
        break;
    }
    case KernelPreset::Random: {
        // He-uniform (kaiming_uniform with gain sqrt(2)): U(-b, b), b = sqrt(6 / fan_in).
        // The bound already accounts for the input channels, so no further division.
        const double bound = std::sqrt(6.0 / (double(in_channels) * double(taps)));
        std::vector<float> r(taps);
        for (std::size_t t = 0; t < taps; ++t)
            r[t] = float(
                (2.0 * counter_uniform(seed, std::uint64_t(out_index), std::uint64_t(in_index), t) - 1.0) *
                bound);
        return r;
    }
    default: {
        const Kernel3* fixed = fixed_3x3(preset);
        if (!fixed)
            throw ParamError("unknown kernel preset");
        if (kernel.h != 3 || kernel.w != 3)
            throw ParamError(std::string(kernel_preset_name(preset)) + " is defined for 3x3 kernels, not " +
                             std::to_string(kernel.h) + "x" + std::to_string(kernel.w));
        std::copy(fixed->begin(), fixed->end(), k.begin());
    }
    }
    // Shared by every input channel and divided by their number, so the
    // filter acts on the channel mean (a Sobel on RGB is a Sobel on the average).
    std::vector<float> out(taps);
    for (std::size_t t = 0; t < taps; ++t)
        out[t] = float(k[t] / in_channels);
    return out;
}

ConvWeights make_conv_weights(const ConvSpec& spec, int in_channels)
{
    if (in_channels < 1)
        throw ParamError("the input must have at least 1 channel, got " + std::to_string(in_channels));
    if (spec.custom) {
        ConvWeights w = *spec.custom;
        check_kernel(w.kernel);
        if (w.out_channels < 1)
            throw ParamError("custom weights need at least 1 output channel, got " +
                             std::to_string(w.out_channels));
        if (w.in_channels != in_channels)
            throw ParamError("custom weights expect " + std::to_string(w.in_channels) +
                             " input channels but the input has " + std::to_string(in_channels));
        const std::size_t expected = std::size_t(w.out_channels) * w.in_channels * w.kernel.h * w.kernel.w;
        if (w.weights.size() != expected)
            throw ParamError("custom weights hold " + std::to_string(w.weights.size()) + " values, " +
                             std::to_string(w.out_channels) + " x " + std::to_string(w.in_channels) + " x " +
                             std::to_string(w.kernel.h) + " x " + std::to_string(w.kernel.w) + " needs " +
                             std::to_string(expected));
        if (w.bias.empty())
            w.bias.assign(std::size_t(w.out_channels), 0.f);
        if (w.bias.size() != std::size_t(w.out_channels))
            throw ParamError("custom bias holds " + std::to_string(w.bias.size()) + " values for " +
                             std::to_string(w.out_channels) + " output channels");
        return w;
    }
    if (spec.out_channels < 1)
        throw ParamError("out_channels must be at least 1, got " + std::to_string(spec.out_channels));
    if (spec.presets.empty())
        throw ParamError("no kernel preset given");
    check_kernel(spec.kernel);

    ConvWeights w;
    w.out_channels = spec.out_channels;
    w.in_channels = in_channels;
    w.kernel = spec.kernel;
    const std::size_t taps = std::size_t(spec.kernel.h) * spec.kernel.w;
    w.weights.reserve(std::size_t(w.out_channels) * in_channels * taps);
    for (int o = 0; o < w.out_channels; ++o) {
        const KernelPreset p = spec.presets[std::size_t(o) % spec.presets.size()];
        for (int i = 0; i < in_channels; ++i) {
            const auto k = preset_kernel(p, spec.kernel, spec.seed, o, i, in_channels);
            w.weights.insert(w.weights.end(), k.begin(), k.end());
        }
    }
    w.bias.assign(std::size_t(w.out_channels), spec.bias);
    return w;
}

} // namespace poolscope
