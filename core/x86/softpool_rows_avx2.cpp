// Built with -mavx2 (and no FMA). Nothing here may be an inline function another
// file also uses: the linker could pick this file's AVX2 copy for a processor
// without AVX2.
#include "core/x86/softpool_rows_avx2.h"

#include <immintrin.h>

#include "core/pool/fast/exp_lanes.h"
#include "core/x86/softpool_wide.h"

namespace poolscope::detail {

namespace {

// Eight lanes for softpool_wide.h and exp_lanes.h.
struct Avx2 {
    using F = __m256;
    using Flags = __m256;
    static constexpr int kLanes = 8;
    static F load(const float* p) { return _mm256_loadu_ps(p); }
    static void store(float* p, F v) { _mm256_storeu_ps(p, v); }
    static F set1(float x) { return _mm256_set1_ps(x); }
    static F add(F a, F b) { return _mm256_add_ps(a, b); }
    static F sub(F a, F b) { return _mm256_sub_ps(a, b); }
    static F mul(F a, F b) { return _mm256_mul_ps(a, b); }
    static F max(F a, F b) { return _mm256_max_ps(a, b); }
    static F min(F a, F b) { return _mm256_min_ps(a, b); }
    // Round to nearest (the default mode), as cv::v_round does.
    static __m256i round(F v) { return _mm256_cvtps_epi32(v); }
    static F to_float(__m256i v) { return _mm256_cvtepi32_ps(v); }
    // 2^(n/8): the permute reads the low three bits of each index.
    static F pow2_eighths(__m256i n)
    {
        const __m256i table =
            _mm256_loadu_si256(reinterpret_cast<const __m256i*>(exp_constants::kPow2Eighths));
        const __m256i t = _mm256_permutevar8x32_epi32(table, n);
        return _mm256_castsi256_ps(_mm256_add_epi32(t, _mm256_slli_epi32(_mm256_srai_epi32(n, 3), 23)));
    }
    // v - v is NaN exactly for NaN and both infinities.
    static Flags unordered_any_into(Flags acc, F a, F b)
    {
        return _mm256_or_ps(acc, _mm256_cmp_ps(_mm256_sub_ps(a, a), _mm256_sub_ps(b, b), _CMP_UNORD_Q));
    }
    static bool flagged(Flags f) { return !_mm256_testz_ps(f, f); }
};

} // namespace

int softpool_rows_avx2(const float* src, float shift, float* e, float* ex, int n)
{
    return exp_rows<Avx2, 2>(src, shift, e, ex, n);
}

int softpool_band_range_avx2(const float* first, std::size_t step, int rows, int n, float& hi, float& lo,
                             bool& finite)
{
    return band_range<Avx2>(first, step, rows, n, hi, lo, finite);
}

} // namespace poolscope::detail
