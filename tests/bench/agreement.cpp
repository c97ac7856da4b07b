#include "tests/bench/agreement.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <opencv2/core.hpp>

namespace poolscope::bench {
namespace {

std::string where(const Tensor& t, std::size_t i)
{
    const std::size_t plane = std::size_t(t.height()) * t.width();
    return cv::format("(%zu, %zu, %zu)", i / plane, i % plane / t.width(), i % t.width());
}

} // namespace

std::optional<std::string> disagreement(const PoolResult& ours, const OpenCvPool& opencv, OpenCvPoolType type)
{
    const Tensor& out = ours.output;
    const cv::Mat& ref = opencv.output();
    if (ref.dims != 4 || ref.size[1] != out.channels() || ref.size[2] != out.height() ||
        ref.size[3] != out.width())
        return cv::format("shapes differ: ours %dx%dx%d, OpenCV %dx%dx%d", out.channels(), out.height(),
                          out.width(), ref.size[1], ref.size[2], ref.size[3]);
    const float* a = out.data();
    const float* b = ref.ptr<float>();
    for (std::size_t i = 0; i < out.size(); ++i) {
        const bool same =
            type == OpenCvPoolType::Max
                ? a[i] == b[i]
                : std::abs(double(a[i]) - b[i]) <=
                      kAvgRelativeTolerance * std::max(std::abs(double(a[i])), std::abs(double(b[i])));
        if (!same)
            return cv::format("values differ at %s: ours %.9g, OpenCV %.9g", where(out, i).c_str(), a[i],
                              b[i]);
    }
    const cv::Mat mask = opencv.mask();
    if (!mask.empty()) {
        if (ours.indices.data.size() != out.size())
            return cv::format("OpenCV gave an argmax mask, ours %zu indices for %zu values",
                              ours.indices.data.size(), out.size());
        const float* m = mask.ptr<float>();
        for (std::size_t i = 0; i < out.size(); ++i)
            if (std::int64_t(m[i]) != ours.indices.data[i])
                return cv::format("argmax differs at %s: ours %lld, OpenCV %.0f", where(out, i).c_str(),
                                  (long long)ours.indices.data[i], m[i]);
    }
    return std::nullopt;
}

} // namespace poolscope::bench
