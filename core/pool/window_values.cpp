#include "core/pool/window_values.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/pool/counter_rng.h"
#include "core/pool/fast/fast_exp.h"
#include "core/pool/fast/lanes.h"
#include "core/pool/fast/window_sums.h"
#include "core/x86/cpu_features.h"
#include "core/x86/softpool_avx512.h"
#include "core/x86/softpool_rows_avx2.h"

namespace poolscope::detail {

namespace {

// The band scan in the widest vectors the processor has, over the same columns
// [0, returned) of every row.
int wide_band_range([[maybe_unused]] const Plane& p, [[maybe_unused]] int r0, [[maybe_unused]] int r1,
                    [[maybe_unused]] float& hi, [[maybe_unused]] float& lo, [[maybe_unused]] bool& finite)
{
#if defined(POOLSCOPE_AVX512_KERNELS)
    if (cpu_has_avx512())
        return softpool_band_range_avx512(p.row(r0), p.step, r1 - r0, p.w, hi, lo, finite);
#endif
#if defined(POOLSCOPE_AVX2_KERNELS)
    if (cpu_has_avx2())
        return softpool_band_range_avx2(p.row(r0), p.step, r1 - r0, p.w, hi, lo, finite);
#endif
    return 0;
}

} // namespace

float softpool_band_shift(const Plane& p, int r0, int r1)
{
    float hi = -std::numeric_limits<float>::infinity(), lo = std::numeric_limits<float>::infinity();
    bool finite = true;
    const int x0 = r1 > r0 ? wide_band_range(p, r0, r1, hi, lo, finite) : 0;
    for (int y = r0; x0 < p.w && y < r1; ++y) { // the columns the wide scan left

        const float* r = p.row(y);
        int x = x0;
#ifdef POOLSCOPE_LANES
        f32x4 vhi = cv::v_setall_f32(hi), vlo = cv::v_setall_f32(lo), bad = cv::v_setzero_f32();
        for (; x + 4 <= p.w; x += 4) {
            const f32x4 v = cv::v_load(r + x);
            bad = bad | ((v - v) != (v - v)); // NaN for NaN and both infinities
            vhi = cv::v_max(vhi, v);
            vlo = cv::v_min(vlo, v);
        }
        finite = finite && !cv::v_check_any(cv::v_reinterpret_as_s32(bad));
        hi = cv::v_reduce_max(vhi);
        lo = cv::v_reduce_min(vlo);
#endif
        for (; x < p.w; ++x) {
            finite = finite && std::isfinite(r[x]);
            hi = std::max(hi, r[x]);
            lo = std::min(lo, r[x]);
        }
    }
    if (!finite || r1 <= r0 || !(hi - lo <= kSoftPoolSpan))
        return std::numeric_limits<float>::quiet_NaN();
    return hi;
}

CellResult softpool_window(const Plane& p, const AxisTaps& ty, const AxisTaps& tx, float band_shift)
{
    CellResult r;
    if (ty.count == 0 || tx.count == 0)
        return r;
    float shift = band_shift;
    if (std::isnan(shift)) {
        float m = -std::numeric_limits<float>::infinity();
        bool nan = false;
        for (int i = 0; i < ty.count; ++i) {
            const float* row = p.row(ty.first() + i * ty.step);
            for (int j = 0; j < tx.count; ++j) {
                const float v = row[tx.first() + j * tx.step];
                nan |= std::isnan(v);
                m = std::max(m, v);
            }
        }
        if (nan || std::isinf(m)) {
            r.shift = m;
            r.value = nan ? std::numeric_limits<float>::quiet_NaN() : m;
            return r;
        }
        shift = m;
    }
    r.shift = shift;
    float z = 0.f, weighted = 0.f;
    for (int i = 0; i < ty.count; ++i) {
        const float* row = p.row(ty.first() + i * ty.step);
        for (int j = 0; j < tx.count; ++j) {
            const float v = row[tx.first() + j * tx.step];
            const float e = exp_f(v - shift);
            z += e;
            if (e > 0.f) // exp(-inf) = 0 must not meet -inf
                weighted += e * v;
        }
    }
    r.sum = z;
    r.value = weighted / z;
    return r;
}

std::pair<int, int> SlidingWindows::rows_read(int oy0, int oy1) const
{
    int r0 = g_.in.h, r1 = 0;
    for (int oy = oy0; oy < oy1; ++oy) {
        const AxisTaps t = axis_y(oy).taps;
        if (t.count == 0)
            continue;
        r0 = std::min(r0, t.first());
        r1 = std::max(r1, t.first() + (t.count - 1) * t.step + 1);
    }
    return {std::min(r0, r1), r1};
}

SlidingWindows::RowContext SlidingWindows::row_context(const Plane& p, int channel, int oy) const
{
    RowContext c;
    if (spec_.op == PoolOp::SoftPool) {
        const int b0 = oy / kSoftPoolBlock * kSoftPoolBlock;
        const auto [r0, r1] = rows_read(b0, std::min(g_.out.h, b0 + kSoftPoolBlock));
        c.softpool_shift = softpool_band_shift(p, r0, r1);
    }
    if (spec_.op == PoolOp::Stochastic)
        c.key = channel_key(spec_.seed, channel);
    const bool summed = spec_.op == PoolOp::Avg || spec_.op == PoolOp::Lp || spec_.op == PoolOp::Mixed;
    if (summed && !exact_sums(g_.kernel)) {
        const SumWindows ws = sum_windows(g_);
        c.sums.resize(ws.xs.size());
        window_sum_rows(p, ws, sum_transform(spec_), oy, oy + 1, c.sums.data());
    }
    return c;
}

namespace {

std::optional<float> row_sum(const SlidingWindows::RowContext& row, int ox)
{
    if (row.sums.empty())
        return std::nullopt;
    return row.sums[std::size_t(ox)];
}

} // namespace

CellResult SlidingWindows::eval(const Plane& p, int oy, int ox, const Axis& y, const Axis& x,
                                const RowContext& row) const
{
    switch (spec_.op) {
    case PoolOp::Max:
        return extreme_window<false>(p, y.taps, x.taps);
    case PoolOp::Min:
        return extreme_window<true>(p, y.taps, x.taps);
    case PoolOp::Avg:
        return avg_window(p, y.avg, x.avg, spec_.count_include_pad, spec_.divisor_override, row_sum(row, ox));
    case PoolOp::Lp:
        return lp_window(p, y.avg, x.avg, g_.kernel, spec_.norm_type, row_sum(row, ox));
    case PoolOp::Mixed:
        return mixed_window(p, y.taps, x.taps, y.avg, x.avg, spec_, row_sum(row, ox));
    case PoolOp::Stochastic: {
        // Drawn per output cell, so tracing one cell reproduces the full op's choice.
        const float u =
            spec_.train
                ? cell_uniform(row.key, std::uint32_t(oy) * std::uint32_t(g_.out.w) + std::uint32_t(ox))
                : 0.f;
        return stochastic_window(p, y.taps, x.taps, spec_.train, u);
    }
    case PoolOp::SoftPool:
        return softpool_window(p, y.taps, x.taps, row.softpool_shift);
    default:
        break;
    }
    return {};
}

} // namespace poolscope::detail
