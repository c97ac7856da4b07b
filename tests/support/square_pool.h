#pragma once
// A sliding pool with square kernel, stride and padding: the spec most tables build.
#include "core/spec/pool_spec.h"

namespace poolscope::test {

inline PoolSpec square_pool(PoolOp op, int k, int s, int p = 0)
{
    PoolSpec spec;
    spec.op = op;
    spec.kernel = {k, k};
    spec.stride = Size2{s, s};
    spec.padding = {p, p};
    return spec;
}

} // namespace poolscope::test
