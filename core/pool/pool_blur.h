#pragma once
// BlurPool (Zhang 2019, "Making Convolutional Networks Shift-Invariant Again"):
// max at stride 1, reflect padding, a normalised binomial blur, then keeping every
// stride-th sample from 0.
#include <array>

#include "core/pool/pool_ops.h"
#include "core/pool/pool_window.h"
#include "core/shape/pool_shape.h"

namespace poolscope::detail {

struct BlurFilter {
    int size = 3;
    int before = 1;              // reflect padding top/left: (size-1)/2; bottom/right gets the rest
    std::array<float, 5> taps{}; // a row of Pascal's triangle over its sum: the 1-D filter
    std::array<double, 25> w{};  // size x size, row-major: taps[i] * taps[j], for a trace's weights
};
BlurFilter blur_filter(int size);

// ReflectionPad2d's mirror (the edge is not repeated); valid for -n < i < 2n - 1.
inline int reflect_index(int i, int n)
{
    if (i < 0)
        return -i;
    if (i >= n)
        return 2 * (n - 1) - i;
    return i;
}

// Size of the stride-1 max map.
Size2 blur_map_size(const PoolGeometry& g);

// Max map cell (my, mx): the stride-1 max window there, PyTorch's max rule.
inline CellResult blur_max_cell(const Plane& p, const PoolGeometry& g, int my, int mx)
{
    return extreme_window<false>(p, sliding_taps(my, g.in.h, g.kernel.h, 1, g.padding.h, g.dilation.h),
                                 sliding_taps(mx, g.in.w, g.kernel.w, 1, g.padding.w, g.dilation.w));
}

// The max map row (column) that blur tap i of output row (column) o reads.
inline int blur_map_index(int o, int i, int stride, const BlurFilter& f, int map_size)
{
    return reflect_index(o * stride + i - f.before, map_size);
}

// The blurred value from the f x f max-map values under the filter; at(i, j) gives the
// value under filter tap (i, j). The binomial filter is separable, and so is the sum:
// each row blurred along (taps[j] * value, j in order, in float), then the rows
// down (taps[i] * row, i in order).
template <class At> float blur_value(const BlurFilter& f, At&& at)
{
    float acc = 0.f;
    for (int i = 0; i < f.size; ++i) {
        float row = 0.f;
        for (int j = 0; j < f.size; ++j)
            row += f.taps[std::size_t(j)] * at(i, j);
        acc += f.taps[std::size_t(i)] * row;
    }
    return acc;
}

// The whole op (no indices).
void pool_blur(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g, const PoolOptions& options,
               PoolResult& result);

} // namespace poolscope::detail
