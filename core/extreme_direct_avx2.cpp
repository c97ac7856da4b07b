// Built with -mavx2. Nothing here may be an inline function another file also
// uses: the linker could pick this file's AVX2 copy for a processor without AVX2.
#include "core/extreme_direct_avx2.h"

#include <algorithm>
#include <cstdint>

#include "core/avx2_taps.h"
#include "core/cache_lines.h"

namespace poolscope::detail {

namespace {

// v if it takes over from best, else best: maxps(v, best) is v > best ? v : best.
template <bool IsMin> __m256 pick(__m256 v, __m256 best)
{
    return IsMin ? _mm256_min_ps(v, best) : _mm256_max_ps(v, best);
}

// One row's taps of eight windows folded left to right, in avx2_taps.h's lane
// order at stride 2 (put right once, before the store). `any` gets whether a tap
// is NaN: KW is 2 or 3, so one compare checks the first two.
template <bool IsMin, int S, int KW> __m256 row_fold(const float* row, int x0, __m256& any)
{
    __m256 taps[KW];
    for_taps<S, KW>(row, x0, KW, [&](int k, __m256 v) { taps[k] = v; });
    any = _mm256_cmp_ps(taps[0], taps[1], _CMP_UNORD_Q);
    for (int k = 2; k < KW; ++k)
        any = _mm256_or_ps(any, _mm256_cmp_ps(taps[k], taps[k], _CMP_UNORD_Q));
    __m256 best = taps[0];
    for (int k = 1; k < KW; ++k)
        best = pick<IsMin>(taps[k], best);
    return best;
}

// The probe ORs in whether a tap is NaN: one OR a step on its chain (a running
// sum of the taps, as before, was three dependent additions a step, and that
// chain was the loop's bound).
template <bool IsMin, int S, int KW>
int row_windows(const float* row, int first, int o, int o_end, float* h, bool& nan)
{
    __m256 probe = _mm256_setzero_ps();
    auto step = [&](int o) {
        __m256 any;
        __m256 best = row_fold<IsMin, S, KW>(row, S * o + first, any);
        probe = _mm256_or_ps(probe, any);
        if constexpr (S == 2)
            best = in_output_order(best);
        _mm256_storeu_ps(h + o, best);
    };
    const int o_first = o;
    for (; o + 8 <= o_end; o += 8)
        step(o);
    // The last few windows again with the vector that ends at o_end: the same
    // values where they overlap, and none left to fold one tap at a time.
    if (o < o_end && o_end - 8 >= o_first) {
        step(o_end - 8);
        o = o_end;
    }
    nan |= _mm256_movemask_ps(probe) != 0;
    return o;
}

template <bool IsMin>
int row_windows_s(int stride, int kw, const float* row, int first, int o, int o_end, float* h, bool& nan)
{
    if (stride == 1)
        return kw == 2 ? row_windows<IsMin, 1, 2>(row, first, o, o_end, h, nan)
                       : row_windows<IsMin, 1, 3>(row, first, o, o_end, h, nan);
    return kw == 2 ? row_windows<IsMin, 2, 2>(row, first, o, o_end, h, nan)
                   : row_windows<IsMin, 2, 3>(row, first, o, o_end, h, nan);
}

template <bool IsMin, bool Stream> int fold(const float* a, const float* b, const float* c, int n, float* out)
{
    int o = 0;
    for (; o + 8 <= n; o += 8) {
        __m256 best = _mm256_loadu_ps(a + o);
        best = pick<IsMin>(_mm256_loadu_ps(b + o), best);
        best = pick<IsMin>(_mm256_loadu_ps(c + o), best);
        if constexpr (Stream)
            _mm256_stream_ps(out + o, best);
        else
            _mm256_storeu_ps(out + o, best);
    }
    return o;
}

// Whole windows straight from their KH rows, read side by side: the rows stream
// from memory together, and no column windows are stored between. The last few
// outputs come from the vector that ends at o_end, so no cells are left to fold
// one tap at a time.
template <bool IsMin, int S, int KW, int KH>
int fused_windows(const float* const* rows, int first, int o, int o_end, float* out, bool stream, bool& nan)
{
    __m256 probe = _mm256_setzero_ps();
    auto window = [&](int o) {
        __m256 best, any;
        for (int r = 0; r < KH; ++r) {
            __m256 row_any;
            const __m256 row_best = row_fold<IsMin, S, KW>(rows[r], S * o + first, row_any);
            any = r == 0 ? row_any : _mm256_or_ps(any, row_any);
            best = r == 0 ? row_best : pick<IsMin>(row_best, best);
        }
        probe = _mm256_or_ps(probe, any);
        return S == 2 ? in_output_order(best) : best;
    };
    if (o_end - o < 8)
        return o;
    const int o_first = o;
    // Outputs [from, to) with plain stores; a part vector goes through a buffer,
    // and only its outputs in the range are copied.
    auto plain = [&](int from, int to) {
        int at = from;
        for (; at + 8 <= to; at += 8)
            _mm256_storeu_ps(out + at, window(at));
        if (at == to)
            return;
        alignas(32) float v[8];
        const int base = at + 8 <= o_end ? at : to - 8;
        _mm256_store_ps(v, window(base));
        std::copy(v + (at - base), v + (to - base), out + at);
    };
    // Streamed on whole cache lines only (cache_lines.h), plain at both ends.
    if (stream && o_end - o_first >= 32) {
        const WholeLines lines = WholeLines::of(out + o_first, o_end - o_first);
        const int a = o_first + lines.begin, e = o_first + lines.end;
        plain(o_first, a);
        for (int at = a; at < e; at += 8)
            _mm256_stream_ps(out + at, window(at));
        plain(e, o_end);
    } else {
        plain(o_first, o_end);
    }
    o = o_end;
    nan |= _mm256_movemask_ps(probe) != 0;
    return o;
}

template <bool IsMin, int S, int KW>
int fused_windows_kh(int kh, const float* const* rows, int first, int o, int o_end, float* out, bool stream,
                     bool& nan)
{
    return kh == 2 ? fused_windows<IsMin, S, KW, 2>(rows, first, o, o_end, out, stream, nan)
                   : fused_windows<IsMin, S, KW, 3>(rows, first, o, o_end, out, stream, nan);
}

template <bool IsMin, int S>
int fused_windows_kw(int kw, int kh, const float* const* rows, int first, int o, int o_end, float* out,
                     bool stream, bool& nan)
{
    return kw == 2 ? fused_windows_kh<IsMin, S, 2>(kh, rows, first, o, o_end, out, stream, nan)
                   : fused_windows_kh<IsMin, S, 3>(kh, rows, first, o, o_end, out, stream, nan);
}

template <bool IsMin>
int fused_windows_s(int stride, int kw, int kh, const float* const* rows, int first, int o, int o_end,
                    float* out, bool stream, bool& nan)
{
    return stride == 1 ? fused_windows_kw<IsMin, 1>(kw, kh, rows, first, o, o_end, out, stream, nan)
                       : fused_windows_kw<IsMin, 2>(kw, kh, rows, first, o, o_end, out, stream, nan);
}

} // namespace

int extreme_fused_windows_avx2(bool is_min, int stride, int kw, int kh, const float* const* rows, int first,
                               int o, int o_end, float* out, bool stream, bool& nan)
{
    return is_min ? fused_windows_s<true>(stride, kw, kh, rows, first, o, o_end, out, stream, nan)
                  : fused_windows_s<false>(stride, kw, kh, rows, first, o, o_end, out, stream, nan);
}

int extreme_row_windows_avx2(bool is_min, int stride, int kw, const float* row, int first, int o, int o_end,
                             float* h, bool& nan)
{
    return is_min ? row_windows_s<true>(stride, kw, row, first, o, o_end, h, nan)
                  : row_windows_s<false>(stride, kw, row, first, o, o_end, h, nan);
}

int extreme_fold_avx2(bool is_min, const float* a, const float* b, const float* c, int n, float* out,
                      bool stream)
{
    if (stream)
        return is_min ? fold<true, true>(a, b, c, n, out) : fold<false, true>(a, b, c, n, out);
    return is_min ? fold<true, false>(a, b, c, n, out) : fold<false, false>(a, b, c, n, out);
}

} // namespace poolscope::detail
