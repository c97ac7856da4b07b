#pragma once
// Input rows copied between zeros (transformed on the way when a kernel sums a
// function of the values), so that every window of a row reads its full set of
// taps at fixed offsets: output o's tap k of a row sits at row(y)[S*o + k*d].
// Kernels that skip the padding's taps can read zeros instead when a zero tap
// changes nothing (a float sum that starts at +0 is never -0, so adding +0 leaves
// it as it is; stochastic pooling counts only positive taps).
#include <algorithm>
#include <utility>
#include <vector>

#include "core/pool/fast/lanes.h"
#include "core/pool/pool_window.h"

namespace poolscope::detail {

struct PaddedRows {
    const float* data = nullptr;
    int stride = 0; // floats from one padded row to the next
    int first = 0;  // the input row of padded row 0
    // Rows held in a ring of mask + 1 slots (a power of two); all ones: every row has
    // its own.
    std::size_t mask = ~std::size_t(0);
    const float* row(int y) const { return data + (std::size_t(y - first) & mask) * stride; }
};

// The slots a ring needs so that `span` consecutive rows are held at once: a power
// of two, or 0 (no ring) when that is not fewer than the `rows` there are.
inline int ring_slots(int span, int rows)
{
    int slots = 1;
    while (slots < span)
        slots *= 2;
    return slots < rows ? slots : 0;
}

// Rows [r0, r1) laid out `stride` floats apart in `buffer`, sized here: each row its
// own, or (span > 0) a ring that holds `span` consecutive rows.
inline PaddedRows padded_layout(std::vector<float>& buffer, int r0, int r1, int stride, int span)
{
    PaddedRows rows{nullptr, stride, r0};
    const int slots = span > 0 ? ring_slots(span, r1 - r0) : 0;
    if (slots > 0)
        rows.mask = std::size_t(slots - 1);
    const std::size_t held = std::size_t(slots > 0 ? slots : std::max(0, r1 - r0));
    if (buffer.size() < held * std::size_t(stride))
        buffer.resize(held * std::size_t(stride));
    rows.data = buffer.data();
    return rows;
}

// The column reach of a sliding pool's windows: `left` zeros before column 0 and
// enough after the row for the last window's last tap and a vector load's slack.
struct ColumnReach {
    int left = 0, right = 0;
    static ColumnReach of(int in_w, int out_w, int kernel, int stride, int pad, int dilation)
    {
        const int reach = (out_w - 1) * stride - pad + (kernel - 1) * dilation + 1; // one past the last tap
        return {pad, std::max(0, reach - in_w) + 8};
    }
};

// Rows of p, padded, filled as they are needed: rows up to `y` are ready after
// ensure(y), so a stripe streams through its rows instead of first copying, then
// computing. transform(y, src, dst, n, ahead) fills row y from the plane's row src
// and starts the fetch from memory of `ahead`, the row it fills next (null for
// none), so that it arrives while this one is worked on.
//
// `span` > 0: only the last `span` rows ensured are read at once (the rows under
// one output row's windows, which move down), so they are kept in a ring that
// stays in the L1 cache, instead of a buffer of all the stripe's rows that the
// windows would read back from L2.
template <class Transform> class LazyPaddedRows {
public:
    LazyPaddedRows(const Plane& p, int r0, int r1, ColumnReach reach, Transform transform,
                   std::vector<float>& buffer, int span = 0)
        : p_(p), r1_(r1), reach_(reach), transform_(std::move(transform)), next_(r0),
          rows_(padded_layout(buffer, r0, r1, reach.left + p.w + reach.right, span)), buffer_(buffer.data())
    {
    }

    const PaddedRows& ensure(int y)
    {
        for (; next_ <= y && next_ < r1_; ++next_) {
            const float* ahead = next_ + 1 < r1_ ? p_.row(next_ + 1) : nullptr;
            float* d = buffer_ + (std::size_t(next_ - rows_.first) & rows_.mask) * rows_.stride;
            std::fill_n(d, reach_.left, 0.f);
            transform_(next_, p_.row(next_), d + reach_.left, p_.w, ahead);
            std::fill_n(d + reach_.left + p_.w, reach_.right, 0.f);
        }
        return rows_;
    }

private:
    const Plane& p_;
    int r1_;
    ColumnReach reach_;
    Transform transform_;
    int next_;
    PaddedRows rows_;
    float* buffer_; // rows_.data, writable
};

} // namespace poolscope::detail
