// Built with -mavx2. Nothing here may be an inline function another file also
// uses: the linker could pick this file's AVX2 copy for a processor without AVX2.
#include "core/extreme_direct_avx2.h"

#include <cstdint>

#include "core/avx2_taps.h"

namespace poolscope::detail {

namespace {

// v if it takes over from best, else best: maxps(v, best) is v > best ? v : best.
template <bool IsMin> __m256 pick(__m256 v, __m256 best)
{
    return IsMin ? _mm256_min_ps(v, best) : _mm256_max_ps(v, best);
}

// One row's taps of eight windows folded left to right, in avx2_taps.h's lane
// order at stride 2 (put right once, before the store). `any` gets whether a tap
// is NaN: KW is 2 or 3, so one compare checks the first two.
template <bool IsMin, int S, int KW> __m256 row_fold(const float* row, int x0, __m256& any)
{
    __m256 taps[KW];
    for_taps<S, KW>(row, x0, KW, [&](int k, __m256 v) { taps[k] = v; });
    any = _mm256_cmp_ps(taps[0], taps[1], _CMP_UNORD_Q);
    for (int k = 2; k < KW; ++k)
        any = _mm256_or_ps(any, _mm256_cmp_ps(taps[k], taps[k], _CMP_UNORD_Q));
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
    const int o_first = o;
    for (; o + 8 <= o_end; o += 8)
        step(o);
    // The last few windows again with the vector that ends at o_end: the same
    // values where they overlap, and none left to fold one tap at a time.
    if (o < o_end && o_end - 8 >= o_first) {
        step(o_end - 8);
        o = o_end;
    }
    nan |= _mm256_movemask_ps(probe) != 0;
    return o;
}

template <bool IsMin>
int row_windows_s(int stride, int kw, const float* row, const float* ahead, int first, int o, int o_end,
                  float* h, bool& nan)
{
    if (stride == 1)
        return kw == 2 ? row_windows<IsMin, 1, 2>(row, ahead, first, o, o_end, h, nan)
                       : row_windows<IsMin, 1, 3>(row, ahead, first, o, o_end, h, nan);
    return kw == 2 ? row_windows<IsMin, 2, 2>(row, ahead, first, o, o_end, h, nan)
                   : row_windows<IsMin, 2, 3>(row, ahead, first, o, o_end, h, nan);
}

template <bool IsMin, bool Stream> int fold(const float* a, const float* b, const float* c, int n, float* out)
{
    int o = 0;
    for (; o + 8 <= n; o += 8) {
        __m256 best = _mm256_loadu_ps(a + o);
        best = pick<IsMin>(_mm256_loadu_ps(b + o), best);
        best = pick<IsMin>(_mm256_loadu_ps(c + o), best);
        if constexpr (Stream)
            _mm256_stream_ps(out + o, best);
        else
            _mm256_storeu_ps(out + o, best);
    }
    return o;
}

} // namespace

int extreme_row_windows_avx2(bool is_min, int stride, int kw, const float* row, const float* ahead, int first,
                             int o, int o_end, float* h, bool& nan)
{
    return is_min ? row_windows_s<true>(stride, kw, row, ahead, first, o, o_end, h, nan)
                  : row_windows_s<false>(stride, kw, row, ahead, first, o, o_end, h, nan);
}

int extreme_fold_avx2(bool is_min, const float* a, const float* b, const float* c, int n, float* out,
                      bool stream)
{
    if (stream)
        return is_min ? fold<true, true>(a, b, c, n, out) : fold<false, true>(a, b, c, n, out);
    return is_min ? fold<true, false>(a, b, c, n, out) : fold<false, false>(a, b, c, n, out);
}

} // namespace poolscope::detail
