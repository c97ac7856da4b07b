#include "app/cli/conv_flags.h"

#include <algorithm>
#include <array>
#include <climits>
#include <filesystem>

#include <CLI/CLI.hpp>

#include "app/cli/arg_parse.h"
#include "app/cli/cli_errors.h"
#include "core/conv/conv_ops.h"
#include "core/io/npy_io.h"
#include "core/shape/memory_estimate.h"
#include "core/tensor/errors.h"

namespace poolscope::cli {
namespace {

constexpr std::array kAllPresets = {
    KernelPreset::Identity, KernelPreset::Box,    KernelPreset::Gaussian,  KernelPreset::Sharpen,
    KernelPreset::SobelX,   KernelPreset::SobelY, KernelPreset::Laplacian, KernelPreset::Emboss,
    KernelPreset::Outline,  KernelPreset::Random,
};
constexpr std::array kAllPaddingModes = {PaddingMode::Zeros, PaddingMode::Reflect, PaddingMode::Replicate,
                                         PaddingMode::Circular};
constexpr std::array kAllActivations = {Activation::None,    Activation::ReLU, Activation::LeakyReLU,
                                        Activation::Sigmoid, Activation::Tanh, Activation::Abs};

template <typename Range, typename NameOf> std::vector<std::string> names_of(const Range& all, NameOf name_of)
{
    std::vector<std::string> names;
    for (auto v : all)
        names.emplace_back(name_of(v));
    return names;
}

std::string joined(const std::vector<std::string>& names)
{
    std::string s;
    for (const auto& n : names)
        s += (s.empty() ? "" : ", ") + n;
    return s;
}

std::vector<KernelPreset> parse_presets(std::string_view flag, const std::string& text)
{
    std::vector<KernelPreset> presets;
    for (const auto& name : parse_name_list(flag, text)) {
        const auto p = parse_kernel_preset(name);
        if (!p)
            throw ArgError(std::string(flag) + ": unknown preset '" + name +
                           "' (presets: " + joined(names_of(kAllPresets, kernel_preset_name)) + ")");
        presets.push_back(*p);
    }
    return presets;
}

std::string presets_help(std::string text)
{
    return text + " Presets: " + joined(names_of(kAllPresets, kernel_preset_name)) + ".";
}

int checked_dim(long long v, const std::string& path)
{
    if (v < 1 || v > INT_MAX)
        throw InputError("--weights '" + path + "': dimension " + std::to_string(v) + " is out of range");
    return int(v);
}

// [out, in, kh, kw] as PyTorch's Conv2d.weight, or [kh, kw] for one channel in and out.
ConvWeights load_weights(const std::string& path, int in_channels, float bias, const CliContext& ctx)
{
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(path, ec);
    if (ec)
        throw InputError("cannot read --weights '" + path + "': " + ec.message());
    ctx.require_memory(double(bytes) * 5.0, "reading --weights '" + path + "'");
    const NpyArray a = read_npy(path, {.batch_as_channels = true});
    std::vector<long long> shape = a.shape;
    if (shape.size() == 2)
        shape.insert(shape.begin(), {1, 1});
    if (shape.size() != 4)
        throw InputError("--weights '" + path + "' must have shape [out, in, kh, kw] or [kh, kw], not rank " +
                         std::to_string(a.shape.size()));
    ConvWeights w;
    w.out_channels = checked_dim(shape[0], path);
    w.in_channels = checked_dim(shape[1], path);
    w.kernel = {checked_dim(shape[2], path), checked_dim(shape[3], path)};
    if (w.in_channels != in_channels)
        throw ParamError("--weights '" + path + "' expects " + std::to_string(w.in_channels) +
                         " input channel(s) but the input has " + std::to_string(in_channels));
    if (a.tensor.size() != std::size_t(w.out_channels) * w.in_channels * w.kernel.h * w.kernel.w)
        throw InputError("--weights '" + path + "': the data does not match its shape");
    w.weights.assign(a.tensor.data(), a.tensor.data() + a.tensor.size());
    w.bias.assign(std::size_t(w.out_channels), bias);
    return w;
}

} // namespace

void ConvFlags::add_to(CLI::App& app)
{
    const std::string group = "Convolution (PyTorch's Conv2d names)";
    out_channels_opt = app.add_option("--out-channels", out_channels,
                                      "Number of output channels (out_channels, default: one per preset).")
                           ->type_name("N")
                           ->group(group);
    kernel_size_opt = app.add_option("--kernel-size", kernel_size, "Kernel size K or KH,KW (default 3).")
                          ->type_name("K|KH,KW")
                          ->group(group);
    app.add_option("--stride", stride, "Step of the kernel, S or SH,SW (default 1).")
        ->type_name("S|SH,SW")
        ->group(group);
    app.add_option("--padding", padding,
                   "Padding on each side, P or PH,PW, or 'same' to keep the size (default 0).")
        ->type_name("P|PH,PW|same")
        ->group(group);
    app.add_option("--dilation", dilation, "Spacing between kernel taps, D or DH,DW (default 1).")
        ->type_name("D|DH,DW")
        ->group(group);
    app.add_option("--padding-mode", padding_mode, "What the padding holds (padding_mode, default zeros).")
        ->type_name("MODE")
        ->check(CLI::IsMember(names_of(kAllPaddingModes, padding_mode_name)))
        ->group(group);
    auto* preset_opt =
        app.add_option("--preset", presets,
                       presets_help("Kernel of each output channel, NAME[,NAME...], cycled over the channels "
                                    "and applied to the mean of the input channels (default sobel-x)."))
            ->type_name("LIST")
            ->group(group);
    app.add_option("--weights", weights,
                   "A custom kernel: .npy of shape [out, in, kh, kw] (Conv2d.weight) or [kh, kw].")
        ->type_name("FILE.npy")
        ->excludes(preset_opt)
        ->group(group);
    app.add_option("--bias", bias, "Added to every output channel (default 0).")
        ->type_name("B")
        ->group(group);
    app.add_option("--activation", activation, "Applied after the convolution (default none).")
        ->type_name("NAME")
        ->check(CLI::IsMember(names_of(kAllActivations, activation_name)))
        ->group(group);
    negative_slope_opt =
        app.add_option("--negative-slope", negative_slope, "Slope of leaky-relu below zero (default 0.01).")
            ->type_name("S")
            ->group(group);
    seed_opt = app.add_option("--seed", seed, "Seed of the random preset's He-uniform weights (default 0).")
                   ->type_name("S")
                   ->group(group);
}

ConvSpec ConvFlags::to_spec(int in_channels, const CliContext& ctx) const
{
    ConvSpec s;
    s.bias = bias.empty() ? 0.f : float(parse_double("--bias", bias));
    if (!weights.empty()) {
        ConvWeights w = load_weights(weights, in_channels, s.bias, ctx);
        if (!out_channels.empty() && parse_int("--out-channels", out_channels, 1) != w.out_channels)
            throw ArgError("--out-channels " + out_channels + " differs from the " +
                           std::to_string(w.out_channels) + " output channels of --weights");
        if (!kernel_size.empty() && parse_size2("--kernel-size", kernel_size, 1) != w.kernel)
            throw ArgError("--kernel-size " + kernel_size + " differs from the kernel of --weights (" +
                           std::to_string(w.kernel.h) + "," + std::to_string(w.kernel.w) + ")");
        s.out_channels = w.out_channels;
        s.kernel = w.kernel;
        s.custom = std::move(w);
    } else {
        s.presets = parse_presets("--preset", presets);
        s.out_channels =
            out_channels.empty() ? int(s.presets.size()) : parse_int("--out-channels", out_channels, 1);
        s.kernel = kernel_size.empty() ? Size2{3, 3} : parse_size2("--kernel-size", kernel_size, 1);
    }
    s.stride = stride.empty() ? Size2{1, 1} : parse_size2("--stride", stride, 1);
    s.padding = {0, 0};
    if (padding == "same")
        s.padding_same = true;
    else if (!padding.empty())
        s.padding = parse_size2("--padding", padding, 0);
    s.dilation = dilation.empty() ? Size2{1, 1} : parse_size2("--dilation", dilation, 1);
    s.padding_mode = *parse_padding_mode(padding_mode);
    s.activation = *parse_activation(activation);
    if (!negative_slope.empty()) {
        if (s.activation != Activation::LeakyReLU)
            throw ArgError("--negative-slope is used only with --activation leaky-relu");
        s.negative_slope = float(parse_double("--negative-slope", negative_slope));
    }
    if (!seed.empty()) {
        if (s.custom ||
            std::find(s.presets.begin(), s.presets.end(), KernelPreset::Random) == s.presets.end())
            throw ArgError("--seed is used only with --preset random");
        s.seed = parse_u64("--seed", seed);
    }
    return s;
}

void PreConvFlags::add_to(CLI::App& app)
{
    app.add_option("--conv-preset", presets,
                   presets_help("Convolve first, as a CNN's first layer: one 3x3 kernel per output channel "
                                "(padding 1) followed by ReLU, NAME[,NAME...]."))
        ->type_name("LIST")
        ->group("Input and output");
}

ConvSpec PreConvFlags::to_spec() const
{
    ConvSpec s;
    s.presets = parse_presets("--conv-preset", presets);
    s.out_channels = int(s.presets.size());
    s.kernel = {3, 3};
    s.stride = {1, 1};
    s.padding = {1, 1};
    s.dilation = {1, 1};
    s.padding_mode = PaddingMode::Zeros;
    s.activation = Activation::ReLU;
    return s;
}

Tensor PreConvFlags::apply(const Tensor& input, const CliContext& ctx) const
{
    if (!active())
        return input;
    return run_conv_stage(input, to_spec(), ctx);
}

Tensor run_conv_stage(const Tensor& input, const ConvSpec& spec, const CliContext& ctx)
{
    const Size2 out = conv_output_size(spec, input.height(), input.width());
    ctx.require_memory(conv_peak_bytes(spec, input.channels(), input.height(), input.width()),
                       "the convolution's output " + std::to_string(spec.out_channels) + "x" +
                           std::to_string(out.h) + "x" + std::to_string(out.w));
    return conv_stage(input, spec);
}

} // namespace poolscope::cli
