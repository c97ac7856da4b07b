#pragma once
// Lane-wise operations over short float arrays, the unit every fast pooling
// kernel is written in. A "position" is L floats side by side (rows of a strip,
// or a whole output row); combining two positions runs the same IEEE operation on
// each lane, so a vector lane and the scalar tail compute the same bits. Vectors
// are OpenCV's universal intrinsics at 128 bits, which every supported CPU has
// (SSE2, NEON, VSX); without them the scalar loops run alone.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <opencv2/core/hal/intrin.hpp>

#include "core/pool/fast/cache_lines.h"
#include "core/pool/pool_window.h"

namespace poolscope::detail {

#if CV_SIMD128
#define POOLSCOPE_LANES 1
using f32x4 = cv::v_float32x4;
using i32x4 = cv::v_int32x4;
#endif

// PyTorch's max rule (`v > best || isnan(v)`), and its mirror for min: taking v in
// scan order keeps the first of equal taps and the last NaN. Folding any ordered
// split of the taps with it gives the same tap as the single scan.
template <bool IsMin> inline bool beats(float v, float best)
{
    return (IsMin ? v < best : v > best) || std::isnan(v);
}

// The rule a kernel folds with: max or min, with or without the winner's index, and
// whether the taps are known to hold no NaN (then a strict comparison is the rule).
template <bool IsMin, bool WithIdx, bool NanFree = false> struct Extreme {
    static constexpr bool is_min = IsMin, with_idx = WithIdx, nan_free = NanFree;

    static bool takes(float v, float best)
    {
        if constexpr (NanFree)
            return IsMin ? v < best : v > best;
        else
            return beats<IsMin>(v, best);
    }

#ifdef POOLSCOPE_LANES
    static f32x4 takes(const f32x4& v, const f32x4& best)
    {
        if constexpr (NanFree)
            return IsMin ? v < best : v > best;
        else
            return (IsMin ? v < best : v > best) | (v != v);
    }

    // v if it takes over from best, else best. On NaN-free lanes x86's maxps and
    // minps are exactly that (they return the second operand on ties): one
    // instruction. Other CPUs' max instructions order signed zeros, so they select.
    static f32x4 pick(const f32x4& v, const f32x4& best)
    {
#if CV_SSE2
        if constexpr (NanFree)
            return IsMin ? cv::v_min(v, best) : cv::v_max(v, best);
#endif
        return cv::v_select(takes(v, best), v, best);
    }
#endif
};

// out[l] = later[l] if it takes over from earlier[l] else earlier[l], with the
// winner's index when R::with_idx. N > 0 fixes the lane count at compile time (n is
// then ignored), so a four-lane position is one vector operation. out may alias
// either input.
template <class R, int N = 0>
inline void combine_lanes(const float* earlier, const std::int32_t* earlier_i, const float* later,
                          const std::int32_t* later_i, float* out, std::int32_t* out_i, int n)
{
    if constexpr (N > 0)
        n = N;
    int l = 0;
#ifdef POOLSCOPE_LANES
    for (; l + 4 <= n; l += 4) {
        const f32x4 a = cv::v_load(earlier + l), b = cv::v_load(later + l);
        if constexpr (R::with_idx) {
            const f32x4 take = R::takes(b, a);
            cv::v_store(out_i + l, cv::v_select(cv::v_reinterpret_as_s32(take), cv::v_load(later_i + l),
                                                cv::v_load(earlier_i + l)));
            cv::v_store(out + l, cv::v_select(take, b, a));
        } else {
            cv::v_store(out + l, R::pick(b, a));
        }
    }
#endif
    for (; l < n; ++l) {
        const bool take = R::takes(later[l], earlier[l]);
        if constexpr (R::with_idx)
            out_i[l] = take ? later_i[l] : earlier_i[l];
        out[l] = take ? later[l] : earlier[l];
    }
}

// The end of the outputs from o on whose taps all lie inside a row of w values,
// and at stride 2 one column more, which a deinterleaving load reads with the
// taps: output o's taps are columns stride * o - pad + k, k < kw.
inline int outputs_inside(int w, int kw, int stride, int pad, int o, int ow)
{
    const int reach = w + pad - kw - stride + 1; // the last stride * o that fits
    return std::clamp(reach < 0 ? 0 : reach / stride + 1, o, ow);
}

// Asks for a row's cache lines ahead of use, so that fetching the next row from
// memory overlaps the work on this one (a thread's pass would otherwise wait for
// memory, then compute, in turn).
inline void prefetch_row(const float* row, int n)
{
    constexpr int kLine = 64 / sizeof(float);
    for (int i = 0; i < n; i += kLine)
        __builtin_prefetch(row + i);
}

// Outputs larger than the caches are written around them (non-temporal stores):
// a normal store first reads each line it fills, a third of a pooling pass's
// memory traffic. Smaller outputs are read again soon and stay cached.
inline constexpr std::size_t kStreamingBytes = std::size_t(8) << 20;

// dst[i] = src[i], streamed around the caches on dst's whole cache lines, plain
// around them.
inline void stream_row(float* dst, const float* src, int n)
{
    const WholeLines lines = WholeLines::of(dst, n);
    std::copy(src, src + lines.begin, dst);
    int i = lines.begin;
#ifdef POOLSCOPE_LANES
    for (; i < lines.end; i += 4)
        cv::v_store(dst + i, cv::v_load(src + i), cv::hal::STORE_ALIGNED_NOCACHE);
#endif
    std::copy(src + i, src + n, dst + i);
}

// Makes streamed stores visible before anyone reads them (the end of a stripe).
inline void stream_fence()
{
#if CV_SSE2
    _mm_sfence();
#endif
}

// Output rows of one stripe: made in place when the output is small, in a row
// buffer streamed out around the caches (stream_row) when it is large. The fence
// comes when the stripe is done.
class StreamedRows {
public:
    StreamedRows(bool stream, int width, std::vector<float>& buffer) : stream_(stream), width_(width)
    {
        if (stream_ && buffer.size() < std::size_t(width))
            buffer.resize(std::size_t(width));
        buffer_ = buffer.data();
    }
    StreamedRows(const StreamedRows&) = delete;
    StreamedRows& operator=(const StreamedRows&) = delete;
    ~StreamedRows()
    {
        if (stream_)
            stream_fence();
    }

