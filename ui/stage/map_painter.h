#pragma once
// The stage's painting code, used alike by the widgets (on screen) and by
// StageView::renderFrame (off screen, for export): one code path, one look.
#include <optional>
#include <vector>

#include <QColor>
#include <QFont>
#include <QImage>
#include <QPalette>
#include <QPoint>
#include <QRect>
#include <QStringList>

#include <opencv2/core.hpp>

#include "core/color/colormap.h"
#include "core/tensor/tensor_view.h"
#include "ui/stage/stage_frame.h"
#include "ui/stage/stage_layout.h"

class QPainter;

namespace poolscope::ui {

// Colours and fonts of the stage, from the theme's palette and the widget font.
struct StageStyle {
    QColor background, text, ghost, grid, pendingFill;
    QColor frame, halo, chosen, hover;
    QFont font, titleFont;
    double stroke = 1.0; // the window's and the cursor's line widths, scaled (presentation: thicker)
    static StageStyle from(const QPalette& palette, const QFont& font);
};

// How cell values are written at a zoom: font size and decimals; fontPx 0 = not written.
struct ValueFormat {
    double fontPx = 0;
    int decimals = 0;
    bool visible() const { return fontPx > 0; }
};
// Largest readable font and most decimals that fit every value of `range` in a cell.
ValueFormat chooseValueFormat(double cellPx, const QFont& font, ValueRange range);
QString formatValue(float v, int decimals);

// The map itself: ghost cells, the colourised image (visible part only, nearest
// neighbour; an image smaller than the map, a thumbnail standing in, is
// stretched over it), grid lines and values when cells are big enough, a border.
// `halvings`: the image halved again and again (may be empty); a map drawn small
// is drawn from the smallest of them that still has a pixel per screen pixel.
void paintMapBase(QPainter& p, const MapPlacement& m, const QImage& image,
                  const std::vector<QImage>& halvings, ConstPlaneView values, const StageStyle& s,
                  const ValueFormat& f);

// Output cells after `step` in raster order are not computed yet: shown empty.
void paintPending(QPainter& p, const MapPlacement& out, const QRect& sweep, int step, const StageStyle& s);

// A region of interest: the map outside `cells` dimmed, a dashed frame around them.
void paintRegion(QPainter& p, const MapPlacement& m, const QRect& cells, const StageStyle& s);

// The current window on the input: taps (moving with the glide), the chosen
// cell, per-tap weights as shade and labels, and the window's frame.
void paintWindow(QPainter& p, const MapPlacement& in, const StageFrame& frame, const StageStyle& s);

// The output cell being written.
void paintOutputCursor(QPainter& p, const MapPlacement& out, const StageFrame& frame, const StageStyle& s);

// Cells linked to the hovered cell, and the hovered cell itself.
void paintHover(QPainter& p, const MapPlacement& m, const std::vector<QPoint>& lit,
                std::optional<QPoint> hovered, const StageStyle& s);

// Curve with an arrow from the window to the output cell it writes (rightwards
// when the output is beside the input, downwards when it is below).
void paintConnector(QPainter& p, const MapPlacement& in, const MapPlacement& out, const StageFrame& frame,
                    const StageStyle& s);

// A map's title: the heading in bold ("Output  14 x 14"), the detail below it.
struct MapTitle {
    QString heading, detail;
};
// How a title fits its rect without losing a word: each part on one line at
// its font, or shrunk down to a readable minimum, or (the detail) wrapped
// between words onto a second line. Lines in the rect's coordinates.
struct TitleLayout {
    QFont headingFont, detailFont;
    QStringList headingLines, detailLines;
    std::vector<QRect> headingRects, detailRects;
};
TitleLayout layoutTitle(const QRect& rect, const MapTitle& title, const StageStyle& s);
void paintTitle(QPainter& p, const QRect& rect, const MapTitle& title, const StageStyle& s);

// Horizontal colour bar with its value range (and 0 on a diverging map), at the
// top left of rect.
void paintColorBar(QPainter& p, const QRect& rect, ValueRange range, ColorMap map, const StageStyle& s);

} // namespace poolscope::ui
