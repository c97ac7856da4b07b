#pragma once
// Feature maps written as PNG files: one montage, or a folder of one picture per
// channel and the montage. Every file is written atomically (core/io/atomic_file.h).
#include <string>

#include <opencv2/core.hpp>

#include "core/color/colormap.h"
#include "core/color/montage.h"
#include "core/color/value_range.h"
#include "core/tensor/tensor.h"

namespace poolscope {

// Writes PNGs: `path` ending in .png gets the montage; a directory gets
// channel_XX.png per channel plus montage.png. Throws InputError.
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
