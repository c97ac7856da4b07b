#pragma once
// Building blocks shared by every pooling op and by trace(): a channel plane,
// the taps of one window along one axis, and the max/min scan with PyTorch's
// update rule. pool() and trace() both evaluate windows with these, so a traced
// cell reproduces the full op bit for bit.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "core/tensor/tensor.h"

namespace poolscope::detail {

// One channel of a tensor: rows `step` floats apart.
struct Plane {
    const float* data = nullptr;
    int h = 0, w = 0;
    std::size_t step = 0;

    const float* row(int y) const { return data + std::size_t(y) * step; }
    float at(int y, int x) const { return row(y)[x]; }
    bool contains(int y, int x) const { return y >= 0 && y < h && x >= 0 && x < w; }
};

inline Plane plane_of(const Tensor& t, int c)
{
    return {t.row(c, 0), t.height(), t.width(), t.storage().step1()};
}

// The taps of one window along one axis: tap i (0 <= i < size) sits at start + i*step.
// Taps skip .. skip+count-1 are the ones inside the input.
struct AxisTaps {
    int start = 0, size = 0, step = 1;
    int skip = 0, count = 0;

    // PyTorch's adjusted window start (the first tap at or after 0); it may lie past
    // the input when no tap is inside, and the initial max index still uses it.
    int first() const { return start + skip * step; }
    int at(int i) const { return start + i * step; }
};

// Sliding window `o` along an axis of length `in`: tap i at o*stride - pad + i*dilation.
inline AxisTaps sliding_taps(int o, int in, int kernel, int stride, int pad, int dilation)
{
    // 64-bit intermediates: huge kernels, paddings or dilations must not overflow.
    const long long start = (long long)o * stride - pad, d = dilation;
    const long long skip = start < 0 ? (-start + d - 1) / d : 0;
    // Taps below `in`: i < ceil((in - start) / dilation).
    const long long below = in > start ? (in - start + d - 1) / d : 0;
    AxisTaps t;
    t.start = int(start);
    t.size = kernel;
    t.step = dilation;
    t.skip = int(std::min<long long>(skip, kernel));
    t.count = int(std::max(0LL, std::min<long long>(kernel, below) - skip));
    return t;
}

// A run of taps [begin, end) that lies inside the input (adaptive bins, fractional windows).
inline AxisTaps run_taps(int begin, int end)
{
    return {begin, end - begin, 1, 0, end - begin};
}

// What one output cell of any op produced; trace() turns it into per-tap weights.
struct CellResult {
    float value = 0.f;
    std::int64_t index = -1;               // PyTorch's flat index h*W + w (max-type ops)
    int chosen_y = -1, chosen_x = -1;      // the selected input cell, if the op selects one
    double divisor = 0.0;                  // avg-type ops
    double sum = 0.0;                      // LP: p-sum; stochastic: sum of a; SoftPool: sum of exp
    double shift = 0.0;                    // SoftPool: the max subtracted before exp
    double max_part = 0.0, avg_part = 0.0; // mixed
};

// Max (or min) over the inside taps with PyTorch's rule: `v > best || isnan(v)`, so NaN
// propagates (the last NaN's index wins) and ties keep the first tap in row-major order.
// With no inside tap the result is -inf (+inf for min) and the index PyTorch's initial one.
template <bool IsMin> inline CellResult extreme_window(const Plane& p, const AxisTaps& ty, const AxisTaps& tx)
{
    constexpr float kInit =
        IsMin ? std::numeric_limits<float>::infinity() : -std::numeric_limits<float>::infinity();
    float best = kInit;
    const int y0 = ty.first(), x0 = tx.first();
    int by = y0, bx = x0;
    for (int i = 0; i < ty.count; ++i) {
        const int y = y0 + i * ty.step;
        const float* row = p.row(y);
        for (int j = 0; j < tx.count; ++j) {
            const int x = x0 + j * tx.step;
            const float v = row[x];
            if ((IsMin ? v < best : v > best) || std::isnan(v)) {
                best = v;
                by = y;
                bx = x;
            }
        }
    }
    CellResult r;
    r.value = best;
    r.index = std::int64_t(by) * p.w + bx;
    if (ty.count > 0 && tx.count > 0) {
        r.chosen_y = by;
        r.chosen_x = bx;
    }
    return r;
}

} // namespace poolscope::detail
