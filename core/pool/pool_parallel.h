#pragma once
// Runs a body over every (channel, output row) pair on OpenCV's thread pool.
// Each call owns whole output rows, so no two threads write the same cell.
#include <algorithm>

#include <opencv2/core/utility.hpp>

namespace poolscope::detail {

template <class Body> void parallel_rows(int channels, int rows, Body&& body)
{
    const int total = channels * rows;
    if (total <= 0)
        return;
    // A few stripes per thread balance uneven rows without much scheduling cost.
    const double stripes = std::max(1, std::min(total, cv::getNumThreads() * 4));
    cv::parallel_for_(
        cv::Range(0, total),
        [&](const cv::Range& r) {
            for (int i = r.start; i < r.end; ++i)
                body(i / rows, i % rows);
        },
        stripes);
}

} // namespace poolscope::detail

namespace poolscope::detail {

// Runs body(c, r0, r1) over stripes of whole output rows of every channel. Stripes
// hold at least `min_rows` rows (each stripe re-reads the rows its first window
// shares with the stripe above), and there are enough of them to keep every thread
// busy even on a single channel.
// With `align` > 1 every stripe but a channel's last holds a multiple of align rows.
template <class Body>
void parallel_stripes(int channels, int rows, int min_rows, int max_rows, Body&& body, int align = 1)
{
    if (channels <= 0 || rows <= 0)
        return;
    const int threads = std::max(1, cv::getNumThreads());
    const long long wanted = 8LL * threads;
    int per = int(std::max<long long>(1, ((long long)channels * rows + wanted - 1) / wanted));
    per = std::clamp(per, std::max(1, min_rows), std::max(1, std::max(min_rows, max_rows)));
    per = std::min((per + align - 1) / align * align, rows);
    const int stripes = (rows + per - 1) / per;
    const int total = channels * stripes;
    cv::parallel_for_(
        cv::Range(0, total),
        [&](const cv::Range& range) {
            for (int i = range.start; i < range.end; ++i) {
                const int c = i / stripes, s = i % stripes;
                body(c, s * per, std::min(rows, (s + 1) * per));
            }
        },
        total);
}

} // namespace poolscope::detail
