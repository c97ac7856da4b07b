#include "core/spec/conv_spec.h"

#include <algorithm>
#include <array>
#include <utility>

namespace poolscope {
namespace {

// One table per enum keeps names and parsing in step.
constexpr std::array<std::pair<PaddingMode, std::string_view>, 4> k_padding_modes{{
    {PaddingMode::Zeros, "zeros"},
    {PaddingMode::Reflect, "reflect"},
    {PaddingMode::Replicate, "replicate"},
    {PaddingMode::Circular, "circular"},
}};

constexpr std::array<std::pair<Activation, std::string_view>, 6> k_activations{{
    {Activation::None, "none"},
    {Activation::ReLU, "relu"},
    {Activation::LeakyReLU, "leaky-relu"},
    {Activation::Sigmoid, "sigmoid"},
    {Activation::Tanh, "tanh"},
    {Activation::Abs, "abs"},
}};

constexpr std::array<std::pair<KernelPreset, std::string_view>, 10> k_presets{{
    {KernelPreset::Identity, "identity"},
    {KernelPreset::Box, "box"},
    {KernelPreset::Gaussian, "gaussian"},
    {KernelPreset::Sharpen, "sharpen"},
    {KernelPreset::SobelX, "sobel-x"},
    {KernelPreset::SobelY, "sobel-y"},
    {KernelPreset::Laplacian, "laplacian"},
    {KernelPreset::Emboss, "emboss"},
    {KernelPreset::Outline, "outline"},
    {KernelPreset::Random, "random"},
}};

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value)
{
    for (const auto& [e, name] : table)
        if (e == value)
            return name;
    return "unknown";
}

template <typename E, std::size_t N>
std::optional<E> parse_of(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s)
{
    for (const auto& [e, name] : table)
        if (name == s)
            return e;
    return std::nullopt;
}

} // namespace

std::string_view padding_mode_name(PaddingMode m)
{
    return name_of(k_padding_modes, m);
}
std::optional<PaddingMode> parse_padding_mode(std::string_view s)
{
    return parse_of(k_padding_modes, s);
}
std::string_view activation_name(Activation a)
{
    return name_of(k_activations, a);
}
std::optional<Activation> parse_activation(std::string_view s)
{
    return parse_of(k_activations, s);
}
std::string_view kernel_preset_name(KernelPreset k)
{
    return name_of(k_presets, k);
}
std::optional<KernelPreset> parse_kernel_preset(std::string_view s)
{
    return parse_of(k_presets, s);
}

ConvSpec effective_spec(const ConvSpec& spec)
{
    const ConvSpec d;
    ConvSpec s = spec;
    if (s.padding_same) {
        s.stride = d.stride; // PyTorch allows 'same' only at stride 1
        s.padding = d.padding;
    }
    if (s.activation != Activation::LeakyReLU)
        s.negative_slope = d.negative_slope;
    if (s.custom || std::find(s.presets.begin(), s.presets.end(), KernelPreset::Random) == s.presets.end())
        s.seed = d.seed;
    return s;
}

} // namespace poolscope
