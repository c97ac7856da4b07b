// Kernel presets and the weights a ConvSpec stands for.
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <optional>
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

// Sobel and Laplacian at 5x5 and 7x7: OpenCV's derivative kernels (the smoothing
// row times the derivative row), scaled so their positive weights sum to 4 as at 3x3.
std::optional<std::vector<double>> larger_derivative(KernelPreset p, Size2 kernel)
{
    if (kernel.h != kernel.w || (kernel.h != 5 && kernel.h != 7))
        return std::nullopt;
    const int k = kernel.h;
    const auto outer = [k](int dx, int dy) {
        cv::Mat kx, ky;
        cv::getDerivKernels(kx, ky, dx, dy, k, false, CV_64F);
        cv::Mat m = ky * kx.t(); // rows along y, columns along x
        return m;
    };
    cv::Mat m;
    if (p == KernelPreset::SobelX)
        m = outer(1, 0);
    else if (p == KernelPreset::SobelY)
        m = outer(0, 1);
    else if (p == KernelPreset::Laplacian)
        m = outer(2, 0) + outer(0, 2);
    else
        return std::nullopt;
    std::vector<double> v(m.begin<double>(), m.end<double>());
    double positive = 0;
    for (double x : v)
        positive += std::max(x, 0.0);
    for (double& x : v)
        x *= 4.0 / positive;
    return v;
}

void check_kernel(Size2 kernel)
{
    if (kernel.h < 1 || kernel.w < 1)
        throw ParamError("kernel size must be at least 1, got " + std::to_string(kernel.h) + " x " +
                         std::to_string(kernel.w));
}

// The filters that follow the presets, each a function of the tap's offset (x, y)
// from the centre, its orientation's axis u = x cos t + y sin t and the one across
// it, v, under a Gaussian envelope of sigma = size / 4.
enum class Shape { Edge, Gabor, Ridge, CenterSurround };
struct Oriented {
    Shape shape;
    int degrees;
};
constexpr std::array<Oriented, 15> kOriented{{
    {Shape::Edge, 45},
    {Shape::Edge, 135},
    {Shape::Gabor, 0},
    {Shape::Gabor, 90},
    {Shape::Gabor, 45},
    {Shape::Gabor, 135},
    {Shape::Ridge, 0},
    {Shape::Ridge, 90},
    {Shape::Ridge, 45},
    {Shape::Ridge, 135},
    {Shape::CenterSurround, 0},
    {Shape::Edge, 30},
    {Shape::Edge, 60},
    {Shape::Edge, 120},
    {Shape::Edge, 150},
}};

std::vector<double> oriented_taps(const Oriented& f, Size2 kernel)
{
    const double sigma = std::max(kernel.h, kernel.w) / 4.0;
    const double t = f.degrees * std::numbers::pi / 180.0;
    std::vector<double> k;
    k.reserve(std::size_t(kernel.h) * kernel.w);
    for (int y = 0; y < kernel.h; ++y)
        for (int x = 0; x < kernel.w; ++x) {
            const double dx = x - (kernel.w - 1) / 2.0, dy = y - (kernel.h - 1) / 2.0;
            // Image rows grow downwards: an angle turns counter-clockwise on the screen.
            const double u = dx * std::cos(t) - dy * std::sin(t);
            const double r2 = dx * dx + dy * dy;
            const double g = std::exp(-r2 / (2 * sigma * sigma));
            switch (f.shape) {
            case Shape::Edge: // brighter along u
                k.push_back(u * g);
                break;
            case Shape::Gabor: // stripes across u, one period over the window
                k.push_back(std::cos(2 * std::numbers::pi * u / (0.75 * std::max(kernel.h, kernel.w))) * g);
                break;
            case Shape::Ridge: // a bright line along v: minus the second derivative across it
                k.push_back((1 - u * u / (sigma * sigma)) * g);
                break;
            case Shape::CenterSurround: // a narrow Gaussian minus the wide one
                k.push_back(std::exp(-r2 / (0.5 * sigma * sigma)) - g);
                break;
            }
        }
    // No response to a flat image, and the positive weights sum to 1.
    double mean = 0;
    for (double v : k)
        mean += v;
    mean /= double(k.size());
    double positive = 0;
    for (double& v : k) {
        v -= mean;
        positive += std::max(v, 0.0);
    }
    for (double& v : k)
        v /= positive;
    return k;
}

} // namespace

