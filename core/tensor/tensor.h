#pragma once
// Planar float32 feature maps, C x H x W in one contiguous buffer.
// Each channel is a cv::Mat header over that buffer: plane() never copies.
#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

namespace poolscope {

class Tensor {
public:
    Tensor() = default;
    // Zero-filled; a large buffer on at most `threads` threads (thread_budget,
    // core/tensor/threads.h: 0 for OpenCV's pool, 1 for the calling thread alone).
    Tensor(int channels, int height, int width, int threads = 0);
    // Contents unspecified: for outputs that are written in full before anyone reads them.
    static Tensor uninitialized(int channels, int height, int width);
    // Keeps this buffer for an output of that shape when it already has it and
    // nobody else holds it (its contents then unspecified), else allocates one
    // uninitialized: repeated outputs into the same tensor touch no fresh memory.
    void reuse_or_allocate(int channels, int height, int width);

    int channels() const { return c_; }
    int height() const { return h_; }
    int width() const { return w_; }
    bool empty() const { return c_ == 0 || h_ == 0 || w_ == 0; }
    // Whether this is the only tensor or matrix holding the buffer (so writing into
    // it changes nobody else's data).
    bool unique() const { return m_.u && m_.u->refcount == 1; }
    std::size_t size() const { return std::size_t(c_) * h_ * w_; }

    // H x W CV_32F header sharing this tensor's memory.
    cv::Mat plane(int c) const;
    // The whole buffer as a (C*H) x W CV_32F matrix (shares memory).
    const cv::Mat& storage() const { return m_; }

    float* data() { return m_.ptr<float>(); }
    const float* data() const { return m_.ptr<float>(); }
    float* row(int c, int y) { return m_.ptr<float>(c * h_ + y); }
    const float* row(int c, int y) const { return m_.ptr<float>(c * h_ + y); }
    float& at(int c, int y, int x) { return row(c, y)[x]; }
    float at(int c, int y, int x) const { return row(c, y)[x]; }

    // Deep copy.
    Tensor clone() const;
    // Copies the planes (each H x W, CV_32F or convertible) into a new tensor.
    static Tensor fromPlanes(const std::vector<cv::Mat>& planes);

private:
    void allocate(int channels, int height, int width);

    cv::Mat m_;
    int c_ = 0, h_ = 0, w_ = 0;
};

// int64 indices of the same C x H x W layout (max-pool argmax, flat h*W + w
// within the input plane, as PyTorch's return_indices).
struct IndexTensor {
    int channels = 0, height = 0, width = 0;
    std::vector<std::int64_t> data;

    bool empty() const { return data.empty(); }
    std::int64_t at(int c, int y, int x) const { return data[(std::size_t(c) * height + y) * width + x]; }
    std::int64_t& at(int c, int y, int x) { return data[(std::size_t(c) * height + y) * width + x]; }
};

} // namespace poolscope
