#pragma once
// The convolution flags of `conv` (PyTorch's Conv2d names) and the optional
// convolution stage that `pool` and `trace` run first with --conv-preset.
#include <string>

#include "app/cli/cli_context.h"
#include "core/spec/conv_spec.h"
#include "core/tensor/tensor.h"

namespace CLI {
class App;
class Option;
} // namespace CLI

namespace poolscope::cli {

struct ConvFlags {
    std::string out_channels, kernel_size, stride, padding, dilation;
    std::string padding_mode = "zeros";
    std::string presets = "sobel-x";
    std::string weights, bias, negative_slope, seed;
    std::string activation = "none";
    CLI::Option* out_channels_opt = nullptr;
    CLI::Option* kernel_size_opt = nullptr;
    CLI::Option* negative_slope_opt = nullptr;
    CLI::Option* seed_opt = nullptr;

    void add_to(CLI::App& app);

    // Throws ArgError/ParamError for bad values, InputError for an unreadable
    // or ill-shaped --weights file.
    ConvSpec to_spec(int in_channels, const CliContext& ctx) const;
};

// `--conv-preset LIST`: a 3x3 convolution (padding 1, one output channel per
// preset) followed by ReLU, as in a CNN's first layer, before pooling.
struct PreConvFlags {
    std::string presets;

    void add_to(CLI::App& app);
    bool active() const { return !presets.empty(); }
    ConvSpec to_spec() const;
    // Returns the input unchanged when no preset was given.
    Tensor apply(const Tensor& input, const CliContext& ctx) const;
};

// Checks the output fits the memory cap, then runs conv2d + activation.
Tensor run_conv_stage(const Tensor& input, const ConvSpec& spec, const CliContext& ctx);

} // namespace poolscope::cli
