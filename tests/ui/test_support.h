#pragma once
// Small helpers shared by the UI tests.
#include <cstring>
#include <optional>

#include "core/spec/pool_spec.h"
#include "core/tensor/tensor.h"
#include "core/tensor/tensor_view.h"

namespace poolscope::test {

// Same shape and the same bits in every cell (NaN equals NaN, -0 differs from 0).
// Tensors and read-only tensors both convert to views.
inline bool bitEqual(ConstTensorView a, ConstTensorView b)
{
    if (a.channels() != b.channels() || a.height() != b.height() || a.width() != b.width())
        return false;
    for (int c = 0; c < a.channels(); ++c)
        for (int y = 0; y < a.height(); ++y)
            if (std::memcmp(a.row(c, y), b.row(c, y), std::size_t(a.width()) * sizeof(float)) != 0)
                return false;
    return true;
}

inline bool sameIndices(const IndexTensor& a, const IndexTensor& b)
{
    return a.channels == b.channels && a.height == b.height && a.width == b.width && a.data == b.data;
}

// A sliding-window pool spec; stride defaults to the kernel, as PyTorch's stride=None.
inline PoolSpec poolSpec(PoolOp op, Size2 k, std::optional<Size2> s = std::nullopt, Size2 p = {0, 0})
{
    PoolSpec ps;
    ps.op = op;
    ps.kernel = k;
    ps.stride = s;
    ps.padding = p;
    return ps;
}

} // namespace poolscope::test
