#include "tests/bench/case_buffers.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>

#include "core/conv/conv_ops.h"
#include "core/grad/pool_backward.h"
#include "core/shape/pool_shape.h"
#include "tests/bench/agreement.h"
#include "tests/bench/cache_eviction.h"

namespace poolscope::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kInputSeed = 20240229;
constexpr std::uint64_t kWeightSeed = 7;

double ms_since(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

ReadSpan read_span(const Tensor& t)
{
    return {t.data(), t.size() * sizeof(float)};
}
ReadSpan read_span(const IndexTensor& t)
{
    return {t.data.data(), t.data.size() * sizeof(std::int64_t)};
}
WriteSpan write_span(Tensor& t)
{
    return {t.data(), t.size() * sizeof(float)};
}
WriteSpan write_span(IndexTensor& t)
{
    return {t.data.data(), t.data.size() * sizeof(std::int64_t)};
}

// PyTorch's default conv init range, U(-1/sqrt(fan_in), 1/sqrt(fan_in)), weights and bias.
ConvWeights random_weights(const ConvSpec& spec, int in_channels)
{
    ConvWeights w;
    w.out_channels = spec.out_channels;
    w.in_channels = in_channels;
    w.kernel = spec.kernel;
    const float bound = 1.f / std::sqrt(float(in_channels * spec.kernel.h * spec.kernel.w));
    cv::RNG rng(kWeightSeed);
    w.weights.resize(std::size_t(w.out_channels) * in_channels * spec.kernel.h * spec.kernel.w);
    for (float& v : w.weights)
        v = rng.uniform(-bound, bound);
    w.bias.resize(std::size_t(w.out_channels));
    for (float& v : w.bias)
        v = rng.uniform(-bound, bound);
    return w;
}

// The cold cases' flushes, over the spans the floor reads and writes.
void evict(const ReadSpan& s)
{
    evict_from_caches(s.data, s.bytes);
}
void evict(const WriteSpan& s)
{
    evict_from_caches(s.data, s.bytes);
}
void evict(const cv::Mat& m)
{
    if (!m.empty())
        evict_from_caches(m.data, m.total() * m.elemSize());
}

} // namespace

CaseBuffers::CaseBuffers(const BenchCase& c) : case_(c)
{
    input_ = Tensor::uninitialized(c.shape.c, c.shape.h, c.shape.w);
    cv::Mat values = input_.storage(); // shares the tensor's memory
    cv::RNG(kInputSeed).fill(values, cv::RNG::UNIFORM, 0.f, 1.f);

    switch (c.kind) {
    case CaseKind::Pool:
        warm_ = pool(input_, c.spec, c.options);
        reads_ = {read_span(input_)};
        writes_ = {write_span(warm_.output)};
        if (!warm_.indices.empty())
            writes_.push_back(write_span(warm_.indices));
        if (c.opencv != OpenCvRef::None) {
            const OpenCvPoolType type =
                c.opencv == OpenCvRef::Max ? OpenCvPoolType::Max : OpenCvPoolType::Ave;
            opencv_ = std::make_unique<OpenCvPool>(input_, type, c.spec.kernel, c.spec.effective_stride(),
                                                   c.spec.padding, c.options.indices);
            opencv_->run();
            disagreement_ = bench::disagreement(warm_, *opencv_, type);
        }
        break;
    case CaseKind::Unpool:
        pooled_ = pool(input_, c.spec, PoolOptions{.indices = true});
        warm_.output = max_unpool(pooled_.output, pooled_.indices, c.spec.kernel, c.spec.effective_stride(),
                                  c.spec.padding, Size2{c.shape.h, c.shape.w});
        reads_ = {read_span(pooled_.output), read_span(pooled_.indices)};
        writes_ = {write_span(warm_.output)};
        break;
    case CaseKind::Backward: {
        const PoolGeometry g = resolve_geometry(c.spec, c.shape.h, c.shape.w);
        grad_ = Tensor(c.shape.c, g.out.h, g.out.w);
        std::fill_n(grad_.data(), grad_.size(), 1.f);
        warm_.output = pool_backward(input_, c.spec, grad_);
        reads_ = {read_span(input_), read_span(grad_)};
        writes_ = {write_span(warm_.output)};
        break;
    }
    case CaseKind::Invariance:
        // The floor: the input read once and one pooled map written (a sweep reads
        // it once per view).
        measure_invariance(input_, c.spec, c.sweep);
        warm_ = pool(input_, c.spec, c.options);
        reads_ = {read_span(input_)};
        writes_ = {write_span(warm_.output)};
        break;
    case CaseKind::Conv:
        weights_ = random_weights(c.conv, c.shape.c);
        warm_.output = conv2d(input_, weights_, c.conv);
        reads_ = {read_span(input_)};
        writes_ = {write_span(warm_.output)};
        break;
    }
    time_floor();
}

double CaseBuffers::time_ours()
{
    const BenchCase& c = case_;
    if (c.cold) {
        evict(read_span(input_)), evict(read_span(pooled_.output)), evict(read_span(pooled_.indices));
        evict(read_span(ours_.output)), evict(read_span(ours_.indices));
    }
    // Each branch stops the clock before its result is freed: the caller owns the result.
    const Clock::time_point t0 = Clock::now();
    switch (c.kind) {
    case CaseKind::Pool: {
        // Into the same buffers each time, as OpenCV's layer writes into its
        // preallocated outputs: no page faults in the timing.
        pool_into(input_, c.spec, ours_, c.options);
        return ms_since(t0);
    }
    case CaseKind::Unpool: {
        max_unpool_into(pooled_.output, pooled_.indices, c.spec.kernel, c.spec.effective_stride(),
                        c.spec.padding, Size2{c.shape.h, c.shape.w}, ours_.output);
        return ms_since(t0);
    }
    case CaseKind::Conv: {
        const Tensor r = conv2d(input_, weights_, c.conv);
        return ms_since(t0);
    }
    case CaseKind::Invariance: {
        const InvarianceResult r = measure_invariance(input_, c.spec, c.sweep);
        return ms_since(t0);
    }
    case CaseKind::Backward: {
        // The forward with indices, the routing, and the gradient's fresh buffer.
        const Tensor r = pool_backward(input_, c.spec, grad_);
        return ms_since(t0);
    }
    }
    return ms_since(t0);
}

double CaseBuffers::time_opencv()
{
    if (case_.cold)
        evict(read_span(input_)), evict(opencv_->output()), evict(opencv_->mask());
    const Clock::time_point t0 = Clock::now();
    opencv_->run();
    return ms_since(t0);
}

double CaseBuffers::time_floor()
{
    if (case_.cold) {
        for (const ReadSpan& r : reads_)
            evict(r);
        for (const WriteSpan& w : writes_)
            evict(w);
    }
    const Clock::time_point t0 = Clock::now();
    stream_floor(reads_, writes_);
    return ms_since(t0);
}

double CaseBuffers::streamed_bytes() const
{
    double bytes = 0;
    for (const ReadSpan& r : reads_)
        bytes += double(r.bytes);
    for (const WriteSpan& w : writes_)
        bytes += double(w.bytes);
    return bytes;
}

} // namespace poolscope::bench
