// Built with -mavx2 (and no FMA, so a multiply and an add round as the portable
// kernels' do). Nothing here may be an inline function another file also uses:
// the linker could pick this file's AVX2 copy for a processor without AVX2.
#include <immintrin.h>

#include "core/conv/conv_tap.h"

namespace poolscope::detail {

namespace {

template <int NB, int V>
void conv_vectors(const ConvTap* taps, int tap_count, const float* bias, float* const* out, int x)
{
    __m256 a[NB][V];
#pragma GCC unroll 8
    for (int b = 0; b < NB; ++b)
#pragma GCC unroll 8
        for (int v = 0; v < V; ++v)
            a[b][v] = _mm256_setzero_ps();
    for (int i = 0; i < tap_count; ++i) {
        const ConvTap& t = taps[i];
        __m256 w[NB];
#pragma GCC unroll 8
        for (int b = 0; b < NB; ++b)
            w[b] = _mm256_broadcast_ss(&t.w[b]);
#pragma GCC unroll 8
        for (int v = 0; v < V; ++v) {
            const __m256 in = _mm256_loadu_ps(t.src + x + 8 * v);
#pragma GCC unroll 8
            for (int b = 0; b < NB; ++b)
                a[b][v] = _mm256_add_ps(a[b][v], _mm256_mul_ps(w[b], in));
        }
    }
#pragma GCC unroll 8
    for (int b = 0; b < NB; ++b) {
        const __m256 bb = _mm256_broadcast_ss(&bias[b]);
#pragma GCC unroll 8
        for (int v = 0; v < V; ++v)
            _mm256_storeu_ps(out[b] + x + 8 * v, _mm256_add_ps(a[b][v], bb));
    }
}

template <int NB>
int conv_row(const ConvTap* taps, int tap_count, const float* bias, float* const* out, int out_w)
{
    constexpr int V = conv_vectors_per_step(NB);
    int x = 0;
    for (; x + 8 * V <= out_w; x += 8 * V)
        conv_vectors<NB, V>(taps, tap_count, bias, out, x);
    for (; x + 8 <= out_w; x += 8)
        conv_vectors<NB, 1>(taps, tap_count, bias, out, x);
    return x;
}

} // namespace

int conv_row_avx2(int nb, const ConvTap* taps, int tap_count, const float* bias, float* const* out, int out_w)
{
    switch (nb) {
    case 1:
        return conv_row<1>(taps, tap_count, bias, out, out_w);
    case 2:
        return conv_row<2>(taps, tap_count, bias, out, out_w);
    case 3:
        return conv_row<3>(taps, tap_count, bias, out, out_w);
    default:
        return conv_row<4>(taps, tap_count, bias, out, out_w);
    }
}

} // namespace poolscope::detail
