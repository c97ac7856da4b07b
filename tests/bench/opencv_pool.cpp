#include "tests/bench/opencv_pool.h"

#include <stdexcept>

#include <opencv2/dnn/shape_utils.hpp>

namespace poolscope::bench {

OpenCvPool::OpenCvPool(const Tensor& input, OpenCvPoolType type, Size2 kernel, Size2 stride, Size2 padding,
                       bool with_mask)
{
    if (kernel.h != kernel.w || stride.h != stride.w || padding.h != padding.w)
        throw std::invalid_argument("the OpenCV reference takes square kernels, strides and paddings");
    cv::dnn::LayerParams params;
    params.set("pool", type == OpenCvPoolType::Max ? "MAX" : "AVE");
    params.set("kernel_size", kernel.h);
    params.set("stride", stride.h);
    params.set("pad", padding.h);
    // OpenCV's default is ceil_mode = true; PyTorch's and ours is false.
    params.set("ceil_mode", false);
    layer_ = cv::dnn::LayerFactory::createLayerInstance("Pooling", params);
    if (layer_.empty())
        throw std::runtime_error("OpenCV's dnn module has no Pooling layer");

    const int sizes[] = {1, input.channels(), input.height(), input.width()};
    // The layer only reads its input; the header shares the tensor's buffer.
    inputs_.emplace_back(4, sizes, CV_32F, const_cast<float*>(input.data()));

    std::vector<cv::dnn::MatShape> out_shapes, internal_shapes;
    layer_->getMemoryShapes({cv::dnn::shape(inputs_[0])}, with_mask ? 2 : 1, out_shapes, internal_shapes);
    // The outputs live in our tensors, so they sit on the same kind of memory as ours
    // (huge pages where the kernel gives them): the layer and ours write alike.
    for (const cv::dnn::MatShape& s : out_shapes) {
        CV_Assert(s.size() == 4 && s[0] == 1);
        storage_.push_back(Tensor::uninitialized(s[1], s[2], s[3]));
        outputs_.emplace_back(s, CV_32F, storage_.back().data());
    }
    for (const cv::dnn::MatShape& s : internal_shapes)
        internals_.emplace_back(s, CV_32F);
    // Through the array proxies: the std::vector<cv::Mat> overload is deprecated.
    layer_->finalize(cv::InputArrayOfArrays(inputs_), cv::OutputArrayOfArrays(outputs_));
}

void OpenCvPool::run()
{
    layer_->forward(inputs_, outputs_, internals_);
}

} // namespace poolscope::bench
