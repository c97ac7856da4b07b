#include "core/pool/fast/extreme_direct.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/pool/fast/cache_lines.h"
#include "core/pool/fast/lanes.h"
#include "core/pool/fast/vector_steps.h"
#include "core/pool/fast/window_reduce.h"
#include "core/pool/pool_parallel.h"
#include "core/x86/cpu_features.h"
#include "core/x86/extreme_direct_avx2.h"

namespace poolscope::detail {

namespace {

// Windows of 2x2 up to 5x5 taps; beyond, and for single taps, the separable passes
// do less work.
constexpr int kMaxDirectTaps = 5;

struct Scratch {
    std::vector<float> h;
    std::vector<std::int32_t> hi, out_i;
};

Scratch& scratch()
{
    thread_local Scratch s;
    return s;
}

// The column windows of one input row: h[o] = fold of the row's taps of window o,
// with the winner's column in hi[o] when indices are kept. Border windows fold their
// inside taps one by one; the others four at a time, KW taps known at compile time,
// a deinterleaving load bringing two neighbouring taps at stride 2. Returns false
// when a tap was NaN: under the NaN-free rule the row must be folded again by
// PyTorch's rule, and its windows then hold NaN for the fold down.
template <class R, int S, int KW>
bool row_windows(const float* row, const float* ahead, int w, const ColumnWindows& xs, float* h,
                 std::int32_t* hi)
{
    const int ow = xs.out;
    const int o_lo = std::min(ow, (xs.pad + S - 1) / S);
    bool nan = false;
    auto cell = [&](int o) {
        const int start = o * S - xs.pad;
        const int x0 = std::max(start, 0), x1 = std::min(start + KW, w);
        float best = row[x0];
        int at = x0;
        nan |= std::isnan(best);
        for (int x = x0 + 1; x < x1; ++x) {
            // Under the NaN-free rule a select, which the compiler makes one maxss or
            // minss, as the vectors' pick.
            const float v = row[x];
            nan |= std::isnan(v);
            if constexpr (R::nan_free && !R::with_idx) {
                best = R::takes(v, best) ? v : best;
            } else if (beats<R::is_min>(v, best)) {
                best = v;
                at = x;
            }
        }
        h[o] = best;
        if constexpr (R::with_idx)
            hi[o] = at;
    };
    for (int o = 0; o < o_lo; ++o)
        cell(o);
    int o = o_lo;
    const int o_in = outputs_inside(w, KW, S, xs.pad, o, ow);
#if defined(POOLSCOPE_AVX2_KERNELS)
    if constexpr (R::nan_free && !R::with_idx)
        if (cpu_has_avx2())
            o = extreme_row_windows_avx2(R::is_min, S, KW, row, ahead, -xs.pad, o, o_in, h, nan);
#endif
#ifdef POOLSCOPE_LANES
    // The NaN-free rule is only right without NaN among the taps: the probe ORs in
    // whether one is, one OR a step on its chain.
    f32x4 probe = cv::v_setzero_f32();
    const i32x4 iota(0, S, 2 * S, 3 * S);
    auto step = [&](int o) {
        const int x0 = S * o - xs.pad;
        if (ahead) // the same columns of the next row, ahead of their turn
            __builtin_prefetch(ahead + x0);
        const float* r = row + x0;
        f32x4 taps[KW];
        if constexpr (S == 1) {
            for (int k = 0; k < KW; ++k)
                taps[k] = cv::v_load(r + k);
        } else {
            for (int k = 0; k < KW; k += 2) {
                f32x4 odd;
                cv::v_load_deinterleave(r + k, taps[k], odd);
                if (k + 1 < KW)
                    taps[k + 1] = odd;
            }
        }
        f32x4 best = taps[0];
        i32x4 best_i = cv::v_setall_s32(x0) + iota;
        if constexpr (R::nan_free) {
            f32x4 any = taps[0] != taps[0];
            for (int k = 1; k < KW; ++k)
                any = any | (taps[k] != taps[k]);
            probe = probe | any;
        }
        for (int k = 1; k < KW; ++k) {
            if constexpr (R::with_idx)
                best_i = cv::v_select(cv::v_reinterpret_as_s32(R::takes(taps[k], best)),
                                      cv::v_setall_s32(x0 + k) + iota, best_i);
            best = R::pick(taps[k], best);
        }
        cv::v_store(h + o, best);
        if constexpr (R::with_idx)
            cv::v_store(hi + o, best_i);
    };
    o = cover_with_vectors<4>(o, o_in, step);
    if constexpr (R::nan_free)
        nan |= cv::v_check_any(cv::v_reinterpret_as_s32(probe));
#endif
    for (; o < ow; ++o)
        cell(o);
    return !nan;
}

// out = fold of up to kMaxDirectTaps rows of column windows, one pass over the
// output row, streamed around the caches when `stream` and the row is made of
// whole cache lines (cache_lines.h), else stored plainly.
template <class R>
void fold_rows(const LaneArrays& rows, const int* at, int count, int n, float* out, std::int32_t* out_i,
               bool stream)
{
    const WholeLines lines = WholeLines::of(out, n);
    stream = stream && lines.all(n);
    const float* v[kMaxDirectTaps];
    const std::int32_t* vi[kMaxDirectTaps];
    for (int k = 0; k < count; ++k) {
        v[k] = rows.at(at[k], n);
        vi[k] = rows.at_i(at[k], n);
    }
    int o = 0;
#if defined(POOLSCOPE_AVX2_KERNELS)
    if constexpr (R::nan_free && !R::with_idx)
        if (cpu_has_avx2())
            o = extreme_fold_avx2(R::is_min, v, count, n, out, stream);
#endif
#ifdef POOLSCOPE_LANES
    const cv::hal::StoreMode mode = stream ? cv::hal::STORE_ALIGNED_NOCACHE : cv::hal::STORE_UNALIGNED;
    for (; o + 4 <= n; o += 4) { // from 0 or where AVX2 stopped
        f32x4 best = cv::v_load(v[0] + o);
        i32x4 best_i;
        if constexpr (R::with_idx)
            best_i = cv::v_load(vi[0] + o);
        for (int k = 1; k < count; ++k) {
            const f32x4 x = cv::v_load(v[k] + o);
            if constexpr (R::with_idx)
                best_i =
                    cv::v_select(cv::v_reinterpret_as_s32(R::takes(x, best)), cv::v_load(vi[k] + o), best_i);
            best = R::pick(x, best);
        }
        cv::v_store(out + o, best, mode);
        if constexpr (R::with_idx)
            cv::v_store(out_i + o, best_i);
    }
#endif
    for (; o < n; ++o) {
        float best = v[0][o];
        std::int32_t best_i = R::with_idx ? vi[0][o] : 0;
        for (int k = 1; k < count; ++k)
            if (R::takes(v[k][o], best)) {
                best = v[k][o];
                if constexpr (R::with_idx)
                    best_i = vi[k][o];
            }
        out[o] = best;
        if constexpr (R::with_idx)
            out_i[o] = best_i;
    }
}

// Streams the stripe's input rows in order, each row read once: its column windows
// go to h, and every output row whose last window row this was is folded down at
// once from h (rows top to bottom), while those rows are still in the cache.
template <bool IsMin, bool WithIdx, int S, int KW>
void stream_rows(const Plane& p, const AxisPlan& ys, const ColumnWindows& xs, int oy0, int oy1, float* out,
                 std::int64_t* idx, bool stream)
{
    using Fast = Extreme<IsMin, WithIdx, !WithIdx>;
    using Full = Extreme<IsMin, WithIdx, false>;
    Scratch& s = scratch();
    const int ow = xs.out;
    const int r0 = ys.lo(oy0, oy1), r1 = ys.hi(oy0, oy1), nrows = r1 - r0;
    s.h.resize(std::size_t(nrows) * ow);
    std::vector<char> row_nan(std::size_t(nrows), 0);
    if (WithIdx) {
        s.hi.resize(std::size_t(nrows) * ow);
        s.out_i.resize(std::size_t(ow));
    }
    const LaneArrays rows{s.h.data(), WithIdx ? s.hi.data() : nullptr};
    int next = oy0; // the next output row to fold down
    for (int y = r0; y < r1; ++y) {
        // The next row is fetched while this one is read, a line a step: a burst of
        // prefetches for the whole row stalled on the fill buffers (16% slower).
        const float* ahead = y + 1 < r1 ? p.row(y + 1) : nullptr;
        float* h = rows.at(y - r0, ow);
        std::int32_t* hi = rows.at_i(y - r0, ow);
        if (!row_windows<Fast, S, KW>(p.row(y), ahead, p.w, xs, h, hi)) {
            if (Fast::nan_free)
                row_windows<Full, S, KW>(p.row(y), nullptr, p.w, xs, h, hi);
            row_nan[std::size_t(y - r0)] = 1;
        }
        if constexpr (WithIdx) {
            const std::int32_t base = y * p.w;
            for (int o = 0; o < ow; ++o)
                hi[o] += base;
        }
        // Output rows are emitted in order; each needs its window's last row.
        while (next < oy1 && ys.last(next) <= y) {
            const int count = ys.count[next];
            int at[kMaxDirectTaps];
            bool nan = false;
            for (int i = 0; i < count; ++i) {
                at[i] = ys.first[next] - r0 + i * ys.step;
                nan |= row_nan[std::size_t(at[i])] != 0;
            }
            float* o_row = out + std::size_t(next - oy0) * ow;
            std::int32_t* o_i = WithIdx ? s.out_i.data() : nullptr;
            if (nan)
                fold_rows<Full>(rows, at, count, ow, o_row, o_i, stream);
            else
                fold_rows<Fast>(rows, at, count, ow, o_row, o_i, stream);
            if constexpr (WithIdx)
                std::copy_n(s.out_i.data(), ow, idx + std::size_t(next - oy0) * ow);
            ++next;
        }
    }
    if (stream)
        stream_fence();
}

template <bool IsMin, bool WithIdx, int S>
void stream_rows_kw(const Plane& p, const AxisPlan& ys, const ColumnWindows& xs, int oy0, int oy1, float* out,
                    std::int64_t* idx, bool stream)
{
    if (xs.kernel == 2)
        stream_rows<IsMin, WithIdx, S, 2>(p, ys, xs, oy0, oy1, out, idx, stream);
    else if (xs.kernel == 3)
        stream_rows<IsMin, WithIdx, S, 3>(p, ys, xs, oy0, oy1, out, idx, stream);
    else if (xs.kernel == 4)
        stream_rows<IsMin, WithIdx, S, 4>(p, ys, xs, oy0, oy1, out, idx, stream);
    else
        stream_rows<IsMin, WithIdx, S, 5>(p, ys, xs, oy0, oy1, out, idx, stream);
}

template <bool IsMin, bool WithIdx>
void stream_rows_s(const Plane& p, const AxisPlan& ys, const ColumnWindows& xs, int oy0, int oy1, float* out,
                   std::int64_t* idx, bool stream)
{
    if (xs.stride == 1)
        stream_rows_kw<IsMin, WithIdx, 1>(p, ys, xs, oy0, oy1, out, idx, stream);
    else
        stream_rows_kw<IsMin, WithIdx, 2>(p, ys, xs, oy0, oy1, out, idx, stream);
}

// 2x2 windows at stride 2 without padding and without indices, the commonest pool
// there is: every output row straight from its two input rows. A row the vectors
// cannot finish (a NaN among its taps, a map under eight outputs wide) is done again
// the general way, which is exact for every input.
template <bool IsMin>
bool pairs_stripe(const Plane& p, const AxisPlan& ys, const ColumnWindows& xs, int oy0, int oy1, float* out,
                  bool stream)
{
#if defined(POOLSCOPE_AVX2_KERNELS)
    if (!cpu_has_avx2() || xs.kernel != 2 || xs.stride != 2 || xs.pad != 0 || xs.dilation != 1 ||
        xs.out < 8 || 2 * xs.out > p.w || ys.step != 1)
        return false;
    for (int oy = oy0; oy < oy1; ++oy)
        if (ys.count[oy] != 2)
            return false;
    const int ow = xs.out;
    bool streamed = false;
    for (int oy = oy0; oy < oy1; ++oy) {
        const int y = ys.first[oy];
        float* row = out + std::size_t(oy - oy0) * ow;
        const bool whole = stream && WholeLines::of(row, ow).all(ow);
        const float* next_top = oy + 1 < oy1 ? p.row(ys.first[oy + 1]) : nullptr;
        const float* next_bottom = next_top ? p.row(ys.first[oy + 1] + 1) : nullptr;
        if (!extreme_pairs_row_avx2(IsMin, p.row(y), p.row(y + 1), next_top, next_bottom, ow, row, whole)) {
            if (whole) // the row's streamed stores land before it is written again
                stream_fence();
            stream_rows<IsMin, false, 2, 2>(p, ys, xs, oy, oy + 1, row, nullptr, stream);
        }
        streamed |= whole;
    }
    if (streamed)
        stream_fence();
    return true;
#else
    (void)p, (void)ys, (void)xs, (void)oy0, (void)oy1, (void)out, (void)stream;
    return false;
#endif
}

} // namespace

bool extreme_direct_apply(const AxisPlan& ys, const ColumnWindows& xs, int height, int width)
{
    // Every window, row and column, with an inside tap: a column window always has
    // one when the padding is below the kernel, and rows are checked.
    return (xs.stride == 1 || xs.stride == 2) && xs.dilation == 1 && xs.kernel >= 2 &&
           xs.kernel <= kMaxDirectTaps && xs.pad < xs.kernel && ys.size <= kMaxDirectTaps &&
           ys.outputs() > 0 && xs.out > 0 && ys.all_nonempty() && (long long)height * width < (1LL << 31);
}

template <bool IsMin>
void extreme_direct_stripe(const Plane& p, const AxisPlan& ys, const ColumnWindows& xs, int oy0, int oy1,
                           float* out, std::int64_t* idx, bool stream)
{
    if (idx)
        stream_rows_s<IsMin, true>(p, ys, xs, oy0, oy1, out, idx, stream);
    else if (!pairs_stripe<IsMin>(p, ys, xs, oy0, oy1, out, stream))
        stream_rows_s<IsMin, false>(p, ys, xs, oy0, oy1, out, nullptr, stream);
}

template <bool IsMin>
void extreme_direct_pool(const Tensor& input, const AxisPlan& ys, const ColumnWindows& xs, Tensor& output,
                         IndexTensor* idx, int threads)
{
    const bool stream = output.size() * sizeof(float) >= kStreamingBytes;
    parallel_stripes(input.channels(), ys.outputs(), 4, 64, threads, [&](int c, int oy0, int oy1) {
        extreme_direct_stripe<IsMin>(plane_of(input, c), ys, xs, oy0, oy1, output.row(c, oy0),
                                     idx ? &idx->at(c, oy0, 0) : nullptr, stream);
    });
}

template void extreme_direct_stripe<false>(const Plane&, const AxisPlan&, const ColumnWindows&, int, int,
                                           float*, std::int64_t*, bool);
template void extreme_direct_stripe<true>(const Plane&, const AxisPlan&, const ColumnWindows&, int, int,
                                          float*, std::int64_t*, bool);
template void extreme_direct_pool<false>(const Tensor&, const AxisPlan&, const ColumnWindows&, Tensor&,
                                         IndexTensor*, int);
template void extreme_direct_pool<true>(const Tensor&, const AxisPlan&, const ColumnWindows&, Tensor&,
                                        IndexTensor*, int);

} // namespace poolscope::detail
