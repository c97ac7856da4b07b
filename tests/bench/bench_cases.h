#pragma once
// The benchmark's cases: which op, on which shape, with which references. The
// PyTorch script (scripts/bench-torch) builds the same names so the two join.
#include <string>
#include <vector>

#include "core/lab/invariance.h"
#include "core/pool/pool_ops.h"
#include "core/spec/conv_spec.h"
#include "core/spec/pool_spec.h"

namespace poolscope::bench {

enum class CaseKind {
    Pool,       // pool(input, spec, options)
    Unpool,     // max_unpool of pool(input, spec) with indices, back to the input size
    Conv,       // conv2d(input, weights, conv)
    Backward,   // pool_backward(input, spec, ones of the output's shape), a fresh result each call
    Invariance, // measure_invariance(input, spec, sweep): every shifted view pooled and compared
};

// OpenCV's dnn Pooling type timed next to ours, where OpenCV has the op.
enum class OpenCvRef { None, Max, Ave };

struct Shape3 {
    int c = 1, h = 1, w = 1;
};

struct BenchCase {
    std::string name;
    CaseKind kind = CaseKind::Pool;
    Shape3 shape;
    PoolSpec spec;
    PoolOptions options{.indices = false};
    ShiftSweep sweep; // Invariance
    ConvSpec conv;    // Conv: stride, padding and out_channels; the weights are drawn per case
    OpenCvRef opencv = OpenCvRef::None;
    int threads = 0;    // 0: the --threads value; the scaling cases set their own
    std::string series; // scaling cases: the chart's line, e.g. "max k3 s2 p1, 1 thread"
    bool cold = false;  // every timed call starts with its buffers out of the caches
};

// The full cases, or tiny shapes of the same ops for a quick run.
std::vector<BenchCase> bench_cases(bool smoke);

} // namespace poolscope::bench
