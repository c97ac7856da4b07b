#include "core/color/montage.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace poolscope {
namespace {

const cv::Vec3b k_gap_colour{96, 96, 96};

// Grid and cell size of montage(): near square; the integer factor makes the
// longer side of a cell at least min_cell_px (never below 1: big maps stay at
// their own size).
constexpr int k_gap = 2;

int montage_cols(int channels)
{
    return int(std::ceil(std::sqrt(double(channels))));
}

int montage_factor(int height, int width, int min_cell_px)
{
    const int longer = std::max(height, width);
    return std::max(1, (min_cell_px + longer - 1) / longer);
}

} // namespace

MontageBuilder::MontageBuilder(int channels, int height, int width, ValueRange range, int min_cell_px)
    : range_(range), map_(auto_colormap(range))
{
    if (channels <= 0 || height <= 0 || width <= 0)
        return;
    cols_ = montage_cols(channels);
    const int rows = (channels + cols_ - 1) / cols_;
    const int f = montage_factor(height, width, min_cell_px);
    cell_w_ = width * f;
    cell_h_ = height * f;
    image_ = cv::Mat(rows * cell_h_ + (rows - 1) * k_gap, cols_ * cell_w_ + (cols_ - 1) * k_gap, CV_8UC3,
                     cv::Scalar(k_gap_colour));
}

void MontageBuilder::add(int channel, const cv::Mat& plane)
{
    cv::Mat cell = image_(cv::Rect((channel % cols_) * (cell_w_ + k_gap),
                                   (channel / cols_) * (cell_h_ + k_gap), cell_w_, cell_h_));
    cv::resize(colorize(plane, range_, map_), cell, cell.size(), 0, 0, cv::INTER_NEAREST);
}

cv::Mat montage(const Tensor& t, int min_cell_px)
{
    if (t.empty())
        return {};
    MontageBuilder m(t.channels(), t.height(), t.width(), value_range(t), min_cell_px);
    for (int c = 0; c < t.channels(); ++c)
        m.add(c, t.plane(c));
    return m.image();
}
} // namespace poolscope
