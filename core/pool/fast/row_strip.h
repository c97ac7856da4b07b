#pragma once
// Eight rows turned sideways: position x of a strip holds rows r..r+7 at column x
// as eight lanes (two vectors). Every row of a plane shares its column geometry, so
// a pass along the rows runs four rows per vector, borders and strides included,
// with no scalar edge cases; two vectors per position give a scan along the row two
// independent chains.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/pool/fast/lanes.h"
#include "core/pool/pool_window.h"

namespace poolscope::detail {

constexpr int kStripRows = 8;

// strip[(x - x0)*8 + l] = plane row (r + l) at column x, for x in [x0, x1). Rows past
// the stripe's last (`rows` < 8) repeat it: their lanes are never stored. Returns
// whether a value read was NaN (free to tell while the values pass through). The
// first `fetch` rows of the next strip (r + 8 on) are asked for, the same columns
// a line at a time as these are read: one burst for whole rows stalls on the fill
// buffers.
inline bool load_strip(const Plane& p, int r, int rows, int x0, int x1, float* strip, int fetch = 0)
{
    const float* src[kStripRows];
    for (int l = 0; l < kStripRows; ++l)
        src[l] = p.row(r + std::min(l, rows - 1));
    int x = x0;
    bool nan = false;
#ifdef POOLSCOPE_LANES
    f32x4 bad = cv::v_setzero_f32();
    for (; x + 4 <= x1; x += 4) {
        if ((x - x0) % 16 == 0) // a cache line of each row fetched, every fourth step
            for (int l = 0; l < fetch; ++l)
                __builtin_prefetch(p.row(r + kStripRows + l) + x);
        float* o = strip + std::size_t(x - x0) * kStripRows;
        for (int half = 0; half < 2; ++half) {
            const float* const* s = src + 4 * half;
            f32x4 a = cv::v_load(s[0] + x), b = cv::v_load(s[1] + x), c = cv::v_load(s[2] + x),
                  d = cv::v_load(s[3] + x);
            bad = bad | (a != a) | (b != b) | (c != c) | (d != d);
            cv::v_transpose4x4(a, b, c, d, a, b, c, d);
            cv::v_store(o + 4 * half, a);
            cv::v_store(o + 4 * half + 8, b);
            cv::v_store(o + 4 * half + 16, c);
            cv::v_store(o + 4 * half + 24, d);
        }
    }
    nan = cv::v_check_any(cv::v_reinterpret_as_s32(bad));
#endif
    for (; x < x1; ++x)
        for (int l = 0; l < kStripRows; ++l) {
            strip[std::size_t(x - x0) * kStripRows + l] = src[l][x];
            nan |= std::isnan(src[l][x]);
        }
    return nan;
}

// The reverse for n positions: rows[l][x] = strip[x*8 + l] for l < rows.
inline void store_strip(const float* strip, int n, int rows, float* const* dst)
{
    int x = 0;
#ifdef POOLSCOPE_LANES
    if (rows == kStripRows) {
        for (; x + 4 <= n; x += 4) {
            for (int half = 0; half < 2; ++half) {
                const float* s = strip + std::size_t(x) * kStripRows + 4 * half;
                f32x4 a = cv::v_load(s), b = cv::v_load(s + 8), c = cv::v_load(s + 16),
                      d = cv::v_load(s + 24);
                cv::v_transpose4x4(a, b, c, d, a, b, c, d);
                float* const* o = dst + 4 * half;
                cv::v_store(o[0] + x, a);
                cv::v_store(o[1] + x, b);
                cv::v_store(o[2] + x, c);
                cv::v_store(o[3] + x, d);
            }
        }
    }
#endif
    for (; x < n; ++x)
        for (int l = 0; l < rows; ++l)
            dst[l][x] = strip[std::size_t(x) * kStripRows + l];
}

// The same for int32 lanes, turning each lane's column index into the flat index
// (row * width + column) that PyTorch returns.
inline void store_strip_flat(const std::int32_t* strip, int n, int rows, int first_row, int width,
                             std::int32_t* const* dst)
{
    for (int l = 0; l < rows; ++l) {
        const std::int32_t base = (first_row + l) * width;
        std::int32_t* d = dst[l];
        for (int x = 0; x < n; ++x)
            d[x] = base + strip[std::size_t(x) * kStripRows + l];
    }
}

} // namespace poolscope::detail
