#pragma once
// Output shapes and parameter checks, in PyTorch's order and with PyTorch's
// rules (aten/src/ATen/native/Pool.h), plus the explanations the UI shows.
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/spec/pool_spec.h"

namespace poolscope {

// One axis of a sliding-window pool: O = floor((I + 2p - d(k-1) - 1 + (ceil ? s-1 : 0)) / s) + 1,
// minus one when ceil_mode would start the last window past the input and left padding.
// Returns the size without checking it (may be <= 0).
long long pooling_output_size(long long in, int kernel, int pad, int stride, int dilation, bool ceil_mode);

// The resolved geometry of a pool on an H x W input: every default filled in.
struct PoolGeometry {
    Size2 in;
    Size2 out;
    Size2 kernel;
    Size2 stride;
    Size2 padding;
    Size2 dilation;
    bool ceil_mode = false;
};

// Validates spec against an input of in_h x in_w and returns the geometry.
// Throws ParamError with a message naming the parameter and the numbers.
// Adaptive/global ops: out = output_size (global: 1x1); kernel/stride unused.
// Fractional: out from output_size or output_ratio. BlurPool: out is that of
// the stride-1 max followed by subsampling by stride.
PoolGeometry resolve_geometry(const PoolSpec& spec, int in_h, int in_w);

// "explain shape": the formula with the numbers put in, notes, and coverage.
struct ShapeExplanation {
    PoolGeometry geometry;
    std::string formula_h; // e.g. "floor((14 + 2*0 - 1*(2-1) - 1) / 2) + 1 = 7"
    std::string formula_w;
    std::vector<std::string> notes; // e.g. "ceil_mode dropped a window that would start in the padding"
    // Every window is a row set times a column set, so the number of windows
    // reading cell (y, x) is coverage_rows[y] * coverage_cols[x]: kept as the two
    // factors, the explanation of a full-HD map costs two short vectors, not a plane.
    std::vector<int> coverage_rows, coverage_cols;
    long long cells_never_read = 0;
    // CV_32S in_h x in_w: how many windows read each input cell.
    cv::Mat coverage() const;
};
ShapeExplanation explain_shape(const PoolSpec& spec, int in_h, int in_w);

} // namespace poolscope
