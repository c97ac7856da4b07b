#pragma once
// Runs a pool's body over its output rows on at most `threads` threads
// (thread_budget: 0 for OpenCV's pool, 1 for the calling thread alone). Each call
// owns whole output rows, so no two threads write the same cell, and no result
// depends on how the rows are split.
#include <algorithm>

#include "core/tensor/threads.h"

namespace poolscope::detail {

// body(c, r) for every (channel, output row) pair.
template <class Body> void parallel_rows(int channels, int rows, int threads, Body&& body)
{
    const int total = channels * rows;
    if (total <= 0)
        return;
    // A few stripes per thread balance uneven rows without much scheduling cost.
    const double stripes = std::max(1, std::min(total, thread_budget(threads) * 4));
    parallel_for(cv::Range(0, total), threads, stripes, [&](const cv::Range& r) {
        for (int i = r.start; i < r.end; ++i)
            body(i / rows, i % rows);
    });
}

// Runs body(c, r0, r1) over stripes of whole output rows of every channel. Stripes
// hold at least `min_rows` rows (each stripe re-reads the rows its first window
// shares with the stripe above), and there are enough of them to keep every thread
// busy even on a single channel.
// With `align` > 1 every stripe but a channel's last holds a multiple of align rows.
template <class Body>
void parallel_stripes(int channels, int rows, int min_rows, int max_rows, int threads, Body&& body,
                      int align = 1)
{
    if (channels <= 0 || rows <= 0)
        return;
    const long long wanted = 8LL * thread_budget(threads);
    int per = int(std::max<long long>(1, ((long long)channels * rows + wanted - 1) / wanted));
    per = std::clamp(per, std::max(1, min_rows), std::max(1, std::max(min_rows, max_rows)));
    per = std::min((per + align - 1) / align * align, rows);
    const int stripes = (rows + per - 1) / per;
    const int total = channels * stripes;
    parallel_for(cv::Range(0, total), threads, total, [&](const cv::Range& range) {
        for (int i = range.start; i < range.end; ++i) {
            const int c = i / stripes, s = i % stripes;
            body(c, s * per, std::min(rows, (s + 1) * per));
        }
    });
}

} // namespace poolscope::detail
