#include "core/spec/convention.h"

#include <array>
#include <utility>

namespace poolscope {
namespace {

constexpr std::array<std::pair<Convention, std::string_view>, 5> kNames = {{
    {Convention::PyTorch, "pytorch"},
    {Convention::TfSame, "tf-same"},
    {Convention::TfValid, "tf-valid"},
    {Convention::Caffe, "caffe"},
    {Convention::OnnxSameLower, "onnx-same-lower"},
}};

} // namespace

std::string_view convention_name(Convention c)
{
    for (const auto& [value, name] : kNames)
        if (value == c)
            return name;
    return "pytorch";
}

std::optional<Convention> parse_convention(std::string_view name)
{
    for (const auto& [value, spelled] : kNames)
        if (spelled == name)
            return value;
    return std::nullopt;
}

} // namespace poolscope
