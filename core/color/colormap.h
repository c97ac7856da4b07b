#pragma once
// Colour-mapping feature maps for display and export: a value range onto one of
// three colour maps, NaN drawn magenta.
#include <opencv2/core.hpp>

#include "core/color/value_range.h"

namespace poolscope {

enum class ColorMap { Viridis, Diverging, Gray };

// Viridis for non-negative data, the diverging map (blue-white-red, centred on 0)
// when the range has both signs.
ColorMap auto_colormap(ValueRange r);

// CV_8UC3 image in RGB order. NaN cells are drawn magenta.
cv::Mat colorize(const cv::Mat& plane, ValueRange r, ColorMap map, int threads = 0);

// The same colours written into `out`, which must have the plane's size and be
// CV_8UC3 (RGB) or CV_8UC4 (B, G, R, 255: OpenCV's BGRA order, which is a
// little-endian 0xffRRGGBB word, the layout of Qt's RGB32 images).
void colorize_into(const cv::Mat& plane, ValueRange r, ColorMap map, cv::Mat& out, int threads = 0);

// One RGB colour of the map at t in [0,1] (for colour bars).
cv::Vec3b colormap_color(ColorMap map, double t);

} // namespace poolscope
