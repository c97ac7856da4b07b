#pragma once
// The range of values a feature map is drawn over: its finite minimum and maximum.
#include <optional>

#include <opencv2/core.hpp>

#include "core/tensor/tensor.h"

namespace poolscope {

struct ValueRange {
    float lo = 0.f, hi = 1.f;
};

// Finite min/max of a plane (or whole tensor); {0,0} when empty or all NaN.
// Of equal extremes the first in memory order is kept (so a zero keeps its sign).
// `threads`: how many threads a large plane may use (thread_budget,
// core/tensor/threads.h; 1 keeps the work on the calling thread).
ValueRange value_range(const cv::Mat& plane, int threads = 0);
ValueRange value_range(const Tensor& t);
// The same, but nullopt when nothing is finite: ranges of parts (channels) then
// join exactly into the range of the whole.
std::optional<ValueRange> finite_range(const cv::Mat& plane, int threads = 0);

} // namespace poolscope
