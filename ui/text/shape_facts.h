#pragma once
// The numbers behind "pooling shrinks the maps and what comes after them":
// shapes at every stage, parameter counts and the size of a following dense layer.
#include "core/tensor/size2.h"

namespace poolscope::ui {

struct PipelineResult;

struct StageShape {
    int c = 0, h = 0, w = 0;
    long long cells() const { return (long long)c * h * w; }
};

struct ShapeFacts {
    StageShape input, conv, pool; // conv == input when the convolution is off
    bool convEnabled = true;
    long long convWeights = 0; // out x in x kh x kw
    long long convBiases = 0;  // one per output channel (nn.Conv2d's default bias=True)
    long long convParameters() const { return convWeights + convBiases; }
    // Pool input cells / output cells (per channel and in all: the same ratio).
    double compression() const { return pool.cells() ? double(conv.cells()) / double(pool.cells()) : 0.0; }
    // A dense layer from the flattened maps to `classes` outputs: weights + biases.
    static long long denseParameters(long long inputs, int classes) { return inputs * classes + classes; }
};

inline constexpr int kDenseClasses = 10;

ShapeFacts shapeFacts(const PipelineResult& r);

} // namespace poolscope::ui
