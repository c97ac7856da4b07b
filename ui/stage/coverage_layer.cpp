#include "ui/stage/coverage_layer.h"

#include <algorithm>
#include <cmath>

#include <QPainter>

#include "core/shape/coverage.h"

namespace poolscope::ui {

namespace {

// Below this many pixels per cell a count would not be read.
constexpr double kCountMinPx = 14.0;

} // namespace

QRgb coverageColor(long long count, long long max)
{
    if (count <= 0)
        return qRgb(0xbd, 0xbd, 0xbd);
    // From a pale yellow (one window) to a deep red (the most): warm, unlike the values' colours.
    const double t = max > 1 ? double(count - 1) / double(max - 1) : 0.0;
    const auto mix = [t](int a, int b) { return int(std::lround(a + (b - a) * t)); };
    return qRgb(mix(0xfe, 0x99), mix(0xe8, 0x10), mix(0x9b, 0x1f));
}

QImage coverageImage(const Coverage& c)
{
    const int h = c.geometry.in.h, w = c.geometry.in.w;
    QImage image(w, h, QImage::Format_RGB32);
    for (int y = 0; y < h; ++y) {
        auto* row = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < w; ++x)
            row[x] = coverageColor(c.at(y, x), c.max_count);
    }
    return image;
}

void paintCoverage(QPainter& p, const MapPlacement& m, const Coverage& c, const QImage& image,
                   const StageStyle& s)
{
    const QRect map(0, 0, m.extent.cols, m.extent.rows);
    const QRect visible = m.visibleCells().intersected(map);
    if (visible.isEmpty() || image.size() != map.size())
        return;
    p.save();
    p.setClipRect(m.viewport);
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(m.cellsRect(QRectF(visible)), image, visible);
    if (m.zoom >= kCountMinPx) {
        QFont f = s.font;
        f.setPixelSize(std::max(8, int(std::min(m.zoom * 0.45, s.font.pixelSize() * 1.6))));
        f.setBold(true);
        p.setFont(f);
        for (int y = visible.top(); y <= visible.bottom(); ++y)
            for (int x = visible.left(); x <= visible.right(); ++x) {
                const QRectF cell = m.cellRect(y, x);
                const long long n = c.at(y, x);
                if (n == 0) {
                    // Never read: crossed out, so it shows in grey print too.
                    p.setPen(QPen(QColor(0xb2, 0x18, 0x2b), std::max(1.5, m.zoom * 0.05)));
                    const QRectF in =
                        cell.adjusted(m.zoom * 0.25, m.zoom * 0.25, -m.zoom * 0.25, -m.zoom * 0.25);
                    p.drawLine(in.topLeft(), in.bottomRight());
                    p.drawLine(in.topRight(), in.bottomLeft());
                    continue;
                }
                const QRgb bg = coverageColor(n, c.max_count);
                const double luma = 0.299 * qRed(bg) + 0.587 * qGreen(bg) + 0.114 * qBlue(bg);
                p.setPen(luma > 140 ? Qt::black : Qt::white);
                p.drawText(cell, Qt::AlignCenter, QString::number(n));
            }
    }
    p.restore();
}

} // namespace poolscope::ui
