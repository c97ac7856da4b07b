#include "ui/mat_image.h"

#include <cstring>

#include <opencv2/imgproc.hpp>

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

QImage colorizedPlane(const cv::Mat& planeF32, ValueRange range, ColorMap map)
{
    if (planeF32.empty())
        return {};
    return toQImage(colorize(planeF32, range, map));
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
