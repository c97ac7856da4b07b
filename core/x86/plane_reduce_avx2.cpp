// Built with -mavx2. Nothing here may be an inline function another file also
// uses: the linker could pick this file's AVX2 copy for a processor without AVX2.
#include "core/x86/plane_reduce_avx2.h"

#include <immintrin.h>

#include <limits>

namespace poolscope::detail {

bool plane_max_avx2(const float* data, int h, int w, std::size_t step, float& max)
{
    const __m256 lowest = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
    // Four running maxima, so the maxps chains overlap; one unordered compare for
    // each pair of vectors says whether either holds a NaN.
    __m256 m0 = lowest, m1 = lowest, m2 = lowest, m3 = lowest, nan = _mm256_setzero_ps();
    float tail = -std::numeric_limits<float>::infinity();
    bool tail_nan = false;
    for (int y = 0; y < h; ++y) {
        const float* row = data + std::size_t(y) * step;
        int x = 0;
        for (; x + 32 <= w; x += 32) {
            const __m256 v0 = _mm256_loadu_ps(row + x), v1 = _mm256_loadu_ps(row + x + 8),
                         v2 = _mm256_loadu_ps(row + x + 16), v3 = _mm256_loadu_ps(row + x + 24);
            nan = _mm256_or_ps(
                nan, _mm256_or_ps(_mm256_cmp_ps(v0, v1, _CMP_UNORD_Q), _mm256_cmp_ps(v2, v3, _CMP_UNORD_Q)));
            m0 = _mm256_max_ps(m0, v0);
            m1 = _mm256_max_ps(m1, v1);
            m2 = _mm256_max_ps(m2, v2);
            m3 = _mm256_max_ps(m3, v3);
        }
        for (; x + 8 <= w; x += 8) {
            const __m256 v = _mm256_loadu_ps(row + x);
            nan = _mm256_or_ps(nan, _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
            m0 = _mm256_max_ps(m0, v);
        }
        for (; x < w; ++x) {
            const float v = row[x];
            tail_nan |= v != v;
            tail = v > tail ? v : tail;
        }
    }
    if (tail_nan || _mm256_movemask_ps(nan) != 0)
        return false;
    const __m256 m = _mm256_max_ps(_mm256_max_ps(m0, m1), _mm256_max_ps(m2, m3));
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, m);
    for (const float v : lanes)
        tail = v > tail ? v : tail;
    max = tail;
    return true;
}

std::int64_t first_equal_avx2(const float* data, int h, int w, std::size_t step, float target)
{
    const __m256 t = _mm256_set1_ps(target);
    for (int y = 0; y < h; ++y) {
        const float* row = data + std::size_t(y) * step;
        const std::int64_t base = std::int64_t(y) * w;
        int x = 0;
        for (; x + 8 <= w; x += 8) {
            const int hits = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(row + x), t, _CMP_EQ_OQ));
            if (hits)
                return base + x + __builtin_ctz(unsigned(hits));
        }
        for (; x < w; ++x)
            if (row[x] == target)
                return base + x;
    }
    return -1;
}

int mean_row_avx2(const float* row, int n, double* acc)
{
    // Four chains of four doubles: each addition's lanes are the portable code's.
    __m256d a0 = _mm256_loadu_pd(acc), a1 = _mm256_loadu_pd(acc + 4), a2 = _mm256_loadu_pd(acc + 8),
            a3 = _mm256_loadu_pd(acc + 12);
    int x = 0;
    for (; x + 16 <= n; x += 16) {
        a0 = _mm256_add_pd(a0, _mm256_cvtps_pd(_mm_loadu_ps(row + x)));
        a1 = _mm256_add_pd(a1, _mm256_cvtps_pd(_mm_loadu_ps(row + x + 4)));
        a2 = _mm256_add_pd(a2, _mm256_cvtps_pd(_mm_loadu_ps(row + x + 8)));
        a3 = _mm256_add_pd(a3, _mm256_cvtps_pd(_mm_loadu_ps(row + x + 12)));
    }
    _mm256_storeu_pd(acc, a0);
    _mm256_storeu_pd(acc + 4, a1);
    _mm256_storeu_pd(acc + 8, a2);
    _mm256_storeu_pd(acc + 12, a3);
    return x;
}

} // namespace poolscope::detail
