#include "core/extreme_direct.h"

#include <cmath>

#include "core/lanes.h"
#include "core/pool_parallel.h"

namespace poolscope::detail {

namespace {

// Windows of 2x2 up to 3x3 taps; beyond, and for single taps, the separable passes
// do less work.
constexpr int kMaxDirectTaps = 3;

// One output row's vector blocks: four outputs at a time, whose taps and whole loads
// stay inside the row; returns the first output they did not cover. KW taps per
// window row and, when Square, KW rows: known at compile time, every tap loop
// unrolls and the row pointers stay in registers. With S == 2 one deinterleaving
// load brings two neighbouring taps.
template <class R, int S, int KW, bool Square>
int vector_blocks(const float* const* rows, const int* row_y, int ny, const ColumnWindows& xs, int w,
                  int o_lo, float* o_row, std::int64_t* i_row)
{
    const int ow = xs.out;
    const int n_rows = Square ? KW : ny;
    int o = o_lo;
#ifdef POOLSCOPE_LANES
    const i32x4 iota(0, S, 2 * S, 3 * S);
    for (; o + 3 < ow && S * (o + 3) + (KW - 1) - xs.pad + (S - 1) <= w - 1; o += 4) {
        const int x0 = S * o - xs.pad;
        f32x4 best = cv::v_setzero_f32(); // both set by the first tap
        i32x4 best_i = cv::v_setzero_s32();
        auto fold = [&](const f32x4& v, int i, int k) {
            if (i == 0 && k == 0) {
                best = v;
                if constexpr (R::with_idx)
                    best_i = cv::v_setall_s32(row_y[0] * w + x0) + iota;
                return;
            }
            if constexpr (R::with_idx)
                best_i = cv::v_select(cv::v_reinterpret_as_s32(R::takes(v, best)),
                                      cv::v_setall_s32(row_y[i] * w + x0 + k) + iota, best_i);
            best = R::pick(v, best);
        };
        for (int i = 0; i < n_rows; ++i) {
            const float* r = rows[i] + x0;
            if constexpr (S == 1) {
                for (int k = 0; k < KW; ++k)
                    fold(cv::v_load(r + k), i, k);
            } else {
                for (int k = 0; k < KW; k += 2) {
                    f32x4 even, odd;
                    cv::v_load_deinterleave(r + k, even, odd);
                    fold(even, i, k);
                    if (k + 1 < KW)
                        fold(odd, i, k + 1);
                }
            }
        }
        cv::v_store(o_row + o, best);
        if constexpr (R::with_idx) {
            cv::v_int64x2 lo, hi;
            cv::v_expand(best_i, lo, hi);
            cv::v_store(reinterpret_cast<std::int64_t*>(i_row + o), lo);
            cv::v_store(reinterpret_cast<std::int64_t*>(i_row + o + 2), hi);
        }
    }
#endif
    return o;
}

template <class R, int S, int KW>
void direct_rows(const Plane& p, const AxisPlan& ys, const ColumnWindows& xs, int oy0, int oy1, float* out,
                 std::int64_t* idx)
{
    const int w = p.w, ow = xs.out;
    const int o_lo = std::min(ow, (xs.pad + S - 1) / S);
    for (int oy = oy0; oy < oy1; ++oy) {
        float* o_row = out + std::size_t(oy - oy0) * ow;
        std::int64_t* i_row = R::with_idx ? idx + std::size_t(oy - oy0) * ow : nullptr;
        const int y0 = ys.first[oy], ny = ys.count[oy], dy = ys.step;
        const float* rows[kMaxDirectTaps];
        int row_y[kMaxDirectTaps];
        for (int i = 0; i < ny; ++i) {
            row_y[i] = y0 + i * dy;
            rows[i] = p.row(row_y[i]);
        }
        const int o = ny == KW ? vector_blocks<R, S, KW, true>(rows, row_y, ny, xs, w, o_lo, o_row, i_row)
                               : vector_blocks<R, S, KW, false>(rows, row_y, ny, xs, w, o_lo, o_row, i_row);
        // Everything the vector blocks left: the border columns and the tail.
        const AxisTaps ty{y0, ny, dy, 0, ny};
        auto cell = [&](int c) {
            const CellResult r = extreme_window<R::is_min>(p, ty, sliding_taps(c, w, KW, S, xs.pad, 1));
            o_row[c] = r.value;
            if constexpr (R::with_idx)
                i_row[c] = r.index;
        };
        for (int c = 0; c < o_lo; ++c)
            cell(c);
        for (int c = std::max(o, o_lo); c < ow; ++c)
            cell(c);
    }
}

template <class R, int S>
void direct_rows_kw(const Plane& p, const AxisPlan& ys, const ColumnWindows& xs, int oy0, int oy1, float* out,
                    std::int64_t* idx)
{
    if (xs.kernel == 2)
        direct_rows<R, S, 2>(p, ys, xs, oy0, oy1, out, idx);
    else
        direct_rows<R, S, 3>(p, ys, xs, oy0, oy1, out, idx);
}

template <class R>
void direct_rows_s(const Plane& p, const AxisPlan& ys, const ColumnWindows& xs, int oy0, int oy1, float* out,
                   std::int64_t* idx)
{
    if (xs.stride == 1)
        direct_rows_kw<R, 1>(p, ys, xs, oy0, oy1, out, idx);
    else
        direct_rows_kw<R, 2>(p, ys, xs, oy0, oy1, out, idx);
}

template <bool IsMin, bool WithIdx>
void direct_pool(const Tensor& input, const AxisPlan& ys, const ColumnWindows& xs, Tensor& output,
                 IndexTensor* idx)
{
    parallel_stripes(input.channels(), ys.outputs(), 4, 64, [&](int c, int oy0, int oy1) {
        extreme_direct_stripe<IsMin>(plane_of(input, c), ys, xs, oy0, oy1, output.row(c, oy0),
                                     WithIdx ? &idx->at(c, oy0, 0) : nullptr);
    });
}

} // namespace

bool extreme_direct_apply(const AxisPlan& ys, const ColumnWindows& xs, int height, int width)
{
    return (xs.stride == 1 || xs.stride == 2) && xs.dilation == 1 && xs.kernel >= 2 &&
           xs.kernel <= kMaxDirectTaps && ys.size <= kMaxDirectTaps && ys.outputs() > 0 && xs.out > 0 &&
           ys.all_nonempty() && (long long)height * width < (1LL << 31);
}

template <bool IsMin>
void extreme_direct_stripe(const Plane& p, const AxisPlan& ys, const ColumnWindows& xs, int oy0, int oy1,
                           float* out, std::int64_t* idx)
{
    // A stripe without NaN needs only strict comparisons (values only: with indices
    // the saving is too small to be worth another copy of the kernel).
    if (idx)
        direct_rows_s<Extreme<IsMin, true, false>>(p, ys, xs, oy0, oy1, out, idx);
    else if (rows_have_nan(p, ys.lo(oy0, oy1), ys.hi(oy0, oy1)))
        direct_rows_s<Extreme<IsMin, false, false>>(p, ys, xs, oy0, oy1, out, idx);
    else
        direct_rows_s<Extreme<IsMin, false, true>>(p, ys, xs, oy0, oy1, out, idx);
}

template <bool IsMin>
void extreme_direct_pool(const Tensor& input, const AxisPlan& ys, const ColumnWindows& xs, Tensor& output,
                         IndexTensor* idx)
{
    if (idx)
        direct_pool<IsMin, true>(input, ys, xs, output, idx);
    else
        direct_pool<IsMin, false>(input, ys, xs, output, idx);
}

template void extreme_direct_stripe<false>(const Plane&, const AxisPlan&, const ColumnWindows&, int, int,
                                           float*, std::int64_t*);
template void extreme_direct_stripe<true>(const Plane&, const AxisPlan&, const ColumnWindows&, int, int,
                                          float*, std::int64_t*);
template void extreme_direct_pool<false>(const Tensor&, const AxisPlan&, const ColumnWindows&, Tensor&,
                                         IndexTensor*);
template void extreme_direct_pool<true>(const Tensor&, const AxisPlan&, const ColumnWindows&, Tensor&,
                                        IndexTensor*);

} // namespace poolscope::detail
