#pragma once
// How many threads a computation may use, given to it explicitly (the ops' options
// carry the number), and the one way the core runs a loop in parallel.
// Nothing here is process-wide. OpenCV runs a cv::parallel_for_ nested in another
// one serially, and it knows nesting by a single flag for the whole process: while
// any thread is inside a cv::parallel_for_, every other thread's loops run
// serially too. So a computation kept to its own thread must not enter
// cv::parallel_for_ at all, and with a budget of one it never does.
#include <algorithm>
#include <atomic>
#include <cmath>

#include <opencv2/core/utility.hpp>

namespace poolscope {

// The threads a budget allows: 0 means OpenCV's pool (cv::getNumThreads()), N means
// at most N, and never more than OpenCV's pool has. Always at least 1.
inline int thread_budget(int threads)
{
    const int pool = std::max(1, cv::getNumThreads());
    return threads <= 0 ? pool : std::min(threads, pool);
}

// cv::parallel_for_(range, body, nstripes) on at most thread_budget(threads)
// threads: body(r) over sub-ranges r that cover `range` once, in about `nstripes`
// stripes (<= 0: one per element, as cv::parallel_for_ takes it). With a budget of
// one thread, or a single stripe, body(range) runs on the calling thread and OpenCV's
// pool is not entered. With fewer threads than OpenCV's pool and more stripes than
// threads, that many workers take the stripes in turn.
template <class Body> void parallel_for(const cv::Range& range, int threads, double nstripes, Body&& body)
{
    const int length = range.end - range.start;
    if (length <= 0)
        return;
    const int n = thread_budget(threads);
    const int stripes = nstripes <= 0 ? length : int(std::clamp(std::round(nstripes), 1.0, double(length)));
    if (n == 1 || stripes == 1) {
        body(range);
        return;
    }
    if (stripes <= n || n >= std::max(1, cv::getNumThreads())) {
        cv::parallel_for_(
            range, [&](const cv::Range& r) { body(r); }, stripes);
        return;
    }
    std::atomic<int> next{0};
    cv::parallel_for_(
        cv::Range(0, n),
        [&](const cv::Range& workers) {
            for (int w = workers.start; w < workers.end; ++w)
                for (int s = next++; s < stripes; s = next++)
                    body(cv::Range(range.start + int((long long)s * length / stripes),
                                   range.start + int((long long)(s + 1) * length / stripes)));
        },
        n);
}

} // namespace poolscope
