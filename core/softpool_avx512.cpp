// Built with -mavx512f and -ffp-contract=off (AVX-512F has fused multiply-add,
// which would change the bits). Nothing here may be an inline function another
// file also uses: the linker could pick this file's copy for a processor without
// AVX-512.
#include "core/softpool_avx512.h"

// GCC 12's own AVX-512 header warns about its _mm512_undefined_* values once inlined.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "core/exp_constants.h"

namespace poolscope::detail {

int softpool_band_range_avx512(const float* first, std::size_t step, int rows, int n, float& hi, float& lo,
                               bool& finite)
{
    __m512 hi0 = _mm512_set1_ps(hi), hi1 = hi0, lo0 = _mm512_set1_ps(lo), lo1 = lo0;
    __mmask16 bad = 0;
    const int whole = n / 16 * 16;
    for (int y = 0; y < rows; ++y) {
        const float* row = first + std::size_t(y) * step;
        int i = 0;
        for (; i + 32 <= whole; i += 32) {
            const __m512 a = _mm512_loadu_ps(row + i), b = _mm512_loadu_ps(row + i + 16);
            // v - v is NaN exactly for NaN and both infinities.
            bad |= _mm512_cmp_ps_mask(_mm512_sub_ps(a, a), _mm512_sub_ps(b, b), _CMP_UNORD_Q);
            hi0 = _mm512_max_ps(hi0, a);
            hi1 = _mm512_max_ps(hi1, b);
            lo0 = _mm512_min_ps(lo0, a);
            lo1 = _mm512_min_ps(lo1, b);
        }
        if (i < whole) {
            const __m512 a = _mm512_loadu_ps(row + i);
            bad |= _mm512_cmp_ps_mask(_mm512_sub_ps(a, a), _mm512_sub_ps(a, a), _CMP_UNORD_Q);
            hi0 = _mm512_max_ps(hi0, a);
            lo0 = _mm512_min_ps(lo0, a);
        }
    }
    alignas(64) float h[16], l[16];
    _mm512_store_ps(h, _mm512_max_ps(hi0, hi1));
    _mm512_store_ps(l, _mm512_min_ps(lo0, lo1));
    for (int k = 0; k < 16; ++k) {
        hi = h[k] > hi ? h[k] : hi;
        lo = l[k] < lo ? l[k] : lo;
    }
    if (bad)
        finite = false;
    return whole;
}

int softpool_rows_avx512(const float* src, float shift, float* e, float* ex, int n)
{
    using namespace exp_constants;
    const __m512 s = _mm512_set1_ps(shift);
    const __m512 log2e = _mm512_set1_ps(kLog2e);
    const __m512 ln2_hi = _mm512_set1_ps(kLn2Hi), ln2_lo = _mm512_set1_ps(kLn2Lo);
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m512 v = _mm512_loadu_ps(src + i);
        const __m512 x = _mm512_sub_ps(v, s);
        // Round to nearest (the default mode), as cv::v_round does.
        const __m512i ni = _mm512_cvtps_epi32(_mm512_mul_ps(x, log2e));
        const __m512 nf = _mm512_cvtepi32_ps(ni);
        const __m512 r =
            _mm512_sub_ps(_mm512_sub_ps(x, _mm512_mul_ps(nf, ln2_hi)), _mm512_mul_ps(nf, ln2_lo));
        const __m512 z = _mm512_mul_ps(r, r);
        __m512 y = _mm512_set1_ps(kP[0]);
        for (int k = 1; k < 6; ++k)
            y = _mm512_add_ps(_mm512_mul_ps(y, r), _mm512_set1_ps(kP[k]));
        y = _mm512_add_ps(_mm512_add_ps(_mm512_mul_ps(y, z), r), _mm512_set1_ps(1.f));
        const __m512 scale =
            _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(ni, _mm512_set1_epi32(127)), 23));
        const __m512 ev = _mm512_mul_ps(y, scale);
        _mm512_storeu_ps(e + i, ev);
        _mm512_storeu_ps(ex + i, _mm512_mul_ps(ev, v));
    }
    return i;
}

} // namespace poolscope::detail
