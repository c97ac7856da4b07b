#pragma once
// How the AVX2 kernels read a window's taps, for the files built with -mavx2
// only. Everything here has internal linkage, so each of those files keeps its
// own copy and none can reach code built for the baseline.
//
// Eight outputs S apart: tap k of them sits at at[k], at[k + S], ... At stride 1
// one load is one tap. At stride 2 a pair of loads holds two: the even floats are
// tap k and the odd ones tap k + 1, with the outputs in the lane order
// 0 1 4 5 2 3 6 7, which in_output_order() puts right once per vector.
#include <immintrin.h>

namespace poolscope::detail {
namespace {

inline __m256 even_floats(__m256 lo, __m256 hi)
{
    return _mm256_shuffle_ps(lo, hi, 0x88);
}

inline __m256 odd_floats(__m256 lo, __m256 hi)
{
    return _mm256_shuffle_ps(lo, hi, 0xDD);
}

inline __m256 in_output_order(__m256 v)
{
    return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(v), 0xD8));
}

// Calls f(k, taps) with taps k = 0, 1, ..., kernel - 1 of the eight outputs whose
// tap 0 is at row[x0], left to right; KW > 0 fixes the kernel at compile time.
template <int S, int KW, class F> void for_taps(const float* row, int x0, int kernel, F&& f)
{
    const int kw = KW > 0 ? KW : kernel;
    if constexpr (S == 1) {
        for (int k = 0; k < kw; ++k)
            f(k, _mm256_loadu_ps(row + x0 + k));
    } else {
        for (int k = 0; k < kw; k += 2) {
            const __m256 lo = _mm256_loadu_ps(row + x0 + k), hi = _mm256_loadu_ps(row + x0 + k + 8);
            f(k, even_floats(lo, hi));
            if (k + 1 < kw)
                f(k + 1, odd_floats(lo, hi));
        }
    }
}

} // namespace
} // namespace poolscope::detail
