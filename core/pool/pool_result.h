#pragma once
// What a pooling op produces, and its buffers for the kernels: the caller's own
// when they already have the right shape and nobody else holds them (pool_into),
// fresh ones otherwise. Kernels write every output cell, so nothing is zeroed.
#include <cstddef>

#include "core/tensor/size2.h"
#include "core/tensor/tensor.h"

namespace poolscope {

struct PoolResult {
    Tensor output;
    IndexTensor indices; // max, min, adaptive-max, global-max, fractional-max (when asked for)
};

} // namespace poolscope

namespace poolscope::detail {

inline void prepare_result(PoolResult& r, int channels, Size2 out, bool indices)
{
    r.output.reuse_or_allocate(channels, out.h, out.w);
    if (indices) {
        r.indices.channels = channels;
        r.indices.height = out.h;
        r.indices.width = out.w;
        r.indices.data.resize(std::size_t(channels) * out.h * out.w);
    } else {
        r.indices = {};
    }
}

} // namespace poolscope::detail
