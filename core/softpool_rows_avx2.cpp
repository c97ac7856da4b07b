// Built with -mavx2 (and no FMA). Nothing here may be an inline function another
// file also uses: the linker could pick this file's AVX2 copy for a processor
// without AVX2.
#include "core/softpool_rows_avx2.h"

#include <immintrin.h>

#include "core/exp_constants.h"

namespace poolscope::detail {

int softpool_rows_avx2(const float* src, float shift, float* e, float* ex, int n)
{
    using namespace exp_constants;
    const __m256 s = _mm256_set1_ps(shift);
    const __m256 log2e = _mm256_set1_ps(kLog2e);
    const __m256 ln2_hi = _mm256_set1_ps(kLn2Hi), ln2_lo = _mm256_set1_ps(kLn2Lo);
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 v = _mm256_loadu_ps(src + i);
        const __m256 x = _mm256_sub_ps(v, s);
        // Round to nearest (the default mode), as cv::v_round does.
        const __m256i ni = _mm256_cvtps_epi32(_mm256_mul_ps(x, log2e));
        const __m256 nf = _mm256_cvtepi32_ps(ni);
        const __m256 r =
            _mm256_sub_ps(_mm256_sub_ps(x, _mm256_mul_ps(nf, ln2_hi)), _mm256_mul_ps(nf, ln2_lo));
        const __m256 z = _mm256_mul_ps(r, r);
        __m256 y = _mm256_set1_ps(kP[0]);
        for (int k = 1; k < 6; ++k)
            y = _mm256_add_ps(_mm256_mul_ps(y, r), _mm256_set1_ps(kP[k]));
        y = _mm256_add_ps(_mm256_add_ps(_mm256_mul_ps(y, z), r), _mm256_set1_ps(1.f));
        const __m256 scale =
            _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(ni, _mm256_set1_epi32(127)), 23));
        const __m256 ev = _mm256_mul_ps(y, scale);
        _mm256_storeu_ps(e + i, ev);
        _mm256_storeu_ps(ex + i, _mm256_mul_ps(ev, v));
    }
    return i;
}

int softpool_band_range_avx2(const float* first, std::size_t step, int rows, int n, float& hi, float& lo,
                             bool& finite)
{
    // Two vectors a step, so the max and min chains do not wait on each other; the
    // lanes are folded once for the whole band.
    __m256 hi0 = _mm256_set1_ps(hi), hi1 = hi0, lo0 = _mm256_set1_ps(lo), lo1 = lo0;
    __m256 bad = _mm256_setzero_ps();
    const int whole = n / 8 * 8;
    for (int y = 0; y < rows; ++y) {
        const float* row = first + std::size_t(y) * step;
        int i = 0;
        for (; i + 16 <= whole; i += 16) {
            const __m256 a = _mm256_loadu_ps(row + i), b = _mm256_loadu_ps(row + i + 8);
            // v - v is NaN exactly for NaN and both infinities.
            bad = _mm256_or_ps(bad, _mm256_cmp_ps(_mm256_sub_ps(a, a), _mm256_sub_ps(b, b), _CMP_UNORD_Q));
            hi0 = _mm256_max_ps(hi0, a);
            hi1 = _mm256_max_ps(hi1, b);
            lo0 = _mm256_min_ps(lo0, a);
            lo1 = _mm256_min_ps(lo1, b);
        }
        if (i < whole) {
            const __m256 a = _mm256_loadu_ps(row + i);
            bad = _mm256_or_ps(bad, _mm256_cmp_ps(_mm256_sub_ps(a, a), _mm256_sub_ps(a, a), _CMP_UNORD_Q));
            hi0 = _mm256_max_ps(hi0, a);
            lo0 = _mm256_min_ps(lo0, a);
        }
    }
    alignas(32) float h[8], l[8];
    _mm256_store_ps(h, _mm256_max_ps(hi0, hi1));
    _mm256_store_ps(l, _mm256_min_ps(lo0, lo1));
    for (int k = 0; k < 8; ++k) {
        hi = h[k] > hi ? h[k] : hi;
        lo = l[k] < lo ? l[k] : lo;
    }
    if (!_mm256_testz_ps(bad, bad))
        finite = false;
    return whole;
}

} // namespace poolscope::detail
