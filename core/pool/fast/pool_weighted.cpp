#include "core/pool/fast/pool_weighted.h"

#include <cmath>
#include <limits>
#include <vector>

#include "core/pool/counter_rng.h"
#include "core/pool/fast/fast_exp.h"
#include "core/pool/fast/lanes.h"
#include "core/pool/fast/padded_rows.h"
#include "core/pool/pool_parallel.h"
#include "core/pool/pool_result.h"
#include "core/pool/window_values.h"
#include "core/x86/cpu_features.h"
#include "core/x86/softpool_avx512.h"
#include "core/x86/softpool_rows_avx2.h"
#include "core/x86/weighted_rows_avx2.h"

namespace poolscope::detail {

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Where output o's tap k of a padded row sits.
struct TapGeometry {
    int kernel, stride, dilation;
    int at(int o, int k) const { return o * stride + k * dilation; }
};

#ifdef POOLSCOPE_LANES
// Taps k of outputs o..o+3: columns S*o + k*d + S*j.
template <int S> inline f32x4 tap4(const float* row, int offset)
{
    if constexpr (S == 1) {
        return cv::v_load(row + offset);
    } else {
        f32x4 even, odd;
        cv::v_load_deinterleave(row + offset, even, odd);
        return even;
    }
}

// Calls f(v) with taps 0, 1, ... of outputs o..o+3 in one row, left to right. KW > 0
// fixes the kernel width at compile time, without dilation; then at stride 2 one
// deinterleaving load gives two neighbouring taps (k the even floats, k + 1 the odd).
template <int S, int KW, class F>
inline void for_row_taps4(const float* row, int o, const TapGeometry& tg, F&& f)
{
    if constexpr (KW > 0 && S == 2) {
        for (int k = 0; k < KW; k += 2) {
            f32x4 even, odd;
            cv::v_load_deinterleave(row + 2 * o + k, even, odd);
            f(even);
            if (k + 1 < KW)
                f(odd);
        }
    } else if constexpr (KW > 0) {
        for (int k = 0; k < KW; ++k)
            f(cv::v_load(row + o + k));
    } else {
        for (int k = 0; k < tg.kernel; ++k)
            f(tap4<S>(row, tg.at(o, k)));
    }
}

// cell_uniform for the flat indices base..base+3.
inline f32x4 cell_uniform4(std::uint32_t key, std::uint32_t base)
{
    cv::v_uint32x4 x = cv::v_uint32x4(base, base + 1, base + 2, base + 3) * cv::v_setall_u32(0x9E3779B1u) +
                       cv::v_setall_u32(key);
    x = x ^ (x >> 16);
    x = x * cv::v_setall_u32(0x85EBCA6Bu);
    x = x ^ (x >> 13);
    x = x * cv::v_setall_u32(0xC2B2AE35u);
    x = x ^ (x >> 16);
    return cv::v_cvt_f32(cv::v_reinterpret_as_s32(x >> 8)) * cv::v_setall_f32(0x1p-24f);
}
#endif

// ---- stochastic pooling: stochastic_window, lane by lane

struct StochasticRow {
    const PaddedRows& rows;
    const AxisTaps& ty; // the window's inside rows
    TapGeometry tg;
    bool train;
    std::uint32_t key, index0; // cell_uniform key, flat index of the row's first cell

    // Scalar, on the padded rows: the outside taps read 0 and count for nothing.
    float cell(int o) const
    {
        float sum = 0.f, sum_sq = 0.f;
        bool nan = false;
        for (int i = 0; i < ty.count; ++i) {
            const float* r = rows.row(ty.first() + i * ty.step);
            for (int k = 0; k < tg.kernel; ++k) {
                const float v = r[tg.at(o, k)];
                nan |= std::isnan(v);
                const float a = v > 0.f ? v : 0.f;
                sum += a;
                sum_sq += a * a;
            }
        }
        if (nan)
            return kNaN;
        if (!(sum > 0.f))
            return 0.f;
        if (!train)
            return sum_sq / sum;
        const float target = cell_uniform(key, index0 + std::uint32_t(o)) * sum;
        float cumulative = 0.f, chosen = 0.f;
        for (int i = 0; i < ty.count; ++i) {
            const float* r = rows.row(ty.first() + i * ty.step);
            for (int k = 0; k < tg.kernel; ++k) {
                const float v = r[tg.at(o, k)];
                if (!(v > 0.f))
                    continue;
                cumulative += v;
                chosen = v;
                if (cumulative > target)
                    return chosen;
            }
        }
        return chosen;
    }

#ifdef POOLSCOPE_LANES
    // max(v, 0) as `v > 0 ? v : 0`: on x86 maxps is exactly that (NaN gives 0).
    static f32x4 positive_part(const f32x4& v, const f32x4& zero)
    {
#if CV_SSE2
        return cv::v_max(v, zero);
#else
        return cv::v_select(v > zero, v, zero);
#endif
    }

