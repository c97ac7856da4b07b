#include "core/tensor/tensor.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <memory>
#include <string>

#include "core/tensor/errors.h"
#include "core/tensor/large_blocks.h"
#include "core/tensor/threads.h"

namespace poolscope {
namespace {

// Large tensors (a 1080p conv output with 8 channels is 66 MB) are new memory on
// every computation, and faulting it in 4 KiB pages costs more than the
// convolution itself. This allocator takes their buffers from large_blocks.h:
// 2 MiB-aligned blocks on transparent huge pages, freed blocks kept for reuse;
// smaller tensors take OpenCV's standard allocator.
class LargeBlockAllocator : public cv::MatAllocator {
public:
    cv::UMatData* allocate(int dims, const int* sizes, int type, void* data0, std::size_t* step,
                           cv::AccessFlag, cv::UMatUsageFlags) const override
    {
        std::size_t total = CV_ELEM_SIZE(type);
        for (int i = dims - 1; i >= 0; --i) {
            if (step) {
                if (data0 && step[i] != cv::Mat::AUTO_STEP) {
                    CV_Assert(total <= step[i]);
                    total = step[i];
                } else {
                    step[i] = total;
                }
            }
            total *= std::size_t(sizes[i]);
        }
        auto u = std::make_unique<cv::UMatData>(this);
        u->size = total;
        if (data0) {
            u->data = u->origdata = static_cast<uchar*>(data0);
            u->flags |= cv::UMatData::USER_ALLOCATED;
            return u.release();
        }
        const detail::Block b = detail::acquire_block(total);
        u->data = u->origdata = static_cast<uchar*>(b.data);
        // A kept block may be larger than asked for: its size rides along for recycling.
        u->userdata = reinterpret_cast<void*>(static_cast<std::uintptr_t>(b.capacity));
        return u.release();
    }

    bool allocate(cv::UMatData* u, cv::AccessFlag, cv::UMatUsageFlags) const override { return u != nullptr; }

    void deallocate(cv::UMatData* u) const override
    {
        if (!u)
            return;
        CV_Assert(u->urefcount == 0 && u->refcount == 0);
        if (!(u->flags & cv::UMatData::USER_ALLOCATED))
            detail::recycle_block(detail::Block{
                u->origdata, static_cast<std::size_t>(reinterpret_cast<std::uintptr_t>(u->userdata))});
        delete u;
    }
};

cv::MatAllocator* allocator_for(std::size_t bytes)
{
    // Never destroyed: matrices may outlive static destruction order.
    static auto* large = new LargeBlockAllocator;
    return bytes >= 4 * detail::kHugePage ? large : nullptr; // nullptr: OpenCV's default
}

} // namespace

Tensor::Tensor(int channels, int height, int width, int threads)
{
    allocate(channels, height, width);
    if (empty())
        return;
    // Zeroing in parallel also spreads the page faults of a large buffer.
    const int rows = m_.rows;
    const double stripes = size() >= (1u << 20) ? std::min(rows, 64) : 1;
    parallel_for(cv::Range(0, rows), threads, stripes,
                 [this](const cv::Range& r) { m_.rowRange(r.start, r.end).setTo(0); });
}

Tensor Tensor::uninitialized(int channels, int height, int width)
{
    Tensor t;
    t.allocate(channels, height, width);
    return t;
}

void Tensor::reuse_or_allocate(int channels, int height, int width)
{
    if (!(unique() && c_ == channels && h_ == height && w_ == width))
        *this = uninitialized(channels, height, width);
}

void Tensor::allocate(int channels, int height, int width)
{
    if (channels < 0 || height < 0 || width < 0)
        throw ParamError("tensor size " + std::to_string(channels) + " x " + std::to_string(height) + " x " +
                         std::to_string(width) + " has a negative dimension");
    if ((long long)channels * height > INT_MAX)
        throw ParamError("tensor size " + std::to_string(channels) + " x " + std::to_string(height) + " x " +
                         std::to_string(width) + " is too large");
    c_ = channels;
    h_ = height;
    w_ = width;
    if (empty())
        return;
    m_.allocator = allocator_for(size() * sizeof(float));
    m_.create(channels * height, width, CV_32F);
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
    if (!m_.empty()) {
        t.m_.allocator = allocator_for(size() * sizeof(float));
        m_.copyTo(t.m_);
    }
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
