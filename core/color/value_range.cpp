#include "core/color/value_range.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <opencv2/core/hal/intrin.hpp>

#include "core/tensor/threads.h"

namespace poolscope {
namespace {

// Below this many values a plane is scanned on the calling thread: splitting it
// would cost more than it saves.
constexpr int k_parallel_values = 1 << 18;

// Finite min/max of n values; lo > hi when none is finite. Lanes compare
// without regard to the sign of zero, which value_range restores afterwards.
void range_of(const float* p, std::size_t n, float& lo, float& hi)
{
    std::size_t i = 0;
#if CV_SIMD128
    const float f_inf = std::numeric_limits<float>::infinity();
    const cv::v_float32x4 inf = cv::v_setall_f32(f_inf), ninf = cv::v_setall_f32(-f_inf);
    cv::v_float32x4 vlo = inf, vhi = ninf;
    for (; i + 4 <= n; i += 4) {
        const cv::v_float32x4 v = cv::v_load(p + i);
        const cv::v_float32x4 finite = cv::v_abs(v) < inf; // false for NaN and +-inf
        vlo = cv::v_min(vlo, cv::v_select(finite, v, inf));
        vhi = cv::v_max(vhi, cv::v_select(finite, v, ninf));
    }
    lo = std::min(lo, cv::v_reduce_min(vlo));
    hi = std::max(hi, cv::v_reduce_max(vhi));
#endif
    for (; i < n; ++i)
        if (std::isfinite(p[i])) {
            lo = std::min(lo, p[i]);
            hi = std::max(hi, p[i]);
        }
}

// A zero extreme takes the sign of the first zero in memory order, as a scan
// that keeps the first of equal values would give it.
float first_zero(const cv::Mat& plane)
{
    for (int y = 0; y < plane.rows; ++y) {
        const float* p = plane.ptr<float>(y);
        for (int x = 0; x < plane.cols; ++x)
            if (p[x] == 0.f)
                return p[x];
    }
    return 0.f;
}

} // namespace

ValueRange value_range(const cv::Mat& plane, int threads)
{
    return finite_range(plane, threads).value_or(ValueRange{0.f, 0.f});
}

std::optional<ValueRange> finite_range(const cv::Mat& plane, int threads)
{
    if (plane.empty())
        return std::nullopt;
    CV_Assert(plane.type() == CV_32F);
    const float inf = std::numeric_limits<float>::infinity();
    float lo = inf, hi = -inf;
    const bool whole = plane.isContinuous();
    const cv::Mat rows = whole ? plane.reshape(1, 1) : plane;
    if (whole && plane.total() >= std::size_t(k_parallel_values)) {
        // Contiguous and large: stripes of the flat buffer on at most `threads` threads.
        const std::size_t n = plane.total(), chunk = std::size_t(k_parallel_values) / 4;
        const int stripes = int((n + chunk - 1) / chunk);
        std::vector<float> los(std::size_t(stripes), inf), his(std::size_t(stripes), -inf);
        const float* p = plane.ptr<float>();
        parallel_for(cv::Range(0, stripes), threads, stripes, [&](const cv::Range& r) {
            for (int s = r.start; s < r.end; ++s) {
                const std::size_t b = std::size_t(s) * chunk;
                range_of(p + b, std::min(chunk, n - b), los[std::size_t(s)], his[std::size_t(s)]);
            }
        });
        for (int s = 0; s < stripes; ++s) {
            lo = std::min(lo, los[std::size_t(s)]);
            hi = std::max(hi, his[std::size_t(s)]);
        }
    } else {
        for (int y = 0; y < rows.rows; ++y)
            range_of(rows.ptr<float>(y), std::size_t(rows.cols), lo, hi);
    }
    if (!(lo <= hi))
        return std::nullopt;
    if (lo == 0.f || hi == 0.f) {
        const float z = first_zero(plane);
        if (lo == 0.f)
            lo = z;
        if (hi == 0.f)
            hi = z;
    }
    return ValueRange{lo, hi};
}

ValueRange value_range(const Tensor& t)
{
    return t.empty() ? ValueRange{0.f, 0.f} : value_range(t.storage());
}

} // namespace poolscope
