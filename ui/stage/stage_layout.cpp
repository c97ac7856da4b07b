#include "ui/stage/stage_layout.h"

#include <algorithm>
#include <cmath>

#include <QFontMetrics>

#include "core/pool/window_trace.h"
#include "ui/model/session.h"

namespace poolscope::ui {

MapExtent inputExtent(const PipelineResult& r, int channel, const ChannelPlanes* planes)
{
    MapExtent e;
    e.rows = r.poolInputShape.height;
    e.cols = r.poolInputShape.width;
    // Only an op that reads padding pads (adaptive, global, fractional and LP never
    // do, whatever padding an earlier op left in the geometry).
    const bool pads = pool_op_traits(r.pool.op).padding;
    e.padH = pads ? r.geometry.padding.h : 0;
    e.padW = pads ? r.geometry.padding.w : 0;
    e.ghostTop = e.ghostBottom = e.padH;
    e.ghostLeft = e.ghostRight = e.padW;
    const int oh = r.outputShape.height, ow = r.outputShape.width;
    if (e.empty() || oh == 0 || ow == 0 || (!planes && r.poolInput.empty()))
        return e;
    // The corner windows reach furthest out; the trace says which taps exist.
    for (int oy : {0, oh - 1}) {
        for (int ox : {0, ow - 1}) {
            try {
                const WindowTrace t = planes ? planes->trace(oy, ox)
                                             : trace(r.poolInput.for_reading(), r.pool, channel, oy, ox);
                for (const Tap& tap : t.taps) {
                    e.ghostTop = std::max(e.ghostTop, -tap.y);
                    e.ghostLeft = std::max(e.ghostLeft, -tap.x);
                    e.ghostBottom = std::max(e.ghostBottom, tap.y - (e.rows - 1));
                    e.ghostRight = std::max(e.ghostRight, tap.x - (e.cols - 1));
                }
            } catch (const std::exception&) {
                // No trace for this op: the padding alone is drawn.
            }
        }
    }
    return e;
}

MapExtent outputExtent(const PipelineResult& r)
{
    MapExtent e;
    e.rows = r.outputShape.height;
    e.cols = r.outputShape.width;
    return e;
}

StageLayout layoutStage(QSize size, const QFont& font, const MapExtent& in, const MapExtent& out,
                        bool stacked)
{
    const QFontMetrics fm(font);
    const int margin = std::max(6, fm.height() / 2);
    StageLayout l;
    l.stacked = stacked;
    // A bold title line a little larger than the text, a plain line, and air.
    l.titleHeight = int(std::ceil(fm.height() * 2.9));
    // The colour bar: the bar, its labels, and air.
    l.barHeight = int(std::ceil(fm.height() * 2.6));
    const QRect area(margin, margin, std::max(0, size.width() - 2 * margin),
                     std::max(0, size.height() - 2 * margin));

    // Room for the connector between the maps.
    const int gap = stacked ? fm.height() * 2 : std::max(fm.height() * 5 / 2, size.width() / 24);
    const QSizeF ei = in.cells(), eo = out.cells();
    if (!stacked) {
        const int mapsW = std::max(0, area.width() - gap);
        // Panels share the width as the maps do, but the output keeps room for its title.
        const double inW = std::max(1.0, ei.width()), outW = std::max(1.0, eo.width());
        const double share = std::clamp(inW / (inW + outW), 0.5, 0.72);
        const int inPanelW = int(std::round(mapsW * share));
        l.inputPanel = QRect(area.left(), area.top(), inPanelW, area.height());
        l.outputPanel = QRect(area.left() + inPanelW + gap, area.top(), mapsW - inPanelW, area.height());
    } else {
        const int mapsH = std::max(0, area.height() - gap - 2 * l.titleHeight - l.barHeight);
        const double inH = std::max(1.0, ei.height()), outH = std::max(1.0, eo.height());
        const double share = std::clamp(inH / (inH + outH), 0.5, 0.72);
        const int inPanelH = int(std::round(mapsH * share)) + l.titleHeight;
        l.inputPanel = QRect(area.left(), area.top(), area.width(), inPanelH);
        l.outputPanel = QRect(area.left(), area.top() + inPanelH + gap, area.width(),
                              std::max(0, area.height() - inPanelH - gap));
    }
    return l;
}

StageLayout layoutStage(QSize size, const QFont& font, const MapExtent& in, const MapExtent& out)
{
    const StageLayout beside = layoutStage(size, font, in, out, false);
    const StageLayout stacked = layoutStage(size, font, in, out, true);
    // Stacking must win clearly: side by side reads more naturally (left to right).
    return fitZoom(stacked, in, out) > 1.15 * fitZoom(beside, in, out) ? stacked : beside;
}

double fitZoom(const StageLayout& layout, const MapExtent& in, const MapExtent& out)
{
    // Cells bigger than this only waste the room for the connector and labels.
    constexpr double kMaxFitZoom = 160.0;
    const QRect vi = layout.inputViewport(), vo = layout.outputViewport();
    const QSizeF ei = in.cells(), eo = out.cells();
    double z = kMaxFitZoom;
    if (!ei.isEmpty())
        z = std::min({z, vi.width() / ei.width(), vi.height() / ei.height()});
    if (!eo.isEmpty())
        z = std::min({z, vo.width() / eo.width(), vo.height() / eo.height()});
    return std::max(0.05, z * 0.97);
}

QRectF MapPlacement::cellRect(int y, int x) const
{
    return QRectF(origin.x() + (x + extent.ghostLeft) * zoom, origin.y() + (y + extent.ghostTop) * zoom, zoom,
                  zoom);
}

QRectF MapPlacement::cellsRect(const QRectF& cells) const
{
    return QRectF(origin.x() + (cells.x() + extent.ghostLeft) * zoom,
                  origin.y() + (cells.y() + extent.ghostTop) * zoom, cells.width() * zoom,
                  cells.height() * zoom);
}

std::optional<QPoint> MapPlacement::cellAt(QPointF p, bool withGhosts) const
{
    if (!viewport.contains(p) || zoom <= 0)
        return std::nullopt;
    const int x = int(std::floor((p.x() - origin.x()) / zoom)) - extent.ghostLeft;
    const int y = int(std::floor((p.y() - origin.y()) / zoom)) - extent.ghostTop;
    const bool inMap = x >= 0 && y >= 0 && x < extent.cols && y < extent.rows;
    const bool inGhost = x >= -extent.ghostLeft && y >= -extent.ghostTop &&
                         x < extent.cols + extent.ghostRight && y < extent.rows + extent.ghostBottom;
    if (inMap || (withGhosts && inGhost))
        return QPoint(x, y);
    return std::nullopt;
}

QPointF MapPlacement::focus() const
{
    const QSizeF e = extent.cells();
    const QPointF c = viewport.center();
    return QPointF((c.x() - origin.x()) / std::max(e.width() * zoom, 1e-9),
                   (c.y() - origin.y()) / std::max(e.height() * zoom, 1e-9));
}

bool MapPlacement::fits() const
{
    const QSizeF e = extent.cells();
    // A hair of tolerance: a fitted map may round to a fraction of a pixel over.
    return e.width() * zoom <= viewport.width() + 0.5 && e.height() * zoom <= viewport.height() + 0.5;
}

QRect MapPlacement::visibleCells() const
{
    const QSizeF e = extent.cells();
    const int x0 = std::max(0, int(std::floor((viewport.left() - origin.x()) / zoom)));
    const int y0 = std::max(0, int(std::floor((viewport.top() - origin.y()) / zoom)));
    const int x1 = std::min(int(e.width()), int(std::ceil((viewport.right() - origin.x()) / zoom)));
    const int y1 = std::min(int(e.height()), int(std::ceil((viewport.bottom() - origin.y()) / zoom)));
    if (x1 <= x0 || y1 <= y0)
        return {};
    return QRect(x0 - extent.ghostLeft, y0 - extent.ghostTop, x1 - x0, y1 - y0);
}

QRect MapPlacement::cellsTouching(const QRectF& screen) const
{
    const QRectF a = screen.normalized().intersected(viewport);
    if (a.isEmpty() || zoom <= 0)
        return {};
    const int x0 = int(std::floor((a.left() - origin.x()) / zoom)) - extent.ghostLeft;
    const int y0 = int(std::floor((a.top() - origin.y()) / zoom)) - extent.ghostTop;
    const int x1 = int(std::ceil((a.right() - origin.x()) / zoom)) - extent.ghostLeft;
    const int y1 = int(std::ceil((a.bottom() - origin.y()) / zoom)) - extent.ghostTop;
    return QRect(x0, y0, x1 - x0, y1 - y0).intersected(QRect(0, 0, extent.cols, extent.rows));
}

MapPlacement placeMap(const QRectF& viewport, const MapExtent& extent, double zoom, QPointF focus)
{
    MapPlacement m;
    m.viewport = viewport;
    m.extent = extent;
    m.zoom = zoom;
    const QSizeF e = extent.cells();
    const QPointF c = viewport.center();
    // The focus point sits at the viewport centre, but a map never leaves room
    // unused: larger than its viewport it covers it, smaller it is centred.
    const auto axis = [](double centre, double f, double cells, double z, double lo, double hi) {
        const double size = cells * z;
        if (size <= hi - lo)
            return centre - size / 2;
        return std::clamp(centre - f * size, hi - size, lo);
    };
    m.origin = QPointF(axis(c.x(), focus.x(), e.width(), zoom, viewport.left(), viewport.right()),
                       axis(c.y(), focus.y(), e.height(), zoom, viewport.top(), viewport.bottom()));
    return m;
}

} // namespace poolscope::ui
