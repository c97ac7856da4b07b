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
