#pragma once
// Where things go on the stage: the two map panels side by side, the colour bar,
// and where each map's cells land on screen for a given zoom and pan. Pure
// geometry, shared by the widgets and the off-screen renderer.
#include <optional>

#include <QFont>
#include <QPointF>
#include <QRect>
#include <QRectF>
#include <QSize>

namespace poolscope::ui {

struct PipelineResult;
struct ChannelPlanes;

// A map's cells plus the ghost cells drawn around it (padding and, when ceil_mode
// lets the last window hang over, the overhang past the padding).
struct MapExtent {
    int rows = 0, cols = 0;
    int ghostTop = 0, ghostLeft = 0, ghostBottom = 0, ghostRight = 0;
    int padH = 0, padW = 0; // true padding; ghost cells beyond it are overhang
    QSizeF cells() const { return QSizeF(cols + ghostLeft + ghostRight, rows + ghostTop + ghostBottom); }
    bool empty() const { return rows == 0 || cols == 0; }
};

// The pool input of the focused channel: ghost cells from the padding and from
// the windows' reach (taps of the corner windows, as the trace reports them, on
// `planes` or on the pool input the result holds; the padding alone without either).
MapExtent inputExtent(const PipelineResult& r, int channel, const ChannelPlanes* planes = nullptr);
MapExtent outputExtent(const PipelineResult& r);

struct StageLayout {
    // A panel is the map's viewport with room for its title above (two lines: what
    // the map is, then which channel or which pool) and, under the output, the
    // colour bar. Title and bar follow the map's edges when it is smaller than
    // its viewport, so they stay next to it.
    QRect inputPanel, outputPanel;
    int titleHeight = 0;
    int barHeight = 0;    // output panel only
    bool stacked = false; // output below the input (narrow stages) instead of beside it
    QRect inputViewport() const { return inputPanel.adjusted(0, titleHeight, 0, 0); }
    QRect outputViewport() const { return outputPanel.adjusted(0, titleHeight, 0, -barHeight); }
};

// Splits `size` for maps of the given extents; the font sets titles and margins.
// The maps go side by side or one above the other, whichever shows cells larger.
StageLayout layoutStage(QSize size, const QFont& font, const MapExtent& in, const MapExtent& out);
StageLayout layoutStage(QSize size, const QFont& font, const MapExtent& in, const MapExtent& out,
                        bool stacked);

// The largest zoom showing both maps whole (capped so a 2x2 map is not a poster).
double fitZoom(const StageLayout& layout, const MapExtent& in, const MapExtent& out);

// One map placed in a viewport at a zoom (px per cell) and normalised focus.
struct MapPlacement {
    QRectF viewport;
    MapExtent extent;
    double zoom = 1;
    QPointF origin; // screen position of the extent's top-left ghost corner

    // Screen rect of map cell (y, x); ghost cells have negative or >= size coordinates.
    QRectF cellRect(int y, int x) const;
    // Screen rect of a rectangle given in map cell coordinates (x, y, w, h).
    QRectF cellsRect(const QRectF& cells) const;
    // Map cell under a screen point: real cells only unless withGhosts.
    std::optional<QPoint> cellAt(QPointF p, bool withGhosts = false) const; // QPoint(x, y)
    // The normalised pan that places the map where it is (what placeMap made of the focus asked for).
    QPointF focus() const;
    // The whole map, ghosts included, shows in the viewport.
    bool fits() const;
    // Range of cells (map coordinates, ghosts included) that touch the viewport.
    QRect visibleCells() const; // x, y, width, height in cells; may be empty
    // The map's real cells (no ghosts) that a screen rectangle touches inside the viewport.
    QRect cellsTouching(const QRectF& screen) const;
};

// The focus (0..1 of the extent) goes to the viewport's centre, as far as the
// map can go: a map larger than its viewport always covers it, a smaller one is centred.
MapPlacement placeMap(const QRectF& viewport, const MapExtent& extent, double zoom, QPointF focus);

} // namespace poolscope::ui
