// Built with -mavx2 (and no FMA). Nothing here may be an inline function another
// file also uses: the linker could pick this file's AVX2 copy for a processor
// without AVX2.
#include "core/x86/window_sums_avx2.h"

#include "core/x86/avx2_taps.h"

namespace poolscope::detail {

namespace {

// V vectors of eight outputs from o: V independent chains of additions, each lane
// adding its taps in ATen's order, the V chains' taps loaded side by side (taps
// and lane order as in avx2_taps.h).
template <int S, int KW, int V>
void sum_vectors(const float* const* rows, int nrows, int kw, int x0, float* out)
{
    if constexpr (KW > 0)
        kw = KW;
    __m256 acc[V];
#pragma GCC unroll 8
    for (int v = 0; v < V; ++v)
        acc[v] = _mm256_setzero_ps();
    for (int i = 0; i < nrows; ++i) {
        const float* r = rows[i] + x0;
        if constexpr (S == 1) {
#pragma GCC unroll 8
            for (int k = 0; k < kw; ++k)
#pragma GCC unroll 8
                for (int v = 0; v < V; ++v)
                    acc[v] = _mm256_add_ps(acc[v], _mm256_loadu_ps(r + 8 * v + k));
        } else {
#pragma GCC unroll 8
            for (int k = 0; k < kw; k += 2)
#pragma GCC unroll 8
                for (int v = 0; v < V; ++v) {
                    const __m256 lo = _mm256_loadu_ps(r + 16 * v + k);
                    const __m256 hi = _mm256_loadu_ps(r + 16 * v + k + 8);
                    acc[v] = _mm256_add_ps(acc[v], even_floats(lo, hi));
                    if (k + 1 < kw)
                        acc[v] = _mm256_add_ps(acc[v], odd_floats(lo, hi));
                }
        }
    }
#pragma GCC unroll 8
    for (int v = 0; v < V; ++v) {
        __m256 s = acc[v];
        if constexpr (S == 2)
            s = in_output_order(s);
        _mm256_storeu_ps(out + 8 * v, s);
    }
}

template <int S, int KW> int sums(const float* const* rows, int nrows, int kw, int o, int o_end, float* out)
{
    constexpr int V = 4;
    for (; o + 8 * V <= o_end; o += 8 * V)
        sum_vectors<S, KW, V>(rows, nrows, kw, S * o, out + o);
    for (; o + 8 <= o_end; o += 8)
        sum_vectors<S, KW, 1>(rows, nrows, kw, S * o, out + o);
    return o;
}

} // namespace

int window_sums_avx2(const float* const* rows, int nrows, int kw, int stride, int o, int o_end, float* out)
{
    if (stride == 1)
        return kw == 2   ? sums<1, 2>(rows, nrows, kw, o, o_end, out)
               : kw == 3 ? sums<1, 3>(rows, nrows, kw, o, o_end, out)
                         : sums<1, 0>(rows, nrows, kw, o, o_end, out);
    return kw == 2   ? sums<2, 2>(rows, nrows, kw, o, o_end, out)
           : kw == 3 ? sums<2, 3>(rows, nrows, kw, o, o_end, out)
                     : sums<2, 0>(rows, nrows, kw, o, o_end, out);
}

int divide_avx2(float* row, int n, float fy, const float* xs)
{
    const __m256 vy = _mm256_set1_ps(fy);
    int o = 0;
    for (; o + 8 <= n; o += 8)
        _mm256_storeu_ps(row + o,
                         _mm256_div_ps(_mm256_loadu_ps(row + o), _mm256_mul_ps(vy, _mm256_loadu_ps(xs + o))));
    return o;
}

int lp2_power_avx2(const float* src, float* dst, int n)
{
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 a = _mm256_loadu_ps(src + i);
        _mm256_storeu_ps(dst + i, _mm256_mul_ps(a, a));
    }
    return i;
}

int lp2_finish_avx2(float* row, int n, float area)
{
    const __m256 a = _mm256_set1_ps(area), zero = _mm256_setzero_ps(), sign = _mm256_set1_ps(-0.f);
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 v = _mm256_loadu_ps(row + i);
        // lp_rectify: the sign bit cleared where v is a zero or a NaN (equal or unordered).
        const __m256 zero_or_nan = _mm256_cmp_ps(v, zero, _CMP_EQ_UQ);
        const __m256 r = _mm256_andnot_ps(_mm256_and_ps(zero_or_nan, sign), v);
        _mm256_storeu_ps(row + i, _mm256_sqrt_ps(_mm256_mul_ps(r, a)));
    }
    return i;
}

int mix_avx2(float* out, const float* avg, int n, double alpha)
{
    const __m256d a = _mm256_set1_pd(alpha), b = _mm256_set1_pd(1.0 - alpha);
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 m = _mm256_loadu_ps(out + i), v = _mm256_loadu_ps(avg + i);
        const auto blend = [&](__m128 mh, __m128 vh) {
            return _mm256_cvtpd_ps(
                _mm256_add_pd(_mm256_mul_pd(a, _mm256_cvtps_pd(mh)), _mm256_mul_pd(b, _mm256_cvtps_pd(vh))));
        };
        const __m128 lo = blend(_mm256_castps256_ps128(m), _mm256_castps256_ps128(v));
        const __m128 hi = blend(_mm256_extractf128_ps(m, 1), _mm256_extractf128_ps(v, 1));
        _mm256_storeu_ps(out + i, _mm256_set_m128(hi, lo));
    }
    return i;
}

} // namespace poolscope::detail
