#pragma once
// OpenCV's dnn Pooling layer as the reference timed next to ours: created once per
// case on a 4-D view of our input tensor (no copy), its outputs allocated once as our
// tensors are, so both sides read and write the same kind of memory.
#include <vector>

#include <opencv2/dnn.hpp>

#include "core/tensor/size2.h"
#include "core/tensor/tensor.h"

namespace poolscope::bench {

enum class OpenCvPoolType { Max, Ave };

class OpenCvPool {
public:
    // with_mask: MAX also writes its argmax mask, like our indices.
    OpenCvPool(const Tensor& input, OpenCvPoolType type, Size2 kernel, Size2 stride, Size2 padding,
               bool with_mask);

    void run();

    // 1 x C x Ho x Wo.
    const cv::Mat& output() const { return outputs_[0]; }
    // The argmax as float flat indices within each input plane; empty without with_mask.
    cv::Mat mask() const { return outputs_.size() > 1 ? outputs_[1] : cv::Mat(); }

private:
    cv::Ptr<cv::dnn::Layer> layer_;
    std::vector<Tensor> storage_;
    std::vector<cv::Mat> inputs_, outputs_, internals_;
};

} // namespace poolscope::bench
