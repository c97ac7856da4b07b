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

} // namespace poolscope::detail
