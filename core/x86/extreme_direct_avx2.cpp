// Built with -mavx2. Nothing here may be an inline function another file also
// uses: the linker could pick this file's AVX2 copy for a processor without AVX2.
#include "core/x86/extreme_direct_avx2.h"

#include <algorithm>
#include <cstdint>

#include "core/pool/fast/vector_steps.h"
#include "core/x86/avx2_taps.h"

namespace poolscope::detail {

namespace {

// v if it takes over from best, else best: maxps(v, best) is v > best ? v : best.
template <bool IsMin> __m256 pick(__m256 v, __m256 best)
{
    return IsMin ? _mm256_min_ps(v, best) : _mm256_max_ps(v, best);
}

// One row's taps of eight windows folded left to right, in avx2_taps.h's lane
// order at stride 2 (put right once, before the store). `any` gets whether a tap
// is NaN, one unordered compare for each two taps.
template <bool IsMin, int S, int KW> __m256 row_fold(const float* row, int x0, __m256& any)
{
    __m256 taps[KW];
    for_taps<S, KW>(row, x0, KW, [&](int k, __m256 v) { taps[k] = v; });
    any = _mm256_cmp_ps(taps[0], taps[1], _CMP_UNORD_Q);
    for (int k = 2; k < KW; k += 2)
        any = _mm256_or_ps(any, _mm256_cmp_ps(taps[k], taps[std::min(k + 1, KW - 1)], _CMP_UNORD_Q));
    __m256 best = taps[0];
    for (int k = 1; k < KW; ++k)
        best = pick<IsMin>(taps[k], best);
    return best;
}

// The probe ORs in whether a tap is NaN: one OR a step on its chain (a running
// sum of the taps, as before, was three dependent additions a step, and that
// chain was the loop's bound).
template <bool IsMin, int S, int KW>
int row_windows(const float* row, const float* ahead, int first, int o, int o_end, float* h, bool& nan)
{
    __m256 probe = _mm256_setzero_ps();
    auto step = [&](int o) {
        if (ahead) // the same columns of the next row: one cache line a step at stride 2
            _mm_prefetch(reinterpret_cast<const char*>(ahead + S * o + first), _MM_HINT_T0);
        __m256 any;
        __m256 best = row_fold<IsMin, S, KW>(row, S * o + first, any);
        probe = _mm256_or_ps(probe, any);
        if constexpr (S == 2)
            best = in_output_order(best);
        _mm256_storeu_ps(h + o, best);
    };
    o = cover_with_vectors<8>(o, o_end, step);
    nan |= _mm256_movemask_ps(probe) != 0;
    return o;
}

template <bool IsMin, int S>
int row_windows_kw(int kw, const float* row, const float* ahead, int first, int o, int o_end, float* h,
                   bool& nan)
{
    switch (kw) {
    case 2:
        return row_windows<IsMin, S, 2>(row, ahead, first, o, o_end, h, nan);
    case 3:
        return row_windows<IsMin, S, 3>(row, ahead, first, o, o_end, h, nan);
    case 4:
        return row_windows<IsMin, S, 4>(row, ahead, first, o, o_end, h, nan);
    default:
        return row_windows<IsMin, S, 5>(row, ahead, first, o, o_end, h, nan);
    }
}

template <bool IsMin>
int row_windows_s(int stride, int kw, const float* row, const float* ahead, int first, int o, int o_end,
                  float* h, bool& nan)
{
    return stride == 1 ? row_windows_kw<IsMin, 1>(kw, row, ahead, first, o, o_end, h, nan)
                       : row_windows_kw<IsMin, 2>(kw, row, ahead, first, o, o_end, h, nan);
}

template <bool IsMin, bool Stream, int N> int fold(const float* const* rows, int n, float* out)
{
    int o = 0;
    for (; o + 8 <= n; o += 8) {
        __m256 best = _mm256_loadu_ps(rows[0] + o);
        for (int k = 1; k < N; ++k)
            best = pick<IsMin>(_mm256_loadu_ps(rows[k] + o), best);
        if constexpr (Stream)
            _mm256_stream_ps(out + o, best);
        else
            _mm256_storeu_ps(out + o, best);
    }
    return o;
}

template <bool IsMin, bool Stream> int fold_n(const float* const* rows, int count, int n, float* out)
{
    switch (count) {
    case 1:
        return fold<IsMin, Stream, 1>(rows, n, out);
    case 2:
        return fold<IsMin, Stream, 2>(rows, n, out);
    case 3:
        return fold<IsMin, Stream, 3>(rows, n, out);
    case 4:
        return fold<IsMin, Stream, 4>(rows, n, out);
    default:
        return fold<IsMin, Stream, 5>(rows, n, out);
    }
}

// 2x2 at stride 2: a row's pair of loads splits into its even and odd taps, so the
// four taps of eight windows cost four loads, four in-lane shuffles and three picks,
// with no column windows stored between the rows and the fold down.
template <bool IsMin, bool Stream>
bool pairs_row(const float* top, const float* bottom, const float* next_top, const float* next_bottom, int n,
               float* out)
{
    if (n < 8)
        return false;
    __m256 probe = _mm256_setzero_ps();
    auto step = [&](int o) {
        const int x = 2 * o;
        if (next_top) { // a cache line of each next row a step: the 16 floats this step reads
            _mm_prefetch(reinterpret_cast<const char*>(next_top + x), _MM_HINT_T0);
            _mm_prefetch(reinterpret_cast<const char*>(next_bottom + x), _MM_HINT_T0);
        }
        const __m256 t0 = _mm256_loadu_ps(top + x), t1 = _mm256_loadu_ps(top + x + 8);
        const __m256 b0 = _mm256_loadu_ps(bottom + x), b1 = _mm256_loadu_ps(bottom + x + 8);
        probe = _mm256_or_ps(
            probe, _mm256_or_ps(_mm256_cmp_ps(t0, t1, _CMP_UNORD_Q), _mm256_cmp_ps(b0, b1, _CMP_UNORD_Q)));
        __m256 best = pick<IsMin>(odd_floats(t0, t1), even_floats(t0, t1));
        best = pick<IsMin>(even_floats(b0, b1), best);
        best = in_output_order(pick<IsMin>(odd_floats(b0, b1), best));
        if constexpr (Stream)
            _mm256_stream_ps(out + o, best);
        else
            _mm256_storeu_ps(out + o, best);
    };
    // Streamed rows are whole lines, so whole vectors: no overlapping last one.
    if constexpr (Stream)
        for (int o = 0; o < n; o += 8)
            step(o);
    else
        cover_with_vectors<8>(0, n, step);
    return _mm256_movemask_ps(probe) == 0;
}

} // namespace

bool extreme_pairs_row_avx2(bool is_min, const float* top, const float* bottom, const float* next_top,
                            const float* next_bottom, int n, float* out, bool stream)
{
    if (stream)
        return is_min ? pairs_row<true, true>(top, bottom, next_top, next_bottom, n, out)
                      : pairs_row<false, true>(top, bottom, next_top, next_bottom, n, out);
    return is_min ? pairs_row<true, false>(top, bottom, next_top, next_bottom, n, out)
                  : pairs_row<false, false>(top, bottom, next_top, next_bottom, n, out);
}

int extreme_row_windows_avx2(bool is_min, int stride, int kw, const float* row, const float* ahead, int first,
                             int o, int o_end, float* h, bool& nan)
{
    return is_min ? row_windows_s<true>(stride, kw, row, ahead, first, o, o_end, h, nan)
                  : row_windows_s<false>(stride, kw, row, ahead, first, o, o_end, h, nan);
}

int extreme_fold_avx2(bool is_min, const float* const* rows, int count, int n, float* out, bool stream)
{
    if (stream)
        return is_min ? fold_n<true, true>(rows, count, n, out) : fold_n<false, true>(rows, count, n, out);
    return is_min ? fold_n<true, false>(rows, count, n, out) : fold_n<false, false>(rows, count, n, out);
}

} // namespace poolscope::detail
