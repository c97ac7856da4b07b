#pragma once
// How frameworks other than PyTorch size and pad a pooling window: TensorFlow's
// 'SAME' and 'VALID', Caffe's (as OpenCV's dnn Pooling layer runs it) and ONNX's
// SAME_LOWER. PyTorch's own is the default everywhere.
#include <optional>
#include <string_view>

namespace poolscope {

enum class Convention { PyTorch, TfSame, TfValid, Caffe, OnnxSameLower };

// CLI spelling: "pytorch", "tf-same", "tf-valid", "caffe", "onnx-same-lower".
std::string_view convention_name(Convention c);
std::optional<Convention> parse_convention(std::string_view name);

} // namespace poolscope
