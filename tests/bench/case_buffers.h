#pragma once
// The buffers of one case, allocated once and shared by the three timed calls:
// ours, OpenCV's (where it has the op) and the streaming floor.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/pool/pool_ops.h"
#include "core/spec/conv_spec.h"
#include "tests/bench/bench_cases.h"
#include "tests/bench/opencv_pool.h"
#include "tests/bench/stream_floor.h"

namespace poolscope::bench {

class CaseBuffers {
public:
    // Fills the input, then runs each call once untimed: warms caches and pages,
    // and compares ours with OpenCV's before the floor reuses our output buffers.
    explicit CaseBuffers(const BenchCase& c);

    // Each returns the call's wall time in milliseconds.
    double time_ours();
    double time_opencv();
    double time_floor();

    bool has_opencv() const { return opencv_ != nullptr; }
    // Set when ours and OpenCV's warm-up results disagree.
    const std::optional<std::string>& disagreement() const { return disagreement_; }
    // Bytes the floor reads plus bytes it writes.
    double streamed_bytes() const;

private:
    const BenchCase& case_;
    Tensor input_;
    PoolResult pooled_; // Unpool: the max pool's values and indices that are unpooled
    ConvWeights weights_;
    Tensor grad_;     // Backward: ones of the output's shape
    PoolResult warm_; // the warm-up result; its buffers are the floor's outputs
    PoolResult ours_; // pool_into's result, reused like OpenCV's preallocated outputs
    std::unique_ptr<OpenCvPool> opencv_;
    std::optional<std::string> disagreement_;
    std::vector<ReadSpan> reads_;
    std::vector<WriteSpan> writes_;
};

} // namespace poolscope::bench
