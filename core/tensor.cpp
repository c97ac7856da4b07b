#include "core/tensor.h"

#include <algorithm>
#include <string>

#include "core/errors.h"

namespace poolscope {

Tensor::Tensor(int channels, int height, int width)
{
    if (channels < 0 || height < 0 || width < 0)
        throw ParamError("tensor size " + std::to_string(channels) + " x " + std::to_string(height) + " x " +
                         std::to_string(width) + " has a negative dimension");
    c_ = channels;
    h_ = height;
    w_ = width;
    if (empty())
        return;
    m_.create(channels * height, width, CV_32F);
    // Large buffers are fresh pages from the kernel: zeroing them in parallel
    // spreads the page faults, which otherwise cost as much as a convolution.
    const int rows = m_.rows;
    const double stripes = size() >= (1u << 20) ? std::min(rows, 64) : 1;
    cv::parallel_for_(
        cv::Range(0, rows), [this](const cv::Range& r) { m_.rowRange(r.start, r.end).setTo(0); }, stripes);
}

cv::Mat Tensor::plane(int c) const
{
    if (c < 0 || c >= c_)
        throw ParamError("channel " + std::to_string(c) + " does not exist (the tensor has " +
                         std::to_string(c_) + " channels)");
    return m_.rowRange(c * h_, (c + 1) * h_);
}

Tensor Tensor::clone() const
{
    Tensor t;
    t.c_ = c_;
    t.h_ = h_;
    t.w_ = w_;
    t.m_ = m_.clone();
    return t;
}

Tensor Tensor::fromPlanes(const std::vector<cv::Mat>& planes)
{
    if (planes.empty())
        return {};
    const cv::Size size = planes.front().size();
    for (std::size_t c = 0; c < planes.size(); ++c) {
        const cv::Mat& p = planes[c];
        if (p.channels() != 1)
            throw ParamError("plane " + std::to_string(c) + " has " + std::to_string(p.channels()) +
                             " channels; each plane must have one");
        if (p.size() != size)
            throw ParamError("plane " + std::to_string(c) + " is " + std::to_string(p.rows) + " x " +
                             std::to_string(p.cols) + " but plane 0 is " + std::to_string(size.height) +
                             " x " + std::to_string(size.width));
    }
    Tensor t(int(planes.size()), size.height, size.width);
    if (t.empty())
        return t;
    for (std::size_t c = 0; c < planes.size(); ++c) {
        cv::Mat dst = t.plane(int(c));
        planes[c].convertTo(dst, CV_32F); // dst already has the right size and type: no reallocation
    }
    return t;
}

} // namespace poolscope