    // Where to make the output row `out`; finish(out) once it is made.
    float* row(float* out) const { return stream_ ? buffer_ : out; }
    void finish(float* out) const
    {
        if (stream_)
            stream_row(out, buffer_, width_);
    }

private:
    bool stream_;
    int width_;
    float* buffer_;
};

// dst[i] = src[i] for i < n, a cache line a step, each step first asking for the
// same line of `ahead` (the next row to copy, or null): a burst of prefetches for
// a whole row stalls on the fill buffers (14% slower on rows of 2048 from
// memory). With FindNaN, returns whether any value is NaN, found in the same pass
// from registers; else false.
template <bool FindNaN> bool copy_row_fetching(const float* src, float* dst, int n, const float* ahead)
{
    int x = 0;
    bool nan = false;
#ifdef POOLSCOPE_LANES
    constexpr int kLine = 64 / sizeof(float);
    f32x4 any = cv::v_setzero_f32();
    for (; x + kLine <= n; x += kLine) {
        if (ahead)
            __builtin_prefetch(ahead + x);
        for (int i = 0; i < kLine; i += 4) {
            const f32x4 v = cv::v_load(src + x + i);
            if constexpr (FindNaN)
                any = any | (v != v);
            cv::v_store(dst + x + i, v);
        }
    }
    if constexpr (FindNaN)
        nan = cv::v_check_any(cv::v_reinterpret_as_s32(any));
#endif
    for (; x < n; ++x) {
        if constexpr (FindNaN)
            nan |= std::isnan(src[x]);
        dst[x] = src[x];
    }
    return nan;
}

} // namespace poolscope::detail
