#include "core/spec/convention.h"

#include "core/spec/name_table.h"

namespace poolscope {
namespace {

constexpr NameTable<Convention, 5> kNames = {{
    {Convention::PyTorch, "pytorch"},
    {Convention::TfSame, "tf-same"},
    {Convention::TfValid, "tf-valid"},
    {Convention::Caffe, "caffe"},
    {Convention::OnnxSameLower, "onnx-same-lower"},
}};

} // namespace

std::string_view convention_name(Convention c)
{
    return name_in(kNames, c).value_or("pytorch");
}

std::optional<Convention> parse_convention(std::string_view name)
{
    return value_in(kNames, name);
}

} // namespace poolscope
