#pragma once
// A convolution stage (cross-correlation, as PyTorch's conv2d) and its activation.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/tensor/size2.h"

namespace poolscope {

enum class PaddingMode { Zeros, Reflect, Replicate, Circular };
enum class Activation { None, ReLU, LeakyReLU, Sigmoid, Tanh, Abs };
enum class KernelPreset {
    Identity,
    Box,
    Gaussian,
    Sharpen,
    SobelX,
    SobelY,
    Laplacian,
    Emboss,
    Outline,
    Random,
};

std::string_view padding_mode_name(PaddingMode m); // "zeros", "reflect", "replicate", "circular"
std::optional<PaddingMode> parse_padding_mode(std::string_view s);
std::string_view activation_name(Activation a); // "none", "relu", "leaky-relu", "sigmoid", "tanh", "abs"
std::optional<Activation> parse_activation(std::string_view s);
std::string_view kernel_preset_name(KernelPreset k); // "identity", "box", "gaussian", "sharpen", "sobel-x",
                                                     // "sobel-y", "laplacian", "emboss", "outline", "random"
std::optional<KernelPreset> parse_kernel_preset(std::string_view s);

// Weights [out][in][kh][kw] and bias [out], row-major.
struct ConvWeights {
    int out_channels = 0, in_channels = 0;
    Size2 kernel{3, 3};
    std::vector<float> weights;
    std::vector<float> bias;
    float at(int o, int i, int ky, int kx) const
    {
        return weights[((std::size_t(o) * in_channels + i) * kernel.h + ky) * kernel.w + kx];
    }
    friend bool operator==(const ConvWeights&, const ConvWeights&) = default;
};

struct ConvSpec {
    int out_channels = 1;
    Size2 kernel{3, 3};
    Size2 stride{1, 1};
    Size2 padding{1, 1};
    bool padding_same = false; // PyTorch padding='same' (stride must be 1)
    Size2 dilation{1, 1};
    PaddingMode padding_mode = PaddingMode::Zeros;
    // Output channel o uses presets[o] (past the list: an oriented filter of its own,
    // or another random one; conv_channel_filter_name), applied to every input
    // channel and divided by in_channels (so a preset on RGB acts on the mean).
    std::vector<KernelPreset> presets{KernelPreset::SobelX};
    std::uint64_t seed = 0;            // for KernelPreset::Random (He-uniform)
    std::optional<ConvWeights> custom; // replaces presets when set
    float bias = 0.f;                  // added to every output channel (custom: its own bias)
    Activation activation = Activation::None;
    float negative_slope = 0.01f; // LeakyReLU

    friend bool operator==(const ConvSpec&, const ConvSpec&) = default;
};

// The spec as the convolution reads it: 'same' pads at stride 1 from the kernel alone
// (the stride and padding typed beside it are not read), negative_slope only for
// Leaky ReLU, the seed only for random filters. Forms keep what the user typed.
ConvSpec effective_spec(const ConvSpec& spec);

} // namespace poolscope
