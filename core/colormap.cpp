#include "core/colormap.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/errors.h"
#include "core/image_io.h"

namespace poolscope {
namespace {

using Lut = std::array<cv::Vec3b, 256>;

const cv::Vec3b k_nan_colour{255, 0, 255}; // magenta: not a colour of any map
const cv::Vec3b k_gap_colour{96, 96, 96};

Lut viridis_lut()
{
    cv::Mat ramp(1, 256, CV_8U);
    for (int i = 0; i < 256; ++i)
        ramp.at<unsigned char>(i) = static_cast<unsigned char>(i);
    cv::Mat bgr;
    cv::applyColorMap(ramp, bgr, cv::COLORMAP_VIRIDIS);
    Lut lut;
    for (int i = 0; i < 256; ++i) {
        const cv::Vec3b c = bgr.at<cv::Vec3b>(i);
        lut[i] = {c[2], c[1], c[0]}; // OpenCV gives BGR
    }
    return lut;
}

// Blue - white - red after ColorBrewer's RdBu (as matplotlib's RdBu_r), with a
// pure white centre so zero reads as "nothing".
Lut diverging_lut()
{
    static const std::array<cv::Vec3b, 11> anchors{{
        {5, 48, 97},
        {33, 102, 172},
        {67, 147, 195},
        {146, 197, 222},
        {209, 229, 240},
        {255, 255, 255},
        {253, 219, 199},
        {244, 165, 130},
        {214, 96, 77},
        {178, 24, 43},
        {103, 0, 31},
    }};
    // Entries 127 and 128 are both the white centre, so 0 (t = 0.5, entry 128)
    // is white and the two halves are mirror images.
    Lut lut;
    for (int i = 0; i < 256; ++i) {
        const double u = i < 128 ? i / 127.0 * 0.5 : 0.5 + (i - 128) / 127.0 * 0.5;
        const double pos = u * double(anchors.size() - 1);
        const std::size_t a = std::min<std::size_t>(std::size_t(pos), anchors.size() - 2);
        const double f = pos - double(a);
        for (int ch = 0; ch < 3; ++ch)
            lut[i][ch] = cv::saturate_cast<unsigned char>((1 - f) * anchors[a][ch] + f * anchors[a + 1][ch]);
    }
    return lut;
}

Lut gray_lut()
{
    Lut lut;
    for (int i = 0; i < 256; ++i)
        lut[i] = cv::Vec3b::all(static_cast<unsigned char>(i));
    return lut;
}

const Lut& lut_of(ColorMap map)
{
    static const Lut viridis = viridis_lut(), diverging = diverging_lut(), gray = gray_lut();
    switch (map) {
    case ColorMap::Diverging:
        return diverging;
    case ColorMap::Gray:
        return gray;
    case ColorMap::Viridis:
        break;
    }
    return viridis;
}

int lut_index(double t)
{
    if (!(t > 0)) // also -inf
        return 0;
    if (t >= 1)
        return 255;
    return int(std::lround(t * 255));
}

// Maps a value to t in [0,1]: linear over [lo, hi]; the diverging map uses
// [-m, m] with m = max(|lo|, |hi|), so 0 always lands on white.
struct Scale {
    double offset = 0, gain = 0; // t = (v - offset) * gain
    double flat = 0;             // t when the range is a single value
    bool is_flat = true;
};

Scale scale_for(ValueRange r, ColorMap map)
{
    Scale s;
    double lo = r.lo, hi = r.hi;
    if (map == ColorMap::Diverging) {
        const double m = std::max(std::fabs(lo), std::fabs(hi));
        lo = -m;
        hi = m;
        s.flat = 0.5;
    }
    if (hi > lo && std::isfinite(hi - lo)) {
        s.offset = lo;
        s.gain = 1.0 / (hi - lo);
        s.is_flat = false;
    }
    return s;
}

void range_accumulate(const cv::Mat& plane, float& lo, float& hi)
{
    CV_Assert(plane.type() == CV_32F);
    for (int y = 0; y < plane.rows; ++y) {
        const float* p = plane.ptr<float>(y);
        for (int x = 0; x < plane.cols; ++x)
            if (std::isfinite(p[x])) {
                lo = std::min(lo, p[x]);
                hi = std::max(hi, p[x]);
            }
    }
}

ValueRange finish(float lo, float hi)
{
    return lo <= hi ? ValueRange{lo, hi} : ValueRange{0.f, 0.f};
}

cv::Mat to_bgr(const cv::Mat& rgb)
{
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    return bgr;
}

void write_png(const std::string& path, const cv::Mat& rgb)
{
    std::vector<unsigned char> bytes;
    if (!cv::imencode(".png", to_bgr(rgb), bytes))
        throw InputError("cannot encode '" + path + "' as PNG");
    write_file_atomic(path, bytes);
}

} // namespace

ValueRange value_range(const cv::Mat& plane)
{
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    if (!plane.empty())
        range_accumulate(plane, lo, hi);
    return finish(lo, hi);
}

ValueRange value_range(const Tensor& t)
{
    return t.empty() ? ValueRange{0.f, 0.f} : value_range(t.storage());
}

ColorMap auto_colormap(ValueRange r)
{
    return r.lo < 0 && r.hi > 0 ? ColorMap::Diverging : ColorMap::Viridis;
}

cv::Vec3b colormap_color(ColorMap map, double t)
{
    return lut_of(map)[lut_index(t)];
}

cv::Mat colorize(const cv::Mat& plane, ValueRange r, ColorMap map)
{
    CV_Assert(plane.type() == CV_32F);
    const Lut& lut = lut_of(map);
    const Scale s = scale_for(r, map);
    cv::Mat out(plane.size(), CV_8UC3);
    for (int y = 0; y < plane.rows; ++y) {
        const float* p = plane.ptr<float>(y);
        cv::Vec3b* o = out.ptr<cv::Vec3b>(y);
        for (int x = 0; x < plane.cols; ++x) {
            const double v = p[x];
            if (std::isnan(v))
                o[x] = k_nan_colour;
            else if (s.is_flat)
                o[x] = lut[lut_index(std::isinf(v) ? (v > 0 ? 1.0 : 0.0) : s.flat)];
            else
                o[x] = lut[lut_index((v - s.offset) * s.gain)];
        }
    }
    return out;
}

cv::Mat montage(const Tensor& t, int min_cell_px)
{
    if (t.empty())
        return {};
    const ValueRange r = value_range(t);
    const ColorMap map = auto_colormap(r);
    // Near-square grid; the integer factor makes the longer side of a cell at
    // least min_cell_px (never below 1: big maps stay at their own size).
    const int c = t.channels();
    const int cols = int(std::ceil(std::sqrt(double(c))));
    const int rows = (c + cols - 1) / cols;
    const int longer = std::max(t.height(), t.width());
    const int f = std::max(1, (min_cell_px + longer - 1) / longer);
    const int gap = 2;
    const int cw = t.width() * f, ch = t.height() * f;
    cv::Mat out(rows * ch + (rows - 1) * gap, cols * cw + (cols - 1) * gap, CV_8UC3,
                cv::Scalar(k_gap_colour));
    for (int i = 0; i < c; ++i) {
        cv::Mat cell = out(cv::Rect((i % cols) * (cw + gap), (i / cols) * (ch + gap), cw, ch));
        cv::resize(colorize(t.plane(i), r, map), cell, cell.size(), 0, 0, cv::INTER_NEAREST);
    }
    return out;
}

void write_png_maps(const std::string& path, const Tensor& t)
{
    namespace fs = std::filesystem;
    if (t.empty())
        throw InputError("cannot write '" + path + "': there are no maps (the tensor is empty)");
    std::string ext = fs::path(path).extension().string();
    for (char& ch : ext)
        ch = char(std::tolower(static_cast<unsigned char>(ch)));
    if (ext == ".png") {
        write_png(path, montage(t));
        return;
    }
    std::error_code ec;
    fs::create_directories(fs::path(path), ec);
    if (ec)
        throw InputError("cannot create the folder '" + path + "': " + ec.message());
    // Channels at their own size (one pixel per value), with the shared range.
    const ValueRange r = value_range(t);
    const ColorMap map = auto_colormap(r);
    for (int c = 0; c < t.channels(); ++c) {
        char name[32];
        std::snprintf(name, sizeof name, "channel_%02d.png", c);
        write_png((fs::path(path) / name).string(), colorize(t.plane(c), r, map));
    }
    write_png((fs::path(path) / "montage.png").string(), montage(t));
}

} // namespace poolscope
