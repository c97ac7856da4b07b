#pragma once
// The output size, the padding on each side and the divisor rule of a sliding
// max or avg pool under a framework's convention, with each rule written out in
// words and numbers for the GUI and the CLI's `shape`.
#include <string>

#include "core/shape/pool_shape.h"
#include "core/spec/convention.h"
#include "core/spec/pool_spec.h"

namespace poolscope {

// Which cells an average divides by.
enum class DivisorRule {
    PyTorch,    // count_include_pad and divisor_override as the spec says (avg_pool2d)
    InsideOnly, // the window's cells inside the input (TensorFlow, ONNX's default)
    PaddedArea, // the window clipped to the input plus its padding, not the overhang past it (Caffe)
};

struct ConventionAxis {
    int in = 0, kernel = 1, stride = 1, dilation = 1;
    int out = 0;
    int pad_before = 0, pad_after = 0; // top/left and bottom/right
    std::string rule;                  // the rule with the numbers put in
};

struct ConventionGeometry {
    Convention convention = Convention::PyTorch;
    ConventionAxis h, w;
    DivisorRule divisor = DivisorRule::PyTorch;
    std::string divisor_rule; // in words

    Size2 in() const { return {h.in, w.in}; }
    Size2 out() const { return {h.out, w.out}; }
};

// TensorFlow 'SAME' (tensorflow/core/framework/kernel_shape_util.cc): out = ceil(n / s),
//   total padding max((out - 1) * s + d(k - 1) + 1 - n, 0), the odd one after.
// TensorFlow 'VALID': out = ceil((n - d(k - 1)) / s), no padding.
// ONNX SAME_LOWER: as 'SAME' with the odd padding before.
// Caffe (OpenCV's dnn Pooling layer): padding p each side, out = 1 + ceil((n + 2p - k) / s),
//   one fewer when p > 0 and the last window would start at or past n + p; no dilation.
// PyTorch: resolve_geometry's, the padding symmetric.
// TensorFlow, ONNX and Caffe take max and avg only. Throws ParamError naming the
// parameter and the numbers.
ConventionGeometry convention_geometry(Convention c, const PoolSpec& spec, int in_h, int in_w);

} // namespace poolscope
