#include "core/pool/pool_adaptive.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/pool/fast/axis_plan.h"
#include "core/pool/fast/extreme_separable.h"
#include "core/pool/fast/lanes.h"
#include "core/pool/fast/window_sums.h"
#include "core/pool/pool_parallel.h"
#include "core/pool/pool_result.h"
#include "core/x86/cpu_features.h"
#include "core/x86/plane_reduce_avx2.h"

namespace poolscope::detail {

double mean_sum(const Plane& p, const AxisTaps& ty, const AxisTaps& tx)
{
    // Sixteen double accumulators, acc[l] taking every column x = l mod 16 of every
    // row in order, then added as a fixed tree: the same sum for pool() and trace(),
    // from the AVX2 lanes, the portable ones and the scalar loop alike. Sixteen
    // keep four chains of additions in flight on AVX2, eight on the portable lanes.
    constexpr int L = 16;
    double acc[L] = {};
    for (int y = ty.start; y < ty.start + ty.count; ++y) {
        const float* row = p.row(y) + tx.start;
        int x = 0;
#if defined(POOLSCOPE_AVX2_KERNELS)
        if (cpu_has_avx2())
            x = mean_row_avx2(row, tx.count, acc);
#endif
#ifdef POOLSCOPE_LANES
        if (x == 0 && tx.count >= L) { // where the AVX2 lanes did not run
            cv::v_float64x2 a[L / 2];
            for (int i = 0; i < L / 2; ++i)
                a[i] = cv::v_load(acc + 2 * i);
            for (; x + L <= tx.count; x += L)
                for (int i = 0; i < L / 4; ++i) {
                    const f32x4 u = cv::v_load(row + x + 4 * i);
                    a[2 * i] = a[2 * i] + cv::v_cvt_f64(u);
                    a[2 * i + 1] = a[2 * i + 1] + cv::v_cvt_f64_high(u);
                }
            for (int i = 0; i < L / 2; ++i)
                cv::v_store(acc + 2 * i, a[i]);
        }
#endif
        for (; x < tx.count; ++x)
            acc[x % L] += row[x];
    }
    for (int width = L / 2; width > 0; width /= 2)
        for (int i = 0; i < width; ++i)
            acc[i] = acc[2 * i] + acc[2 * i + 1];
    return acc[0];
}

CellResult adaptive_cell(const Plane& p, PoolOp op, Size2 out, const AxisTaps& ty, const AxisTaps& tx)
{
    if (op == PoolOp::AdaptiveMax || op == PoolOp::GlobalMax)
        return extreme_window<false>(p, ty, tx);

    CellResult r;
    r.divisor = double(ty.count) * tx.count;
    if (adaptive_uses_mean(op, out)) {
        r.sum = mean_sum(p, ty, tx);
        r.value = float(r.sum / r.divisor);
        return r;
    }
    float sum = 0.f;
    for (int y = ty.start; y < ty.start + ty.count; ++y) {
        const float* row = p.row(y);
        for (int x = tx.start; x < tx.start + tx.count; ++x)
            sum += row[x];
    }
    r.sum = sum;
    r.value = sum / float(ty.count) / float(tx.count);
    return r;
}

namespace {

std::vector<AxisTaps> bins(int in, int out)
{
    std::vector<AxisTaps> t(static_cast<std::size_t>(out));
    for (int o = 0; o < out; ++o)
        t[std::size_t(o)] = adaptive_taps(o, in, out);
    return t;
}

// Adaptive avg whose bins tile the input evenly (in = k * out on both axes) with few
// taps: the bins are avg_pool2d's windows of kernel = stride = k, summed in the same
// order by the vector window sums; then / kh / kw as adaptive_cell divides.
bool adaptive_avg_even(const Tensor& input, const PoolGeometry& g, PoolResult& result, int threads)
{
    if (g.in.h % g.out.h != 0 || g.in.w % g.out.w != 0)
        return false;
    const Size2 k{g.in.h / g.out.h, g.in.w / g.out.w};
    PoolGeometry sliding = g;
    sliding.kernel = sliding.stride = k;
    sliding.padding = {0, 0};
    sliding.dilation = {1, 1};
    const SumWindows ws = sum_windows(sliding);
    if (!ws.exact())
        return false;
    const float fh = float(k.h), fw = float(k.w);
    prepare_result(result, input.channels(), g.out, false);
    parallel_stripes(input.channels(), g.out.h, 4, 64, threads, [&](int c, int oy0, int oy1) {
        float* out = result.output.row(c, oy0);
        window_sum_rows(plane_of(input, c), ws, {}, oy0, oy1, out);
        const std::size_t n = std::size_t(oy1 - oy0) * g.out.w;
        for (std::size_t i = 0; i < n; ++i)
            out[i] = out[i] / fh / fw;
    });
    return true;
}

// The max of a whole plane by PyTorch's rule, sixteen lanes at a time (four
// independent vectors, so the compare-and-blend chains overlap): each lane folds
// its own columns in scan order, the columns past the last whole block fold as one
// more lane, and the lanes' winners are then folded in the order of their flat
// indices. That gives the single scan's tap: the last NaN if there is one, else
// the first of the largest values (ties compare equal, signed zeros too).
CellResult global_max(const Plane& p)
{
#if defined(POOLSCOPE_AVX2_KERNELS)
    // Two passes where there is no NaN: the plain max, then its first tap.
    float max = 0.f;
    if (cpu_has_avx2() && plane_max_avx2(p.data, p.h, p.w, p.step, max)) {
        const std::int64_t at = first_equal_avx2(p.data, p.h, p.w, p.step, max);
        CellResult r;
        r.value = p.at(int(at / p.w), int(at % p.w)); // the tap's own bits: -0 or +0
        r.index = at;
        return r;
    }
#endif
    constexpr float kInit = -std::numeric_limits<float>::infinity();
    constexpr int V = 4, kLanes = 4 * V;
    struct Candidate {
        float v = kInit;
        std::int64_t at = 0;
    };
    std::array<Candidate, kLanes + 1> lanes{};
    int vector_w = 0;
#ifdef POOLSCOPE_LANES
    if ((long long)p.h * p.w < (1LL << 31)) {
        vector_w = p.w / kLanes * kLanes;
        f32x4 best[V];
        i32x4 best_at[V];
        for (int i = 0; i < V; ++i) {
            best[i] = cv::v_setall_f32(kInit);
            best_at[i] = cv::v_setzero_s32();
        }
        const i32x4 step = cv::v_setall_s32(kLanes);
        for (int y = 0; y < p.h; ++y) {
            const float* row = p.row(y);
            i32x4 at[V];
            for (int i = 0; i < V; ++i)
                at[i] = cv::v_setall_s32(y * p.w + 4 * i) + i32x4(0, 1, 2, 3);
            for (int x = 0; x < vector_w; x += kLanes)
                for (int i = 0; i < V; ++i) {
                    const f32x4 v = cv::v_load(row + x + 4 * i);
                    const f32x4 take = (v > best[i]) | (v != v);
                    best[i] = cv::v_select(take, v, best[i]);
                    best_at[i] = cv::v_select(cv::v_reinterpret_as_s32(take), at[i], best_at[i]);
                    at[i] = at[i] + step;
                }
        }
        for (int i = 0; i < V; ++i) {
            float v[4];
            std::int32_t at[4];
            cv::v_store(v, best[i]);
            cv::v_store(at, best_at[i]);
            for (int l = 0; l < 4; ++l)
                lanes[std::size_t(4 * i + l)] = {v[l], at[l]};
        }
    }
#endif
    Candidate& tail = lanes[kLanes];
    for (int y = 0; y < p.h; ++y)
        for (int x = vector_w; x < p.w; ++x)
            if (beats<false>(p.row(y)[x], tail.v))
                tail = {p.row(y)[x], std::int64_t(y) * p.w + x};
    std::sort(lanes.begin(), lanes.end(), [](const Candidate& a, const Candidate& b) { return a.at < b.at; });
    Candidate best;
    for (const Candidate& c : lanes)
        if (beats<false>(c.v, best.v))
            best = c;
    CellResult r;
    r.value = best.v;
    r.index = best.at;
    return r;
}

} // namespace

void pool_adaptive(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g,
                   const PoolOptions& options, PoolResult& result)
{
    const int channels = input.channels();
    const bool is_max = spec.op == PoolOp::AdaptiveMax || spec.op == PoolOp::GlobalMax;
    const std::vector<AxisTaps> ty = bins(g.in.h, g.out.h), tx = bins(g.in.w, g.out.w);
    if (is_max && g.out.h == 1 && g.out.w == 1) {
        prepare_result(result, channels, g.out, options.indices);
        parallel_rows(channels, 1, options.threads, [&](int c, int) {
            const CellResult r = global_max(plane_of(input, c));
            result.output.at(c, 0, 0) = r.value;
            if (options.indices)
                result.indices.at(c, 0, 0) = r.index;
        });
        return;
    }
    if (is_max) {
        const AxisPlan ys = plan_from_taps(ty, false), xs = plan_from_taps(tx, false);
        if (extreme_rows_apply(ys, xs, g.in.h, g.in.w)) {
            prepare_result(result, channels, g.out, options.indices);
            extreme_pool<false>(input, {ys}, {xs}, result.output, options.indices ? &result.indices : nullptr,
                                options.threads);
            return;
        }
    } else if (!adaptive_uses_mean(spec.op, g.out) && adaptive_avg_even(input, g, result, options.threads)) {
        return;
    }

    // The rest cell by cell: uneven avg bins are summed tap by tap in float as ATen
    // does (each input cell lies in one or two bins, so this is O(1) per input), and a
    // 1x1 mean is one vector sum per channel.
    const bool with_indices = options.indices && is_max;
    prepare_result(result, channels, g.out, with_indices);
    parallel_rows(channels, g.out.h, options.threads, [&](int c, int oy) {
        const Plane p = plane_of(input, c);
        float* out = result.output.row(c, oy);
        for (int ox = 0; ox < g.out.w; ++ox) {
            const CellResult r = adaptive_cell(p, spec.op, g.out, ty[std::size_t(oy)], tx[std::size_t(ox)]);
            out[ox] = r.value;
            if (with_indices)
                result.indices.at(c, oy, ox) = r.index;
        }
    });
}

} // namespace poolscope::detail