    // The positive parts of the taps are kept for the draw's pass (a window has at
    // most kMaxTaps here; larger ones reload them). A drawn tap is positive, so it
    // is its own positive part.
    template <int S, bool NanFree, int KW> f32x4 cells4(int o) const
    {
        constexpr int kMaxTaps = 16;
        const int n = ty.count * tg.kernel;
        f32x4 kept[kMaxTaps];
        const bool keep = train && n <= kMaxTaps;
        const f32x4 zero = cv::v_setzero_f32();
        auto part = [&](int t) {
            if (keep)
                return kept[t];
            return positive_part(
                tap4<S>(rows.row(ty.first() + t / tg.kernel * ty.step), tg.at(o, t % tg.kernel)), zero);
        };
        f32x4 sum = zero, sum_sq = zero, nan = zero;
        int t = 0;
        for (int i = 0; i < ty.count; ++i)
            for_row_taps4<S, KW>(rows.row(ty.first() + i * ty.step), o, tg, [&](const f32x4& v) {
                if constexpr (!NanFree)
                    nan = nan | (v != v);
                const f32x4 a = positive_part(v, zero);
                sum = sum + a;
                if (keep)
                    kept[t] = a;
                else if (!train)
                    sum_sq = sum_sq + a * a;
                ++t;
            });
        const f32x4 some = sum > zero;
        f32x4 value;
        if (!train) {
            value = sum_sq / sum;
        } else {
            // Cumulative a grows only at positive taps, so the tap where it first
            // passes the target is the one drawn.
            const f32x4 target = cell_uniform4(key, index0 + std::uint32_t(o)) * sum;
            f32x4 cumulative = zero, chosen = zero, hit = zero;
            for (int t = 0; t < n; ++t) {
                const f32x4 a = part(t);
                cumulative = cumulative + a;
                const f32x4 now = cumulative > target;
                chosen = cv::v_select(now & ~hit, a, chosen);
                hit = now;
            }
            // Rounding can leave u * sum at the very end: then the last positive tap.
            const f32x4 missed = ~hit & some;
            if (cv::v_check_any(cv::v_reinterpret_as_s32(missed))) {
                f32x4 last = zero;
                for (int t = 0; t < n; ++t)
                    last = cv::v_select(part(t) > zero, part(t), last);
                chosen = cv::v_select(missed, last, chosen);
            }
            value = chosen;
        }
        value = cv::v_select(some, value, zero);
        return NanFree ? value : cv::v_select(nan, cv::v_setall_f32(kNaN), value);
    }
#endif

    // The AVX2 lanes, on rows with no NaN: returns the first output not written.
    int wide_cells(int ow, float* out) const;
};

// ---- SoftPool with the band's shift: softpool_window, lane by lane

struct SoftPoolRow {
    const PaddedRows& e;  // exp_f(x - shift), zeros outside
    const PaddedRows& ex; // e * x, zeros outside
    const AxisTaps& ty;
    TapGeometry tg;

    float cell(int o) const
    {
        float z = 0.f, weighted = 0.f;
        for (int i = 0; i < ty.count; ++i) {
            const int y = ty.first() + i * ty.step;
            const float *er = e.row(y), *xr = ex.row(y);
            for (int k = 0; k < tg.kernel; ++k) {
                z += er[tg.at(o, k)];
                weighted += xr[tg.at(o, k)];
            }
        }
        return z > 0.f ? weighted / z : 0.f; // z is 0 only for a window with no inside tap
    }

#ifdef POOLSCOPE_LANES
    template <int S, bool, int KW> f32x4 cells4(int o) const
    {
        f32x4 z = cv::v_setzero_f32(), weighted = cv::v_setzero_f32();
        for (int i = 0; i < ty.count; ++i) {
            const int y = ty.first() + i * ty.step;
            for_row_taps4<S, KW>(e.row(y), o, tg, [&](const f32x4& v) { z = z + v; });
            for_row_taps4<S, KW>(ex.row(y), o, tg, [&](const f32x4& v) { weighted = weighted + v; });
        }
        return cv::v_select(z > cv::v_setzero_f32(), weighted / z, cv::v_setzero_f32());
    }
#endif

