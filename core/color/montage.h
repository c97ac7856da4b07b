#pragma once
// All channels of a tensor as one picture: a near-square grid of colour-mapped cells.
#include <opencv2/core.hpp>

#include "core/color/colormap.h"
#include "core/color/value_range.h"
#include "core/tensor/tensor.h"

namespace poolscope {

// All channels side by side in a grid (each colour-mapped with the shared range),
// each channel scaled by an integer factor so small maps stay visible, 2 px gaps.
// CV_8UC3, RGB.
cv::Mat montage(const Tensor& t, int min_cell_px = 256);

// montage() built one channel at a time, for maps that are computed channel by
// channel and never held whole. `range` is the range of all channels together.
class MontageBuilder {
public:
    MontageBuilder(int channels, int height, int width, ValueRange range, int min_cell_px = 256);
    void add(int channel, const cv::Mat& plane);
    const cv::Mat& image() const { return image_; }

private:
    ValueRange range_;
    ColorMap map_;
    int cols_ = 1, cell_w_ = 0, cell_h_ = 0;
    cv::Mat image_;
};

} // namespace poolscope
