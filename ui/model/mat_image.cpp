#include "ui/model/mat_image.h"

#include <cstring>
#include <new>

#include <QSysInfo>

#include <opencv2/imgproc.hpp>

#include "ui/model/area_shrink.h"

namespace poolscope::ui {

QImage toQImage(const cv::Mat& rgb8)
{
    if (rgb8.empty())
        return {};
    cv::Mat rgb;
    if (rgb8.type() == CV_8UC3)
        rgb = rgb8;
    else if (rgb8.type() == CV_8UC1)
        cv::cvtColor(rgb8, rgb, cv::COLOR_GRAY2RGB);
    else
        return {};
    QImage out(rgb.cols, rgb.rows, QImage::Format_RGB888);
    // Row by row: QImage pads scanlines to 4 bytes, a Mat's step may differ too.
    const std::size_t rowBytes = std::size_t(rgb.cols) * 3;
    for (int y = 0; y < rgb.rows; ++y)
        std::memcpy(out.scanLine(y), rgb.ptr(y), rowBytes);
    return out;
}

QImage colorizedPlane(const cv::Mat& planeF32, ValueRange range, ColorMap map, int threads)
{
    if (planeF32.empty())
        return {};
    if (QSysInfo::ByteOrder != QSysInfo::LittleEndian)
        return toQImage(
            colorize(planeF32, range, map, threads)); // BGRA bytes are RGB32 only on little-endian
    QImage out(planeF32.cols, planeF32.rows, QImage::Format_RGB32);
    if (out.isNull())
        throw std::bad_alloc();
    // The colours go straight into the image's own rows; the header does not outlive this call.
    cv::Mat pixels(out.height(), out.width(), CV_8UC4, out.bits(), std::size_t(out.bytesPerLine()));
    colorize_into(planeF32, range, map, pixels, threads);
    return out;
}

QImage colorizedPlane(ConstPlaneView plane, ValueRange range, ColorMap map, int threads)
{
    return colorizedPlane(plane.mat_for_reading(), range, map, threads);
}

std::vector<QImage> halvings(const QImage& rgb32, int minSide)
{
    std::vector<QImage> out;
    if (rgb32.format() != QImage::Format_RGB32 || QSysInfo::ByteOrder != QSysInfo::LittleEndian)
        return out;
    QImage from = rgb32;
    while ((from.width() + 1) / 2 >= minSide && (from.height() + 1) / 2 >= minSide) {
        QImage half((from.width() + 1) / 2, (from.height() + 1) / 2, QImage::Format_RGB32);
        if (half.isNull())
            throw std::bad_alloc();
        // Headers over the images' own rows, for this call only.
        const cv::Mat src(from.height(), from.width(), CV_8UC4, const_cast<uchar*>(from.constBits()),
                          std::size_t(from.bytesPerLine()));
        cv::Mat dst(half.height(), half.width(), CV_8UC4, half.bits(), std::size_t(half.bytesPerLine()));
        halve(src, dst);
        out.push_back(half);
        from = half;
    }
    return out;
}

cv::Mat toMat(const QImage& image)
{
    if (image.isNull())
        return {};
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    cv::Mat out(rgb.height(), rgb.width(), CV_8UC3);
    const std::size_t rowBytes = std::size_t(rgb.width()) * 3;
    for (int y = 0; y < rgb.height(); ++y)
        std::memcpy(out.ptr(y), rgb.constScanLine(y), rowBytes);
    return out;
}

Tensor toTensor(const QImage& image)
{
    const cv::Mat rgb = toMat(image);
    if (rgb.empty())
        return {};
    std::vector<cv::Mat> channels;
    cv::split(rgb, channels);
    for (cv::Mat& c : channels)
        c.convertTo(c, CV_32F, 1.0 / 255.0);
    return Tensor::fromPlanes(channels);
}

} // namespace poolscope::ui
