#pragma once
// Max and avg pooling under a framework's convention (core/shape/convention_shape.h).
#include "core/pool/pool_ops.h"
#include "core/pool/pool_window.h"
#include "core/pool/window_trace.h"
#include "core/shape/convention_shape.h"

namespace poolscope {

// PyTorch: pool(input, spec) itself. The others: the windows of convention_geometry,
// padding never read; max by PyTorch's rule (NaN propagates, the first maximum's index;
// Caffe: a window with no cell inside gives 0, as OpenCV's layer does), avg as a float
// sum in row-major order divided by the convention's divisor (Caffe: times 1/area in
// float, as OpenCV's layer, which gives NaN for an average window lying wholly past
// the input where there is no padding). OpenCV's own max skips NaN; this one does not.
// Throws ParamError as convention_geometry.
PoolResult pool_convention(const Tensor& input, const PoolSpec& spec, Convention c,
                           const PoolOptions& options = {});

// One output cell's window under a convention, tap by tap (window_trace.h's form):
// the kernel grid with its padding taps, max's chosen tap weighing 1, avg's inside
// taps 1/divisor; the result is pool_convention's at that cell. PyTorch: trace().
WindowTrace trace(const Tensor& input, const PoolSpec& spec, Convention c, int channel, int oy, int ox);

namespace detail {

// Output o's window along one axis under a convention: the taps inside the input,
// and Caffe's divisor extent (the window clipped to the input plus its padding).
struct ConventionWindow {
    AxisTaps taps;
    int area = 0;
};
ConventionWindow convention_window(const ConventionAxis& a, int o);

// What an average window divides by (TensorFlow and ONNX: the inside cells; Caffe:
// the clipped areas' product, possibly 0 or negative past the padding, as OpenCV).
float convention_divisor(const ConventionGeometry& g, const ConventionWindow& y, const ConventionWindow& x);

} // namespace detail

} // namespace poolscope
