#pragma once
// Synthetic frames that look like the stage: a colour-mapped grid of cells, a
// colour bar, and a red window outline that moves one cell per step.
#include <algorithm>
#include <cmath>

#include <QColor>
#include <QImage>
#include <QPainter>

#include "core/color/colormap.h"

namespace poolscope::test {

inline QImage stageLikeFrame(QSize size, double position, ColorMap map = ColorMap::Viridis)
{
    QImage image(size, QImage::Format_RGB888);
    image.fill(QColor(250, 250, 250));
    QPainter painter(&image);
    constexpr int kCells = 8;
    const int cell = std::max(2, std::min(size.width() * 3 / 4, size.height()) / kCells);
    for (int y = 0; y < kCells; ++y) {
        for (int x = 0; x < kCells; ++x) {
            // A fixed pseudo-random value per cell, in [0, 1].
            const double t = std::fmod(std::abs(std::sin(12.9898 * x + 78.233 * y)) * 43758.5453, 1.0);
            const cv::Vec3b c = colormap_color(map, t);
            painter.fillRect(x * cell, y * cell, cell, cell, QColor(c[0], c[1], c[2]));
        }
    }
    // A continuous colour bar down the right edge.
    const int barX = kCells * cell + 4;
    for (int y = 0; y < size.height(); ++y) {
        const cv::Vec3b c = colormap_color(map, 1.0 - double(y) / std::max(1, size.height() - 1));
        painter.fillRect(barX, y, std::max(1, size.width() - barX), 1, QColor(c[0], c[1], c[2]));
    }
    const int step = int(std::floor(position));
    const double frac = position - step;
    const double wx = (step % (kCells - 1) + frac) * cell;
    const double wy = (step / (kCells - 1) % (kCells - 1)) * cell;
    painter.setPen(QPen(QColor(230, 30, 30), 2));
    painter.drawRect(QRectF(wx + 1, wy + 1, 2 * cell - 2, 2 * cell - 2));
    return image;
}

} // namespace poolscope::test
