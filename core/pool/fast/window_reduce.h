#pragma once
// Max or min over the windows of one axis, on a sequence of positions (each L
// lanes wide), with PyTorch's rule. Two ways, same bits: a direct fold over the
// taps, or van Herk / Gil-Werman block scans that cost three combines per
// position whatever the window size. Both fold earlier taps before later ones,
// and the rule is associative over ordered splits, so the winner is the one a
// single row-major scan would pick.
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/pool/fast/axis_plan.h"
#include "core/pool/fast/lanes.h"

namespace poolscope::detail {

// Position arrays: values, and the winners' indices (null for values only).
struct LaneArrays {
    float* v = nullptr;
    std::int32_t* i = nullptr;
    float* at(int q, int L) const { return v + std::size_t(q) * L; }
    std::int32_t* at_i(int q, int L) const { return i ? i + std::size_t(q) * L : nullptr; }
};

// The kernels below take a rule R (lanes.h's Extreme) and N > 0, a lane count fixed
// at compile time (then L must equal it), or 0 for one known only at run time.
template <class R, int N>
inline void copy_lanes(const LaneArrays& src, int q, const LaneArrays& dst, int d, int L)
{
    if constexpr (N > 0)
        L = N;
    std::memcpy(dst.at(d, L), src.at(q, L), sizeof(float) * std::size_t(L));
    if constexpr (R::with_idx)
        std::memcpy(dst.at_i(d, L), src.at_i(q, L), sizeof(std::int32_t) * std::size_t(L));
}

template <class R, int N>
inline void combine_at(const LaneArrays& a, int qa, const LaneArrays& b, int qb, const LaneArrays& dst, int d,
                       int L)
{
    combine_lanes<R, N>(a.at(qa, L), a.at_i(qa, L), b.at(qb, L), b.at_i(qb, L), dst.at(d, L), dst.at_i(d, L),
                        L);
}

// dst position d = fold of src positions first, first+step, ..., count of them.
template <class R, int N>
void fold_window(const LaneArrays& src, int L, int first, int count, int step, const LaneArrays& dst, int d)
{
    copy_lanes<R, N>(src, first, dst, d, L);
    for (int k = 1; k < count; ++k)
        combine_at<R, N>(dst, d, src, first + k * step, dst, d, L);
}

// Block scans over n positions: taps of one window share a residue mod `step`, and
// along each residue the positions fall into blocks of `block` taps. pre[q] folds
// its block up to q, suf[q] folds q to its block's end (or the sequence's end).
template <class R, int N>
void block_scans(const LaneArrays& src, int n, int L, int step, int block, const LaneArrays& pre,
                 const LaneArrays& suf)
{
    for (int r = 0; r < step && r < n; ++r) {
        int e = 0;
        for (int q = r; q < n; q += step) {
            if (e == 0)
                copy_lanes<R, N>(src, q, pre, q, L);
            else
                combine_at<R, N>(pre, q - step, src, q, pre, q, L);
            e = e + 1 == block ? 0 : e + 1;
        }
        const int last = r + (n - 1 - r) / step * step;
        int m = ((last - r) / step) % block; // place of `last` in its block
        bool end = true;                     // the sequence's end closes a block too
        for (int q = last; q >= 0; q -= step) {
            if (end || m == block - 1)
                copy_lanes<R, N>(src, q, suf, q, L);
            else
                combine_at<R, N>(src, q, suf, q + step, suf, q, L);
            end = false;
            m = m == 0 ? block - 1 : m - 1;
        }
    }
}

// How one window reads the scans: taps first..last (same residue, at most `block`).
struct BlockWindow {
    enum Kind : std::uint8_t { Both, PrefixOnly, SuffixOnly } kind = Both;
    int first = 0, last = 0;
};

// A window inside one block either starts it, or is cut short by the sequence's
// end and so runs to the block's end: one scan holds it whole. Positions are
// relative to `origin`, where the scans start.
inline BlockWindow block_window_of(const AxisPlan& plan, int o, int origin, int block)
{
    BlockWindow w;
    w.first = plan.first[o] - origin;
    w.last = plan.last(o) - origin;
    const int s = plan.step;
    if ((w.first / s) / block != (w.last / s) / block)
        w.kind = BlockWindow::Both;
    else if ((w.first / s) % block == 0)
        w.kind = BlockWindow::PrefixOnly;
    else
        w.kind = BlockWindow::SuffixOnly;
    return w;
}

inline std::vector<BlockWindow> block_windows(const AxisPlan& plan, int o0, int o1, int origin)
{
    std::vector<BlockWindow> v(std::size_t(o1 - o0));
    for (int o = o0; o < o1; ++o)
        v[std::size_t(o - o0)] = block_window_of(plan, o, origin, plan.size);
    return v;
}

template <class R, int N>
inline void block_window(const LaneArrays& pre, const LaneArrays& suf, int L, const BlockWindow& w,
                         const LaneArrays& dst, int d)
{
    switch (w.kind) {
    case BlockWindow::Both:
        combine_at<R, N>(suf, w.first, pre, w.last, dst, d, L);
        break;
    case BlockWindow::PrefixOnly:
        copy_lanes<R, N>(pre, w.last, dst, d, L);
        break;
    case BlockWindow::SuffixOnly:
        copy_lanes<R, N>(suf, w.first, dst, d, L);
        break;
    }
}

} // namespace poolscope::detail
