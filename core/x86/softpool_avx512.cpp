// Built with -mavx512f and -ffp-contract=off (AVX-512F has fused multiply-add,
// which would change the bits). Nothing here may be an inline function another
// file also uses: the linker could pick this file's copy for a processor without
// AVX-512.
#include "core/x86/softpool_avx512.h"

// GCC 12's own AVX-512 header warns about its _mm512_undefined_* values once inlined.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "core/pool/fast/exp_lanes.h"
#include "core/x86/softpool_wide.h"

namespace poolscope::detail {

namespace {

// Sixteen lanes for softpool_wide.h and exp_lanes.h.
struct Avx512 {
    using F = __m512;
    using Flags = __mmask16;
    static constexpr int kLanes = 16;
    static F load(const float* p) { return _mm512_loadu_ps(p); }
    static void store(float* p, F v) { _mm512_storeu_ps(p, v); }
    static F set1(float x) { return _mm512_set1_ps(x); }
    static F add(F a, F b) { return _mm512_add_ps(a, b); }
    static F sub(F a, F b) { return _mm512_sub_ps(a, b); }
    static F mul(F a, F b) { return _mm512_mul_ps(a, b); }
    static F max(F a, F b) { return _mm512_max_ps(a, b); }
    static F min(F a, F b) { return _mm512_min_ps(a, b); }
    // Round to nearest (the default mode), as cv::v_round does.
    static __m512i round(F v) { return _mm512_cvtps_epi32(v); }
    static F to_float(__m512i v) { return _mm512_cvtepi32_ps(v); }
    // 2^(n/8): the permute reads the low four bits of each index, and the table
    // holds its eight values twice.
    static F pow2_eighths(__m512i n)
    {
        const __m512i table = _mm512_loadu_si512(exp_constants::kPow2Eighths);
        const __m512i t = _mm512_permutexvar_epi32(n, table);
        return _mm512_castsi512_ps(_mm512_add_epi32(t, _mm512_slli_epi32(_mm512_srai_epi32(n, 3), 23)));
    }
    // v - v is NaN exactly for NaN and both infinities.
    static Flags unordered_any_into(Flags acc, F a, F b)
    {
        return Flags(acc | _mm512_cmp_ps_mask(_mm512_sub_ps(a, a), _mm512_sub_ps(b, b), _CMP_UNORD_Q));
    }
    static bool flagged(Flags f) { return f != 0; }
};

} // namespace

int softpool_band_range_avx512(const float* first, std::size_t step, int rows, int n, float& hi, float& lo,
                               bool& finite)
{
    return band_range<Avx512>(first, step, rows, n, hi, lo, finite);
}

int softpool_rows_avx512(const float* src, float shift, float* e, float* ex, int n)
{
    return exp_rows<Avx512, 2>(src, shift, e, ex, n);
}

} // namespace poolscope::detail