int oriented_filter_count()
{
    return int(kOriented.size());
}

std::string oriented_filter_name(int index)
{
    if (index < 0 || index >= oriented_filter_count())
        throw ParamError("no oriented filter " + std::to_string(index));
    const Oriented& f = kOriented[std::size_t(index)];
    const char* shape = f.shape == Shape::Edge ? "edge" : f.shape == Shape::Gabor ? "gabor" : "ridge";
    if (f.shape == Shape::CenterSurround)
        return "center-surround";
    return std::string(shape) + " " + std::to_string(f.degrees) + "\u00b0";
}

std::vector<float> oriented_filter(int index, Size2 kernel, int in_channels)
{
    check_kernel(kernel);
    if (index < 0 || index >= oriented_filter_count())
        throw ParamError("no oriented filter " + std::to_string(index));
    if (kernel.h < 3 || kernel.w < 3)
        throw ParamError(oriented_filter_name(index) +
                         " (output channel past the named filters) needs a "
                         "kernel of at least 3x3, not " +
                         std::to_string(kernel.h) + "x" + std::to_string(kernel.w));
    const std::vector<double> k = oriented_taps(kOriented[std::size_t(index)], kernel);
    std::vector<float> out(k.size());
    for (std::size_t t = 0; t < k.size(); ++t)
        out[t] = float(k[t] / in_channels);
    return out;
}

std::string conv_channel_filter_name(const ConvSpec& spec, int out_index)
{
    if (spec.custom)
        return "custom";
    if (spec.presets.empty())
        return "filter " + std::to_string(out_index);
    const std::size_t n = spec.presets.size();
    const bool random =
        std::find(spec.presets.begin(), spec.presets.end(), KernelPreset::Random) != spec.presets.end();
    // Random filters differ per channel, so their names carry it.
    const std::string random_name =
        std::string(kernel_preset_name(KernelPreset::Random)) + " " + std::to_string(out_index);
    if (std::size_t(out_index) < n) {
        const KernelPreset p = spec.presets[std::size_t(out_index)];
        return p == KernelPreset::Random ? random_name : std::string(kernel_preset_name(p));
    }
    if (random)
        return random_name;
    const int extra = out_index - int(n);
    return extra < oriented_filter_count() ? oriented_filter_name(extra)
                                           : "filter " + std::to_string(out_index);
}

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
        if (auto larger = larger_derivative(preset, kernel)) {
            k = *larger;
            break;
        }
        if (kernel.h != 3 || kernel.w != 3)
            throw ParamError(std::string(kernel_preset_name(preset)) + " is defined for " +
                             (larger_derivative(preset, {5, 5}) ? "3x3, 5x5 and 7x7" : "3x3") +
                             " kernels, not " + std::to_string(kernel.h) + "x" + std::to_string(kernel.w));
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
    const std::size_t n = spec.presets.size();
    const bool random =
        std::find(spec.presets.begin(), spec.presets.end(), KernelPreset::Random) != spec.presets.end();
    for (int o = 0; o < w.out_channels; ++o) {
        for (int i = 0; i < in_channels; ++i) {
            // Past the presets: each channel a filter of its own, never a repeat.
            const auto k =
                std::size_t(o) < n
                    ? preset_kernel(spec.presets[std::size_t(o)], spec.kernel, spec.seed, o, i, in_channels)
                : random ? preset_kernel(KernelPreset::Random, spec.kernel, spec.seed, o, i, in_channels)
                         : oriented_filter((o - int(n)) % oriented_filter_count(), spec.kernel, in_channels);
            w.weights.insert(w.weights.end(), k.begin(), k.end());
        }
    }
    w.bias.assign(std::size_t(w.out_channels), spec.bias);
    return w;
}

} // namespace poolscope
