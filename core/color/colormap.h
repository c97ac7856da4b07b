#pragma once
// Colour-mapping feature maps for display and export.
#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "core/tensor/tensor.h"

namespace poolscope {

enum class ColorMap { Viridis, Diverging, Gray };

struct ValueRange {
    float lo = 0.f, hi = 1.f;
};

// Finite min/max of a plane (or whole tensor); {0,0} when empty or all NaN.
// Of equal extremes the first in memory order is kept (so a zero keeps its sign).
// `threads`: how many threads a large plane may use (thread_budget,
// core/tensor/threads.h; 1 keeps the work on the calling thread), here and below.
ValueRange value_range(const cv::Mat& plane, int threads = 0);
ValueRange value_range(const Tensor& t);
// The same, but nullopt when nothing is finite: ranges of parts (channels) then
// join exactly into the range of the whole.
std::optional<ValueRange> finite_range(const cv::Mat& plane, int threads = 0);

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

// All channels side by side in a grid (each colour-mapped with the shared range),
// each channel scaled by an integer factor so small maps stay visible, 2 px gaps.
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

// Writes PNGs: `path` ending in .png gets the montage; a directory gets
// channel_XX.png per channel plus montage.png. Atomic. Throws InputError.
void write_png_maps(const std::string& path, const Tensor& t);

// write_png_maps' folder, filled one channel at a time: channel_XX.png as each
// channel is added, montage.png by finish(). `range` is that of all channels.
class PngMapsWriter {
public:
    PngMapsWriter(const std::string& dir, int channels, int height, int width, ValueRange range);
    void add(int channel, const cv::Mat& plane);
    void finish();

private:
    std::string dir_;
    ValueRange range_;
    ColorMap map_;
    MontageBuilder montage_;
};

} // namespace poolscope
