// Built with -mavx2 (and no FMA). Nothing here may be an inline function another
// file also uses: the linker could pick this file's AVX2 copy for a processor
// without AVX2.
#include "core/x86/blur_rows_avx2.h"

#include "core/x86/avx2_taps.h"

namespace poolscope::detail {

namespace {

constexpr int kMaxTaps = 5;

// N > 0 fixes the filter's size at compile time.
template <int S, int N>
int along(const float* map, int map_w, const float* taps, int size, int before, int o, int out_w, float* out)
{
    const int n = N > 0 ? N : size;
    __m256 t[kMaxTaps];
    for (int j = 0; j < n; ++j)
        t[j] = _mm256_set1_ps(taps[j]);
    // The last float loaded for outputs o..o+7: S * (o + 7) + n - 1 - before, and
    // at stride 2 the odd float after it.
    for (; o + 8 <= out_w && S * (o + 7) + n - 1 - before + (S - 1) < map_w; o += 8) {
        __m256 acc = _mm256_setzero_ps();
        for_taps<S, N>(map, S * o - before, n,
                       [&](int j, __m256 v) { acc = _mm256_add_ps(acc, _mm256_mul_ps(t[j], v)); });
        _mm256_storeu_ps(out + o, S == 2 ? in_output_order(acc) : acc);
    }
    return o;
}

template <int S>
int along_s(const float* map, int map_w, const float* taps, int size, int before, int o, int out_w,
            float* out)
{
    return size == 3 ? along<S, 3>(map, map_w, taps, size, before, o, out_w, out)
                     : along<S, 0>(map, map_w, taps, size, before, o, out_w, out);
}

template <int N> int down(const float* const* rows, const float* taps, int size, float* out, int ow)
{
    const int n = N > 0 ? N : size;
    __m256 t[kMaxTaps];
    for (int i = 0; i < n; ++i)
        t[i] = _mm256_set1_ps(taps[i]);
    int o = 0;
    for (; o + 8 <= ow; o += 8) {
        __m256 acc = _mm256_setzero_ps();
        for (int i = 0; i < n; ++i)
            acc = _mm256_add_ps(acc, _mm256_mul_ps(t[i], _mm256_loadu_ps(rows[i] + o)));
        _mm256_storeu_ps(out + o, acc);
    }
    return o;
}

} // namespace

int blur_along_avx2(const float* map, int map_w, const float* taps, int size, int before, int stride, int o,
                    int out_w, float* out)
{
    if (size > kMaxTaps)
        return o;
    if (stride == 1)
        return along_s<1>(map, map_w, taps, size, before, o, out_w, out);
    return stride == 2 ? along_s<2>(map, map_w, taps, size, before, o, out_w, out) : o;
}

int blur_down_avx2(const float* const* rows, const float* taps, int size, float* out, int ow)
{
    if (size > kMaxTaps)
        return 0;
    return size == 3 ? down<3>(rows, taps, size, out, ow) : down<0>(rows, taps, size, out, ow);
}

} // namespace poolscope::detail