    int wide_cells(int ow, float* out) const;
};

// The window's rows for the AVX2 lanes (at most kWideRows of them).
constexpr int kWideRows = 16;

bool wide_rows(const PaddedRows& rows, const AxisTaps& ty, const float* (&out)[kWideRows])
{
    if (ty.count > kWideRows)
        return false;
    for (int i = 0; i < ty.count; ++i)
        out[i] = rows.row(ty.first() + i * ty.step);
    return true;
}

int StochasticRow::wide_cells([[maybe_unused]] int ow, [[maybe_unused]] float* out) const
{
#if defined(POOLSCOPE_AVX2_KERNELS)
    const float* r[kWideRows];
    if (cpu_has_avx2() && wide_rows(rows, ty, r))
        return stochastic_row_avx2({r, ty.count, tg.kernel, tg.stride}, train, key, index0, out, ow);
#endif
    return 0;
}

int SoftPoolRow::wide_cells([[maybe_unused]] int ow, [[maybe_unused]] float* out) const
{
#if defined(POOLSCOPE_AVX2_KERNELS)
    const float *er[kWideRows], *xr[kWideRows];
    if (cpu_has_avx2() && wide_rows(e, ty, er) && wide_rows(ex, ty, xr))
        return softpool_row_avx2({er, ty.count, tg.kernel, tg.stride}, xr, out, ow);
#endif
    return 0;
}

// One output row: vector blocks of four cells (strides 1 and 2), the rest one by one.
// NanFree: the rows are known to hold no NaN. KW > 0: the kernel is KW wide, undilated.
template <bool NanFree, int KW, class Row> void run_row_kw(const Row& row, int ow, float* out)
{
    int o = NanFree && row.tg.dilation == 1 ? row.wide_cells(ow, out) : 0;
#ifdef POOLSCOPE_LANES
    if (row.tg.stride == 1)
        for (; o + 4 <= ow; o += 4)
            cv::v_store(out + o, row.template cells4<1, NanFree, KW>(o));
    else if (row.tg.stride == 2)
        for (; o + 4 <= ow; o += 4)
            cv::v_store(out + o, row.template cells4<2, NanFree, KW>(o));
#endif
    for (; o < ow; ++o)
        out[o] = row.cell(o);
}

template <bool NanFree, class Row> void run_row(const Row& row, int ow, float* out)
{
    if (row.tg.dilation == 1 && row.tg.kernel == 2)
        run_row_kw<NanFree, 2>(row, ow, out);
    else if (row.tg.dilation == 1 && row.tg.kernel == 3)
        run_row_kw<NanFree, 3>(row, ow, out);
    else
        run_row_kw<NanFree, 0>(row, ow, out);
}

// SoftPool's exponentials and products of a row in the widest vectors the
// processor has, from 0; returns the first i not written.
int wide_exp_row([[maybe_unused]] const float* src, [[maybe_unused]] float shift, [[maybe_unused]] float* e,
                 [[maybe_unused]] float* ex, [[maybe_unused]] int n)
{
#if defined(POOLSCOPE_AVX512_KERNELS)
    if (cpu_has_avx512())
        return softpool_rows_avx512(src, shift, e, ex, n);
#endif
#if defined(POOLSCOPE_AVX2_KERNELS)
    if (cpu_has_avx2())
        return softpool_rows_avx2(src, shift, e, ex, n);
#endif
    return 0;
}

struct Scratch {
    std::vector<float> rows, e, ex, out_row;
};

Scratch& scratch()
{
    thread_local Scratch s;
    return s;
}

} // namespace

