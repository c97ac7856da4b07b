#pragma once
// Whether our result and OpenCV's agree: max exactly (values and argmax), avg within
// float rounding, since the two sum the window in different orders.
#include <optional>
#include <string>

#include "core/pool/pool_ops.h"
#include "tests/bench/opencv_pool.h"

namespace poolscope::bench {

inline constexpr double kAvgRelativeTolerance = 1e-5;

// The first disagreement, described; nothing when they agree.
std::optional<std::string> disagreement(const PoolResult& ours, const OpenCvPool& opencv,
                                        OpenCvPoolType type);

} // namespace poolscope::bench
