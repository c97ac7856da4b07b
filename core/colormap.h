#pragma once
// Colour-mapping feature maps for display and export.
#include <string>

#include <opencv2/core.hpp>

#include "core/tensor.h"

namespace poolscope {

enum class ColorMap { Viridis, Diverging, Gray };

struct ValueRange {
    float lo = 0.f, hi = 1.f;
};

// Finite min/max of a plane (or whole tensor); {0,0} when empty or all NaN.
ValueRange value_range(const cv::Mat& plane);
ValueRange value_range(const Tensor& t);

// Viridis for non-negative data, the diverging map (blue-white-red, centred on 0)
// when the range has both signs.
ColorMap auto_colormap(ValueRange r);

// CV_8UC3 image in RGB order. NaN cells are drawn magenta.
cv::Mat colorize(const cv::Mat& plane, ValueRange r, ColorMap map);

// One RGB colour of the map at t in [0,1] (for colour bars).
cv::Vec3b colormap_color(ColorMap map, double t);

// All channels side by side in a grid (each colour-mapped with the shared range),
// each channel scaled by an integer factor so small maps stay visible, 2 px gaps.
cv::Mat montage(const Tensor& t, int min_cell_px = 256);

// Writes PNGs: `path` ending in .png gets the montage; a directory gets
// channel_XX.png per channel plus montage.png. Atomic. Throws InputError.
void write_png_maps(const std::string& path, const Tensor& t);

} // namespace poolscope
