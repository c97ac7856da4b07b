#include "core/io/png_maps.h"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/color/colormap.h"
#include "core/io/atomic_file.h"
#include "core/tensor/errors.h"

namespace poolscope {
namespace {

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

PngMapsWriter::PngMapsWriter(const std::string& dir, int channels, int height, int width, ValueRange range)
    : dir_(dir), range_(range), map_(auto_colormap(range)), montage_(channels, height, width, range)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(fs::path(dir), ec);
    if (ec)
        throw InputError("cannot create the folder '" + dir + "': " + ec.message());
}

void PngMapsWriter::add(int channel, const cv::Mat& plane)
{
    // Channels at their own size (one pixel per value), with the shared range.
    char name[32];
    std::snprintf(name, sizeof name, "channel_%02d.png", channel);
    write_png((std::filesystem::path(dir_) / name).string(), colorize(plane, range_, map_));
    montage_.add(channel, plane);
}

void PngMapsWriter::finish()
{
    write_png((std::filesystem::path(dir_) / "montage.png").string(), montage_.image());
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
    PngMapsWriter w(path, t.channels(), t.height(), t.width(), value_range(t));
    for (int c = 0; c < t.channels(); ++c)
        w.add(c, t.plane(c));
    w.finish();
}

} // namespace poolscope
