#pragma once
// The current window's arithmetic written on the canvas beside the window, e.g.
// "max(0.12, 0.80, 0.33, 0.45) = 0.80", large enough for the back of a room.
// One painting function for the screen and for exported frames.
#include <QFont>
#include <QRectF>
#include <QString>
#include <QStringList>

class QPainter;

namespace poolscope::ui {

struct StageStyle;

struct ArithmeticCaption {
    QString text;      // the whole arithmetic, as the math panel writes it
    QStringList lines; // one or two, broken only between terms
    QFont font;
    QRectF box; // where the caption is painted (its lines, with a margin)
    bool empty() const { return text.isEmpty(); }
};

// Lays `text` out at `fontPx` pixels in at most two lines no wider than `area`,
// beside `window` (below it when there is room, else above it, else inside the
// area's bottom), all in the painter's coordinates.
ArithmeticCaption layoutArithmeticCaption(const QString& text, const QFont& font, double fontPx,
                                          const QRectF& window, const QRectF& area);

void paintArithmeticCaption(QPainter& p, const ArithmeticCaption& caption, const StageStyle& s);

// The step and the PyTorch layer as painted: lines no wider than the box (a long
// call broken after its commas or an opening parenthesis, the font shrunk only
// when one argument alone is too wide).
struct CanvasNote {
    QStringList lines;
    QFont font;
    double padding = 0;
    QRectF box;
};
CanvasNote layoutCanvasNote(const QStringList& lines, const QFont& font, const QRectF& area);

// A small dark box with light text (the step and the PyTorch layer), anchored at
// the bottom left of `area`; returns the box it painted.
QRectF paintCanvasNote(QPainter& p, const QStringList& lines, const QFont& font, const QRectF& area);

} // namespace poolscope::ui
