#pragma once
// Read-only access to tensors that others share.
//
// A Tensor is a handle: a copy shares its buffer, and plane() is a cv::Mat over
// it, so neither a `const Tensor&` nor a `const cv::Mat` keeps anyone from
// writing: copying either gives a writable handle on the same floats. The types
// here hold no such handle where a reader can reach it:
//
// - ConstPlaneView and ConstTensorView point at floats they do not own (as
//   std::span does) and give out `const float*` and values only;
// - ReadOnlyTensor owns a tensor's buffer (shared, as Tensor copies share it)
//   and gives out those views.
//
// Writing through them takes a const_cast, with two exceptions, each named for
// its one use so that it stands out where it is called:
//
// - ReadOnlyTensor::for_reading(): the `const Tensor&` that the core's functions
//   (pool(), trace(), conv_stage(), value_range(), write_npy()) take and only read;
// - ConstPlaneView::mat_for_reading(): a cv::Mat header for OpenCV's functions
//   that read a plane. OpenCV has no read-only matrix type, so this is where the
//   constness ends; nothing may write through it.
#include <cstddef>
#include <string>

#include <opencv2/core.hpp>

#include "core/tensor/errors.h"
#include "core/tensor/tensor.h"

namespace poolscope {

// One H x W plane of floats, rows `step` floats apart. Does not own them.
class ConstPlaneView {
public:
    ConstPlaneView() = default;
    ConstPlaneView(const float* data, int rows, int cols, std::size_t step) noexcept
        : data_(data), rows_(rows), cols_(cols), step_(step)
    {
    }

    int rows() const { return rows_; }
    int cols() const { return cols_; }
    bool empty() const { return data_ == nullptr || rows_ == 0 || cols_ == 0; }
    const float* row(int y) const { return data_ + std::size_t(y) * step_; }
    float at(int y, int x) const { return row(y)[x]; }

    // A CV_32F header over the plane, for OpenCV's functions that read it (copyTo,
    // resize, minMaxLoc, the core's value_range and colorize). It shares the
    // floats: nothing may write through it, or through a copy of it.
    cv::Mat mat_for_reading() const
    {
        if (empty())
            return {};
        return cv::Mat(rows_, cols_, CV_32F, const_cast<float*>(data_), step_ * sizeof(float));
    }

private:
    const float* data_ = nullptr;
    int rows_ = 0, cols_ = 0;
    std::size_t step_ = 0;
};

// C x H x W floats, planes one after the other, rows `step` floats apart (the
// layout of a Tensor). Does not own them: it lives no longer than what it views.
class ConstTensorView {
public:
    ConstTensorView() = default;
    // Implicit: anything that reads a view reads a tensor too.
    ConstTensorView(const Tensor& t) noexcept
        : data_(t.empty() ? nullptr : t.data()), c_(t.channels()), h_(t.height()), w_(t.width()),
          step_(t.empty() ? 0 : t.storage().step[0] / sizeof(float))
    {
    }

    int channels() const { return c_; }
    int height() const { return h_; }
    int width() const { return w_; }
    bool empty() const { return c_ == 0 || h_ == 0 || w_ == 0; }
    std::size_t size() const { return std::size_t(c_) * std::size_t(h_) * std::size_t(w_); }

    const float* data() const { return data_; }
    const float* row(int c, int y) const { return data_ + (std::size_t(c) * std::size_t(h_) + y) * step_; }
    float at(int c, int y, int x) const { return row(c, y)[x]; }
    // Throws ParamError for a channel that does not exist, as Tensor::plane() does.
    ConstPlaneView plane(int c) const
    {
        if (c < 0 || c >= c_)
            throw ParamError("channel " + std::to_string(c) + " does not exist (the tensor has " +
                             std::to_string(c_) + " channels)");
        return ConstPlaneView(row(c, 0), h_, w_, step_);
    }

private:
    const float* data_ = nullptr;
    int c_ = 0, h_ = 0, w_ = 0;
    std::size_t step_ = 0;
};

// A tensor handed to readers: it holds the buffer, so the floats live as long as
// it does, and reads them through views. What is shared between threads and
// views (a result, the input) is kept in one of these.
class ReadOnlyTensor {
public:
    ReadOnlyTensor() = default;
    // Implicit, so a result is built from the tensors a computation made. The
    // buffer is shared with `t`: whoever made it must not write into it through
    // a handle of their own afterwards.
    ReadOnlyTensor(Tensor t) noexcept : t_(std::move(t)) {}

    int channels() const { return t_.channels(); }
    int height() const { return t_.height(); }
    int width() const { return t_.width(); }
    bool empty() const { return t_.empty(); }
    std::size_t size() const { return t_.size(); }

    const float* data() const { return t_.empty() ? nullptr : t_.data(); }
    const float* row(int c, int y) const { return t_.row(c, y); }
    float at(int c, int y, int x) const { return t_.at(c, y, x); }
    ConstPlaneView plane(int c) const { return view().plane(c); }

    ConstTensorView view() const { return ConstTensorView(t_); }
    operator ConstTensorView() const { return view(); }

    // The tensor itself, for the core's functions that take a `const Tensor&` and
    // read it. A Tensor copy shares the buffer: never keep one to write into.
    const Tensor& for_reading() const { return t_; }

private:
    Tensor t_;
};

} // namespace poolscope
