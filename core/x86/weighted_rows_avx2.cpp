// Built with -mavx2 (and no FMA). Nothing here may be an inline function another
// file also uses: the linker could pick this file's AVX2 copy for a processor
// without AVX2.
#include "core/x86/weighted_rows_avx2.h"

#include "core/x86/avx2_taps.h"

namespace poolscope::detail {

namespace {

constexpr int kMaxTaps = 16;

template <int S> __m256i lane_offsets()
{
    return S == 1 ? _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7) : _mm256_setr_epi32(0, 1, 4, 5, 2, 3, 6, 7);
}

// cell_uniform of the flat indices base + lanes.
__m256 cell_uniform8(std::uint32_t key, std::uint32_t base, __m256i lanes)
{
    __m256i x = _mm256_add_epi32(_mm256_set1_epi32(int(base)), lanes);
    x = _mm256_add_epi32(_mm256_mullo_epi32(x, _mm256_set1_epi32(int(0x9E3779B1u))),
                         _mm256_set1_epi32(int(key)));
    x = _mm256_xor_si256(x, _mm256_srli_epi32(x, 16));
    x = _mm256_mullo_epi32(x, _mm256_set1_epi32(int(0x85EBCA6Bu)));
    x = _mm256_xor_si256(x, _mm256_srli_epi32(x, 13));
    x = _mm256_mullo_epi32(x, _mm256_set1_epi32(int(0xC2B2AE35u)));
    x = _mm256_xor_si256(x, _mm256_srli_epi32(x, 16));
    return _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_srli_epi32(x, 8)), _mm256_set1_ps(0x1p-24f));
}

// KH > 0 fixes the number of rows at compile time, so that a 2x2 or 3x3 window's
// taps stay in registers.
template <int S, int KW, int KH, bool Train>
[[gnu::always_inline]] inline __m256 stochastic8(const WindowRows& w, std::uint32_t key, std::uint32_t index,
                                                 int o)
{
    const __m256 zero = _mm256_setzero_ps();
    // Only the n taps written are read; GCC cannot see that when the count is not
    // fixed at compile time.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
    __m256 a[kMaxTaps];
    int n = 0;
    __m256 sum = zero, sum_sq = zero;
    const int count = KH > 0 ? KH : w.count;
    for (int i = 0; i < count; ++i)
        for_taps<S, KW>(w.rows[i], S * o, w.kernel, [&](int, __m256 v) {
            const __m256 p = _mm256_max_ps(v, zero); // v > 0 ? v : 0
            sum = _mm256_add_ps(sum, p);
            if constexpr (Train)
                a[n++] = p;
            else
                sum_sq = _mm256_add_ps(sum_sq, _mm256_mul_ps(p, p));
        });
    const __m256 some = _mm256_cmp_ps(sum, zero, _CMP_GT_OQ);
    if constexpr (!Train)
        return _mm256_and_ps(some, _mm256_div_ps(sum_sq, sum));
    const __m256 target = _mm256_mul_ps(cell_uniform8(key, index, lane_offsets<S>()), sum);
    __m256 cumulative = zero, chosen = zero, hit = zero;
    for (int t = 0; t < n; ++t) {
        cumulative = _mm256_add_ps(cumulative, a[t]);
        const __m256 now = _mm256_cmp_ps(cumulative, target, _CMP_GT_OQ);
        chosen = _mm256_blendv_ps(chosen, a[t], _mm256_andnot_ps(hit, now));
        hit = now;
    }
    const __m256 missed = _mm256_andnot_ps(hit, some);
    if (!_mm256_testz_ps(missed, missed)) {
        __m256 last = zero;
        for (int t = 0; t < n; ++t)
            last = _mm256_blendv_ps(last, a[t], _mm256_cmp_ps(a[t], zero, _CMP_GT_OQ));
        chosen = _mm256_blendv_ps(chosen, last, missed);
    }
#pragma GCC diagnostic pop
    return _mm256_and_ps(some, chosen);
}

template <int S, int KW, int KH, bool Train>
int stochastic_outputs(const WindowRows& w, std::uint32_t key, std::uint32_t index0, float* out, int ow)
{
    int o = 0;
    for (; o + 8 <= ow; o += 8) {
        const __m256 v = stochastic8<S, KW, KH, Train>(w, key, index0 + std::uint32_t(o), o);
        _mm256_storeu_ps(out + o, S == 2 ? in_output_order(v) : v);
    }
    return o;
}

template <int S, int KW, int KH>
int stochastic_kh(const WindowRows& w, bool train, std::uint32_t key, std::uint32_t index0, float* out,
                  int ow)
{
    return train ? stochastic_outputs<S, KW, KH, true>(w, key, index0, out, ow)
                 : stochastic_outputs<S, KW, KH, false>(w, key, index0, out, ow);
}

template <int S, int KW>
int stochastic_kw(const WindowRows& w, bool train, std::uint32_t key, std::uint32_t index0, float* out,
                  int ow)
{
    return KW > 0 && w.count == KW ? stochastic_kh<S, KW, KW>(w, train, key, index0, out, ow)
                                   : stochastic_kh<S, KW, 0>(w, train, key, index0, out, ow);
}

template <int S>
int stochastic_s(const WindowRows& w, bool train, std::uint32_t key, std::uint32_t index0, float* out, int ow)
{
    switch (w.kernel) {
    case 2:
        return stochastic_kw<S, 2>(w, train, key, index0, out, ow);
    case 3:
        return stochastic_kw<S, 3>(w, train, key, index0, out, ow);
    default:
        return stochastic_kw<S, 0>(w, train, key, index0, out, ow);
    }
}

template <int S, int KW> int softpool_outputs(const WindowRows& e, const float* const* ex, float* out, int ow)
{
    const __m256 zero = _mm256_setzero_ps();
    int o = 0;
    for (; o + 8 <= ow; o += 8) {
        __m256 z = zero, weighted = zero;
        for (int i = 0; i < e.count; ++i) {
            for_taps<S, KW>(e.rows[i], S * o, e.kernel, [&](int, __m256 v) { z = _mm256_add_ps(z, v); });
            for_taps<S, KW>(ex[i], S * o, e.kernel,
                            [&](int, __m256 v) { weighted = _mm256_add_ps(weighted, v); });
        }
        const __m256 v = _mm256_and_ps(_mm256_cmp_ps(z, zero, _CMP_GT_OQ), _mm256_div_ps(weighted, z));
        _mm256_storeu_ps(out + o, S == 2 ? in_output_order(v) : v);
    }
    return o;
}

template <int S> int softpool_s(const WindowRows& e, const float* const* ex, float* out, int ow)
{
    switch (e.kernel) {
    case 2:
        return softpool_outputs<S, 2>(e, ex, out, ow);
    case 3:
        return softpool_outputs<S, 3>(e, ex, out, ow);
    default:
        return softpool_outputs<S, 0>(e, ex, out, ow);
    }
}

} // namespace

int stochastic_row_avx2(const WindowRows& w, bool train, std::uint32_t key, std::uint32_t index0, float* out,
                        int ow)
{
    if (w.count * w.kernel > kMaxTaps)
        return 0;
    if (w.stride == 1)
        return stochastic_s<1>(w, train, key, index0, out, ow);
    return w.stride == 2 ? stochastic_s<2>(w, train, key, index0, out, ow) : 0;
}

int softpool_row_avx2(const WindowRows& e, const float* const* ex, float* out, int ow)
{
    if (e.stride == 1)
        return softpool_s<1>(e, ex, out, ow);
    return e.stride == 2 ? softpool_s<2>(e, ex, out, ow) : 0;
}

} // namespace poolscope::detail
