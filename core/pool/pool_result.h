#pragma once
// Output buffers for the pooling kernels: the caller's own when they already have
// the right shape and nobody else holds them (pool_into), fresh ones otherwise.
// Kernels write every output cell, so nothing is zeroed.
#include "core/pool/pool_ops.h"

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
