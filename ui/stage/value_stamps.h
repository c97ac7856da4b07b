#pragma once
// The cells' values, each text rendered once into a small image and stamped.
//
// QPainter::drawText() costs about 5 µs a value even with its layout kept
// (rasterising from the glyph cache is most of it): a thousand values in view
// made most of a frame, and a new result paints them all again. Maps repeat
// values and a value's text has few forms, so each text is rendered once per
// font, colour and quarter pixel and kept across frames and results; a stamp
// is a plain blit, about five times cheaper.
//
// A text is placed at a quarter of a device pixel across and a whole one down
// (drawText() rounds the baseline to a pixel and places glyphs at quarters), and
// is then the very pixels drawText() draws there.
#include <QColor>
#include <QFont>
#include <QHash>
#include <QImage>
#include <QString>

class QPainter;

namespace poolscope::ui {

class ValueStamps {
public:
    // The stamps of `font` at device pixel ratio `dpr`, for this thread (painting
    // happens on one thread at a time, the GUI's).
    static ValueStamps& forFont(const QFont& font, qreal dpr);

    // The advance drawText() would use for `text`.
    double width(const QString& text);
    // Draws `text` in `color` with its baseline starting at about `at` (see above),
    // from a stamp when the painter maps it onto whole device pixels; otherwise
    // (a rotated or scaled export) with drawText() at `at` itself.
    void draw(QPainter& p, const QPointF& at, const QString& text, const QColor& color);

private:
    ValueStamps(const QFont& font, qreal dpr);
    struct Stamp {
        QImage image;
        int originX = 0, baselineY = 0; // the text's start in the image, in device pixels
    };
    const Stamp& stamp(const QString& text, QRgb color, int quarter);

    QFont font_;
    qreal dpr_;
    QHash<QString, double> widths_;
    QHash<QString, Stamp> stamps_; // keyed by text, colour and quarter
    qint64 bytes_ = 0;
};

} // namespace poolscope::ui
