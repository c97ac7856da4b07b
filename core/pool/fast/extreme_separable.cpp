#include "core/pool/fast/extreme_separable.h"

#include <algorithm>
#include <vector>

#include "core/pool/fast/lanes.h"
#include "core/pool/fast/row_strip.h"
#include "core/pool/fast/window_reduce.h"
#include "core/pool/pool_parallel.h"

namespace poolscope::detail {

namespace {

// Per-thread buffers, kept between calls so a stripe allocates nothing.
struct Scratch {
    std::vector<float> strip, strip_pre, strip_suf, cols, rows, row_pre, row_suf, out_row;
    std::vector<std::int32_t> strip_i, strip_pre_i, strip_suf_i, cols_i, rows_i, row_pre_i, row_suf_i, out_i;

    template <class T> static T* sized(std::vector<T>& v, std::size_t n)
    {
        if (v.size() < n)
            v.resize(n);
        return v.data();
    }
    template <class R> LaneArrays arrays(std::vector<float>& v, std::vector<std::int32_t>& i, std::size_t n)
    {
        return {sized(v, n), R::with_idx ? sized(i, n) : nullptr};
    }
};

Scratch& scratch()
{
    thread_local Scratch s;
    return s;
}

// One stripe of output rows. Values only, each strip of rows is folded with strict
// comparisons when it holds no NaN (load_strip tells), with PyTorch's rule when it
// does; the fold down uses PyTorch's rule wherever a row it reads came from such a
// strip (its windows may hold NaN).
template <bool IsMin, bool WithIdx>
void stripe(const Plane& p, const AxisPlan& ys, const ColumnScan& cp, int oy0, int oy1, float* out,
            std::int64_t* idx, bool stream)
{
    using Full = Extreme<IsMin, WithIdx, false>;
    using Fast = Extreme<IsMin, WithIdx, !WithIdx>;
    Scratch& s = scratch();
    const AxisPlan& xs = cp.xs;
    const int ow = xs.outputs(), ncols = cp.x1 - cp.x0;
    const int r0 = ys.lo(oy0, oy1), r1 = ys.hi(oy0, oy1), nrows = r1 - r0;
    constexpr int L = kStripRows;

    // Pass 1, along the rows, a strip of rows at a time: rows[r - r0] = the column
    // windows of row r.
    const LaneArrays strip = s.arrays<Full>(s.strip, s.strip_i, std::size_t(ncols) * L);
    if constexpr (WithIdx)
        for (int q = 0; q < ncols; ++q)
            std::fill_n(strip.i + std::size_t(q) * L, L, cp.x0 + q);
    const LaneArrays cols = s.arrays<Full>(s.cols, s.cols_i, std::size_t(ow) * L);
    const LaneArrays rows = s.arrays<Full>(s.rows, s.rows_i, std::size_t(nrows) * ow);
    std::vector<char> nan_row(std::size_t(nrows), 0);
    bool any_nan = false;
    LaneArrays pre, suf;
    if (cp.scans) {
        pre = s.arrays<Full>(s.strip_pre, s.strip_pre_i, std::size_t(ncols) * L);
        suf = s.arrays<Full>(s.strip_suf, s.strip_suf_i, std::size_t(ncols) * L);
    }
    auto row_pass = [&]<class R>() {
        if (cp.scans) {
            block_scans<R, L>(strip, ncols, L, xs.step, xs.size, pre, suf);
            for (int o = 0; o < ow; ++o)
                block_window<R, L>(pre, suf, L, cp.windows[std::size_t(o)], cols, o);
        } else {
            for (int o = 0; o < ow; ++o)
                fold_window<R, L>(strip, L, xs.first[o] - cp.x0, xs.count[o], xs.step, cols, o);
        }
    };
    for (int r = r0; r < r1; r += L) {
        const int n = std::min(L, r1 - r);
        const bool nan = load_strip(p, r, n, cp.x0, cp.x1, strip.v, std::clamp(r1 - (r + L), 0, L));
        if (nan || WithIdx)
            row_pass.template operator()<Full>();
        else
            row_pass.template operator()<Fast>();
        if (nan) {
            std::fill_n(nan_row.begin() + (r - r0), n, 1);
            any_nan = true;
        }
        float* dst[L];
        std::int32_t* dst_i[L];
        for (int l = 0; l < n; ++l) {
            dst[l] = rows.at(r - r0 + l, ow);
            dst_i[l] = rows.at_i(r - r0 + l, ow);
        }
        store_strip(cols.v, ow, n, dst);
        if constexpr (WithIdx)
            store_strip_flat(cols.i, ow, n, r, p.w, dst_i);
    }

    // Pass 2, down the columns, a whole output row per position.
    const bool scans = ys.prefers_block_scans();
    std::vector<BlockWindow> windows;
    if (scans) {
        pre = s.arrays<Full>(s.row_pre, s.row_pre_i, std::size_t(nrows) * ow);
        suf = s.arrays<Full>(s.row_suf, s.row_suf_i, std::size_t(nrows) * ow);
        if (any_nan)
            block_scans<Full, 0>(rows, nrows, ow, ys.step, ys.size, pre, suf);
        else
            block_scans<Fast, 0>(rows, nrows, ow, ys.step, ys.size, pre, suf);
        windows = block_windows(ys, oy0, oy1, r0);
    }
    std::int32_t* out_i = WithIdx ? Scratch::sized(s.out_i, std::size_t(ow)) : nullptr;
    // A large output is made in a row buffer and streamed out around the caches.
    const StreamedRows outs(stream, ow, s.out_row);
    for (int oy = oy0; oy < oy1; ++oy) {
        float* o_row = out + std::size_t(oy - oy0) * ow;
        const LaneArrays dst{outs.row(o_row), out_i};
        if (scans) {
            if (any_nan)
                block_window<Full, 0>(pre, suf, ow, windows[std::size_t(oy - oy0)], dst, 0);
            else
                block_window<Fast, 0>(pre, suf, ow, windows[std::size_t(oy - oy0)], dst, 0);
        } else {
            const int first = ys.first[oy] - r0;
            bool nan = false;
            for (int i = 0; i < ys.count[oy]; ++i)
                nan |= nan_row[std::size_t(first + i * ys.step)] != 0;
            if (nan)
                fold_window<Full, 0>(rows, ow, first, ys.count[oy], ys.step, dst, 0);
            else
                fold_window<Fast, 0>(rows, ow, first, ys.count[oy], ys.step, dst, 0);
        }
        outs.finish(o_row);
        if constexpr (WithIdx)
            std::copy_n(out_i, ow, idx + std::size_t(oy - oy0) * ow);
    }
}

} // namespace

ColumnScan::ColumnScan(const AxisPlan& plan)
    : xs(plan), x0(plan.lo(0, plan.outputs())), x1(plan.hi(0, plan.outputs())),
      scans(plan.prefers_block_scans())
{
    if (scans)
        windows = block_windows(xs, 0, xs.outputs(), x0);
}

bool extreme_rows_apply(const AxisPlan& ys, const AxisPlan& xs, int height, int width)
{
    return ys.outputs() > 0 && xs.outputs() > 0 && ys.all_nonempty() && xs.all_nonempty() &&
           (long long)height * width < (1LL << 31);
}

bool extreme_rows_apply(const std::vector<AxisPlan>& ys, const std::vector<AxisPlan>& xs, int height,
                        int width)
{
    for (std::size_t i = 0; i < std::max(ys.size(), xs.size()); ++i)
        if (!extreme_rows_apply(ys[std::min(i, ys.size() - 1)], xs[std::min(i, xs.size() - 1)], height,
                                width))
            return false;
    return !ys.empty() && !xs.empty();
}

template <bool IsMin>
void extreme_pool(const Tensor& input, const std::vector<AxisPlan>& ys, const std::vector<AxisPlan>& xs,
                  Tensor& output, IndexTensor* idx, int threads)
{
    const int oh = ys.front().outputs(), ow = xs.front().outputs();
    std::vector<ColumnScan> cps;
    for (const AxisPlan& x : xs)
        cps.emplace_back(x);
    // A stripe re-reads the rows its first window shares with the stripe above, so
    // keep stripes long against that overlap, and short enough for the row buffers
    // to stay in the core's cache.
    const AxisPlan& y0 = ys.front();
    const int overlap = (y0.size - 1) * y0.step;
    const int min_rows = std::max(4, 2 * overlap / std::max(1, y0.stride));
    const std::size_t row_bytes = std::size_t(ow) * 4 * (idx ? 2 : 1) * (y0.prefers_block_scans() ? 3 : 1);
    const int max_rows = int(
        std::max<std::size_t>(1, (std::size_t(768) << 10) / row_bytes / std::size_t(std::max(1, y0.stride))));
    const bool stream = output.size() * sizeof(float) >= kStreamingBytes;
    parallel_stripes(input.channels(), oh, min_rows, max_rows, threads, [&](int c, int oy0, int oy1) {
        const Plane p = plane_of(input, c);
        const AxisPlan& yc = ys[ys.size() == 1 ? 0 : std::size_t(c)];
        const ColumnScan& cp = cps[cps.size() == 1 ? 0 : std::size_t(c)];
        extreme_stripe<IsMin>(p, yc, cp, oy0, oy1, output.row(c, oy0), idx ? &idx->at(c, oy0, 0) : nullptr,
                              stream);
    });
}

template <bool IsMin>
void extreme_stripe(const Plane& p, const AxisPlan& ys, const ColumnScan& xs, int oy0, int oy1, float* out,
                    std::int64_t* idx, bool stream)
{
    if (idx)
        stripe<IsMin, true>(p, ys, xs, oy0, oy1, out, idx, stream);
    else
        stripe<IsMin, false>(p, ys, xs, oy0, oy1, out, nullptr, stream);
}

template void extreme_stripe<false>(const Plane&, const AxisPlan&, const ColumnScan&, int, int, float*,
                                    std::int64_t*, bool);
template void extreme_stripe<true>(const Plane&, const AxisPlan&, const ColumnScan&, int, int, float*,
                                   std::int64_t*, bool);
template void extreme_pool<false>(const Tensor&, const std::vector<AxisPlan>&, const std::vector<AxisPlan>&,
                                  Tensor&, IndexTensor*, int);
template void extreme_pool<true>(const Tensor&, const std::vector<AxisPlan>&, const std::vector<AxisPlan>&,
                                 Tensor&, IndexTensor*, int);

} // namespace poolscope::detail