bool pool_weighted(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g, PoolResult& result,
                   int threads)
{
    if (spec.op != PoolOp::Stochastic && spec.op != PoolOp::SoftPool)
        return false;
    const SlidingWindows windows(spec, g);
    const int ow = g.out.w;
    std::vector<SlidingWindows::Axis> xs(static_cast<std::size_t>(ow));
    for (int ox = 0; ox < ow; ++ox)
        xs[std::size_t(ox)] = windows.axis_x(ox);
    const ColumnReach reach = ColumnReach::of(g.in.w, ow, g.kernel.w, g.stride.w, g.padding.w, g.dilation.w);
    const TapGeometry tg{g.kernel.w, g.stride.w, g.dilation.w};
    prepare_result(result, input.channels(), g.out, false);
    // A large output is made row by row in a buffer and streamed out around the caches.
    const bool stream = result.output.size() * sizeof(float) >= kStreamingBytes;

    if (spec.op == PoolOp::Stochastic) {
        parallel_stripes(input.channels(), g.out.h, 4, 64, threads, [&](int c, int oy0, int oy1) {
            const Plane p = plane_of(input, c);
            const auto read = windows.rows_read(oy0, oy1);
            const int r0 = read.first, r1 = read.second;
            // Rows are copied as they are needed, each one checked for NaN on the way:
            // an output row whose rows hold none needs no NaN test per tap.
            std::vector<char> nan_row(std::size_t(std::max(0, r1 - r0)), 0);
            LazyPaddedRows rows(
                p, r0, r1, reach,
                [&](int y, const float* src, float* dst, int n, const float* ahead) {
                    nan_row[std::size_t(y - r0)] = copy_row_fetching<true>(src, dst, n, ahead);
                },
                scratch().rows);
            const std::uint32_t key = windows.row_context(p, c, oy0).key;
            const StreamedRows outs(stream, ow, scratch().out_row);
            for (int oy = oy0; oy < oy1; ++oy) {
                const AxisTaps ty = windows.axis_y(oy).taps;
                const PaddedRows& padded =
                    rows.ensure(ty.count > 0 ? ty.first() + (ty.count - 1) * ty.step : r0);
                bool nan = false;
                for (int i = 0; i < ty.count; ++i)
                    nan |= nan_row[std::size_t(ty.first() + i * ty.step - r0)] != 0;
                const StochasticRow row{padded,     ty,  tg,
                                        spec.train, key, std::uint32_t(oy) * std::uint32_t(ow)};
                float* out = result.output.row(c, oy);
                nan ? run_row<false>(row, ow, outs.row(out)) : run_row<true>(row, ow, outs.row(out));
                outs.finish(out);
            }
        });
        return true;
    }

    // SoftPool: blocks of output rows share a shift, so each input row's exponential
    // is computed once per block.
    const int span = (g.kernel.h - 1) * g.dilation.h + 1; // the rows under an output row
    parallel_stripes(
        input.channels(), g.out.h, kSoftPoolBlock, 4 * kSoftPoolBlock, threads,
        [&](int c, int oy0, int oy1) {
            Scratch& s = scratch();
            const Plane p = plane_of(input, c);
            for (int b0 = oy0; b0 < oy1; b0 = (b0 / kSoftPoolBlock + 1) * kSoftPoolBlock) {
                const int b1 = std::min(oy1, (b0 / kSoftPoolBlock + 1) * kSoftPoolBlock);
                const float shift = windows.row_context(p, c, b0).softpool_shift;
                if (std::isnan(shift)) {
                    // Each window shifts by its own maximum: the definition, cell by cell.
                    for (int oy = b0; oy < b1; ++oy) {
                        const SlidingWindows::Axis y = windows.axis_y(oy);
                        const SlidingWindows::RowContext ctx{shift, 0, {}};
                        float* out = result.output.row(c, oy);
                        for (int ox = 0; ox < ow; ++ox)
                            out[ox] = windows.eval(p, oy, ox, y, xs[std::size_t(ox)], ctx).value;
                    }
                    continue;
                }
                const auto read = windows.rows_read(b0, b1);
                const int r0 = read.first, r1 = read.second;
                // The next block's rows, fetched while this one is computed: its shift
                // is read from them first.
                if (b1 < oy1) {
                    const auto next_read = windows.rows_read(b1, std::min(oy1, b1 + kSoftPoolBlock));
                    const int n0 = next_read.first, n1 = next_read.second;
                    for (int y = std::max(n0, r1); y < n1; ++y)
                        prefetch_row(p.row(y), p.w);
                }
                // e = exp_f(x - shift) and e * x (the product softpool_window adds for
                // each tap) in one pass over each row, both between zeros, both held
                // in rings of the rows one output row's windows read.
                const PaddedRows ex = padded_layout(s.ex, r0, r1, reach.left + p.w + reach.right, span);
                LazyPaddedRows e(
                    p, r0, r1, reach,
                    [&](int y, const float* src, float* dst, int n, const float* ahead) {
                        if (ahead)
                            prefetch_row(ahead, n);
                        float* x = s.ex.data() + (ex.row(y) - ex.data);
                        std::fill_n(x, reach.left, 0.f);
                        std::fill_n(x + reach.left + n, reach.right, 0.f);
                        x += reach.left;
                        const int i = wide_exp_row(src, shift, dst, x, n);
                        exp_row_in_range(src + i, shift, dst + i, x + i, n - i);
                    },
                    s.e, span);
                const StreamedRows outs(stream, ow, s.out_row);
                for (int oy = b0; oy < b1; ++oy) {
                    const AxisTaps ty = windows.axis_y(oy).taps;
                    const PaddedRows& er = e.ensure(ty.first() + std::max(0, ty.count - 1) * ty.step);
                    float* out = result.output.row(c, oy);
                    run_row<true>(SoftPoolRow{er, ex, ty, tg}, ow, outs.row(out));
                    outs.finish(out);
                }
            }
        },
        kSoftPoolBlock);
    return true;
}

} // namespace poolscope::detail
