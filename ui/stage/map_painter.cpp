#include "ui/stage/map_painter.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <QFontMetrics>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QRegion>

#include "ui/model/session.h"
#include "ui/stage/value_stamps.h"

namespace poolscope::ui {

namespace {

// A line drawn twice, dark and wide under bright and narrow: readable on any colour map.
void strokeWithHalo(QPainter& p, const QRectF& r, const QColor& color, double width, const QColor& halo,
                    Qt::PenStyle style = Qt::SolidLine)
{
    p.setBrush(Qt::NoBrush);
    QPen under(halo, width + 3.0);
    under.setJoinStyle(Qt::MiterJoin);
    p.setPen(under);
    p.drawRect(r);
    QPen over(color, width, style);
    over.setJoinStyle(Qt::MiterJoin);
    p.setPen(over);
    p.drawRect(r);
}

// Black or white, whichever reads better on a cell of this colour.
QColor textOn(QRgb cell)
{
    const double luma = 0.299 * qRed(cell) + 0.587 * qGreen(cell) + 0.114 * qBlue(cell);
    return luma > 140 ? QColor(0, 0, 0) : QColor(255, 255, 255);
}

QRect expanded(const QRect& r, int by)
{
    return r.isEmpty() ? r : r.adjusted(-by, -by, by, by);
}

void drawGrid(QPainter& p, const MapPlacement& m, const QRect& cells, const QColor& color)
{
    if (cells.isEmpty())
        return;
    QList<QLineF> lines;
    lines.reserve(cells.width() + cells.height() + 2);
    const QRectF box = m.cellsRect(QRectF(cells));
    for (int x = cells.left(); x <= cells.left() + cells.width(); ++x) {
        const double sx = m.cellRect(0, x).left();
        lines.append(QLineF(sx, box.top(), sx, box.bottom()));
    }
    for (int y = cells.top(); y <= cells.top() + cells.height(); ++y) {
        const double sy = m.cellRect(y, 0).top();
        lines.append(QLineF(box.left(), sy, box.right(), sy));
    }
    QPen pen(color, 1.0);
    pen.setCosmetic(true);
    p.setPen(pen);
    p.drawLines(lines);
}

constexpr double kGridMinPx = 6.0; // below this the grid hides the picture

// `outer` less `inner` (which it contains) as four bands: above, below, left, right.
std::array<QRectF, 4> ring(const QRectF& outer, const QRectF& inner)
{
    return {QRectF(QPointF(outer.left(), outer.top()), QPointF(outer.right(), inner.top())),
            QRectF(QPointF(outer.left(), inner.bottom()), QPointF(outer.right(), outer.bottom())),
            QRectF(QPointF(outer.left(), inner.top()), QPointF(inner.left(), inner.bottom())),
            QRectF(QPointF(inner.right(), inner.top()), QPointF(outer.right(), inner.bottom()))};
}

} // namespace

StageStyle StageStyle::from(const QPalette& palette, const QFont& font)
{
    StageStyle s;
    s.background = palette.color(QPalette::Window);
    s.text = palette.color(QPalette::WindowText);
    const auto mix = [](QColor a, QColor b, double t) {
        return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                                float(a.greenF() * (1 - t) + b.greenF() * t),
                                float(a.blueF() * (1 - t) + b.blueF() * t));
    };
    s.ghost = mix(s.background, s.text, 0.10);
    s.grid = QColor(128, 128, 128, 110);
    s.pendingFill = s.background; // opaque: a cell not computed yet shows nothing
    s.frame = QColor(255, 255, 255);
    s.halo = QColor(0, 0, 0, 190);
    s.chosen = QColor(255, 166, 0);
    s.hover = QColor(0, 210, 255);
    s.font = font;
    s.titleFont = font;
    s.titleFont.setBold(true);
    if (font.pointSizeF() > 0)
        s.titleFont.setPointSizeF(font.pointSizeF() * 1.15);
    else
        s.titleFont.setPixelSize(int(std::round(font.pixelSize() * 1.15)));
    return s;
}

QString formatValue(float v, int decimals)
{
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    if (v == 0.0f)
        return QStringLiteral("0"); // exactly zero (e.g. after ReLU); "0.00" means small but not zero
    const double scale = std::pow(10.0, decimals);
    double r = std::round(double(v) * scale) / scale;
    if (r == 0.0)
        r = 0.0; // no "-0.00"
    return QString::number(r, 'f', decimals);
}

ValueFormat chooseValueFormat(double cellPx, const QFont& font, ValueRange range)
{
    constexpr double kMinFontPx = 9.0; // smaller is unreadable projected
    QFont f(font);
    f.setPixelSize(100);
    const QFontMetricsF fm(f);
    const float worst = std::max(std::abs(range.lo), std::abs(range.hi));
    const float sample = range.lo < 0 ? -worst : worst;
    const double room = cellPx * 0.88;
    const double px = std::min(cellPx * 0.34, 48.0);
    if (px < kMinFontPx)
        return {};
    for (int d = 3; d >= 0; --d) {
        const double w = std::max(fm.horizontalAdvance(formatValue(sample, d)),
                                  fm.horizontalAdvance(QStringLiteral("NaN"))) *
                         px / 100.0;
        if (w <= room)
            return {px, d};
    }
    const double w0 = fm.horizontalAdvance(formatValue(sample, 0)) * px / 100.0;
    const double shrunk = px * room / w0;
    if (shrunk >= kMinFontPx)
        return {shrunk, 0};
    return {};
}

void paintMapBase(QPainter& p, const MapPlacement& m, const QImage& image,
                  const std::vector<QImage>& halvings, ConstPlaneView values, const StageStyle& s,
                  const ValueFormat& f)
{
    const MapExtent& e = m.extent;
    if (e.empty() || image.isNull())
        return;
    p.save();
    p.setClipRect(m.viewport);

    // Ghost cells: hatched padding; the ceil_mode overhang past it dotted. Only
    // the ring around the map is filled: patterned fills cost per pixel, and the
    // picture covers the map itself.
    if (e.ghostTop || e.ghostLeft || e.ghostBottom || e.ghostRight) {
        const QRectF map = m.cellsRect(QRectF(0, 0, e.cols, e.rows));
        const QRectF all =
            m.cellsRect(QRectF(-e.ghostLeft, -e.ghostTop, e.cells().width(), e.cells().height()));
        const QRectF pad = m.cellsRect(QRectF(-e.padW, -e.padH, e.cols + 2 * e.padW, e.rows + 2 * e.padH));
        for (const QRectF& r : ring(all, map)) {
            p.fillRect(r, s.ghost);
            p.fillRect(r, QBrush(s.grid, Qt::Dense6Pattern));
        }
        for (const QRectF& r : ring(pad, map)) {
            p.fillRect(r, s.ghost);
            p.fillRect(r, QBrush(s.text, Qt::BDiagPattern));
        }
    }

    const QRect visible = m.visibleCells();
    const QRect visibleMap = visible.intersected(QRect(0, 0, e.cols, e.rows));
    if (!visibleMap.isEmpty()) {
        // Shown smaller than a pixel per cell: the smallest halving that still has
        // a pixel per screen pixel.
        const double dpr = p.device() ? p.device()->devicePixelRatio() : 1.0;
        const QImage* picture = &image;
        for (const QImage& h : halvings)
            if (h.width() >= e.cols * m.zoom * dpr && h.height() >= e.rows * m.zoom * dpr)
                picture = &h;
        // One pixel per cell, or fewer (a halving, or a thumbnail standing in while
        // the map is computed).
        const double sx = double(picture->width()) / e.cols, sy = double(picture->height()) / e.rows;
        const QRectF source(visibleMap.x() * sx, visibleMap.y() * sy, visibleMap.width() * sx,
                            visibleMap.height() * sy);
        // Cells are squares of one colour: nearest neighbour when enlarging them;
        // a stand-in is smoothed, its pixels are not cells.
        p.setRenderHint(QPainter::SmoothPixmapTransform, m.zoom < sx || image.width() < e.cols);
        p.drawImage(m.cellsRect(QRectF(visibleMap)), *picture, source);
    }
    if (m.zoom >= kGridMinPx)
        drawGrid(p, m, visible, s.grid);

    if (f.visible() && !visibleMap.isEmpty() && !values.empty() && values.rows() == e.rows &&
        values.cols() == e.cols && image.width() == e.cols && image.height() == e.rows) {
        QFont font = s.font;
        font.setPixelSize(std::max(1, int(std::round(f.fontPx))));
        p.setFont(font);
        // Each text rendered once and stamped (value_stamps.h), centred in its cell.
        const QFontMetricsF fm(font, p.device());
        const double baseline = (fm.ascent() - fm.descent()) / 2;
        const double dpr = p.device() ? p.device()->devicePixelRatio() : 1.0;
        ValueStamps& stamps = ValueStamps::forFont(font, dpr);
        p.setRenderHint(QPainter::SmoothPixmapTransform, false);
        for (int y = visibleMap.top(); y <= visibleMap.bottom(); ++y) {
            const float* row = values.row(y);
            for (int x = visibleMap.left(); x <= visibleMap.right(); ++x) {
                const QString text = formatValue(row[x], f.decimals);
                const QPointF c = m.cellRect(y, x).center();
                stamps.draw(p, QPointF(c.x() - stamps.width(text) / 2, c.y() + baseline), text,
                            textOn(image.pixel(x, y)));
            }
        }
    }

    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(QPen(s.text, 1.5));
    p.setBrush(Qt::NoBrush);
    p.drawRect(m.cellsRect(QRectF(0, 0, e.cols, e.rows)));
    p.restore();
}

void paintPending(QPainter& p, const MapPlacement& out, const QRect& sweep, int step, const StageStyle& s)
{
    if (out.extent.empty() || sweep.isEmpty())
        return;
    const int w = sweep.width(), total = w * sweep.height();
    if (step >= total - 1)
        return;
    // Raster order inside the sweep: the rest of the current row, then the rows below.
    const int row = (step + 1) / w, col = (step + 1) % w;
    const QPoint at = sweep.topLeft();
    QList<QRect> pending;
    if (col > 0) {
        pending.append(QRect(at.x() + col, at.y() + row, w - col, 1));
        if (row + 1 < sweep.height())
            pending.append(QRect(at.x(), at.y() + row + 1, w, sweep.height() - row - 1));
    } else {
        pending.append(QRect(at.x(), at.y() + row, w, sweep.height() - row));
    }
    p.save();
    p.setClipRect(out.viewport);
    for (const QRect& cells : pending)
        p.fillRect(out.cellsRect(QRectF(cells)), s.pendingFill);
    if (out.zoom >= kGridMinPx) {
        // Empty cells keep a faint grid: the output's shape is known before its values.
        QColor faint = s.grid;
        faint.setAlpha(s.grid.alpha() / 2);
        const QRect visible = out.visibleCells();
        for (const QRect& cells : pending)
            drawGrid(p, out, cells.intersected(visible), faint);
    }
    p.restore();
}

void paintRegion(QPainter& p, const MapPlacement& m, const QRect& cells, const StageStyle& s)
{
    const MapExtent& e = m.extent;
    if (e.empty() || cells.isEmpty())
        return;
    const QRectF all = m.cellsRect(QRectF(0, 0, e.cols, e.rows));
    const QRectF inside = m.cellsRect(QRectF(cells));
    QColor veil = s.background;
    veil.setAlpha(170);
    p.save();
    p.setClipRect(m.viewport);
    p.setRenderHint(QPainter::Antialiasing, false);
    QRegion outside = QRegion(all.toAlignedRect()) - QRegion(inside.toAlignedRect());
    for (const QRect& r : outside)
        p.fillRect(r, veil);
    // In the text's colour, not the window's: the region is the stage, not the actor.
    strokeWithHalo(p, inside, s.text, 2.0 * s.stroke, s.halo, Qt::DashLine);
    p.restore();
}

void paintWindow(QPainter& p, const MapPlacement& in, const StageFrame& frame, const StageStyle& s)
{
    if (!frame.trace || frame.trace->taps.empty())
        return;
    const WindowTrace& t = *frame.trace;
    const QRectF bounds = traceBounds(t);
    // The taps travel with the gliding frame; what they mean fades as they leave.
    const QPointF shift = frame.window.topLeft() - bounds.topLeft();
    const double detail = 1.0 - frame.glide;
    const QRect visible = expanded(in.visibleCells(), 1);
    const bool dense = double(t.taps.size()) == bounds.width() * bounds.height();

    double wmax = 0;
    int weighted = 0;
    for (const Tap& tap : t.taps) {
        wmax = std::max(wmax, tap.weight);
        weighted += tap.weight > 0;
    }
    // Several taps share the result (avg, LP, SoftPool, ...): show each one's share.
    const bool spread = weighted > 1 && wmax > 0;

    p.save();
    p.setClipRect(in.viewport);
    p.setRenderHint(QPainter::Antialiasing, true);

    const auto tapRect = [&](const Tap& tap) {
        return in.cellsRect(QRectF(tap.x + shift.x(), tap.y + shift.y(), 1, 1));
    };
    const auto isVisible = [&](const Tap& tap) { return visible.contains(tap.x, tap.y); };

    if (spread && detail > 0) {
        for (const Tap& tap : t.taps) {
            if (!isVisible(tap))
                continue;
            const double shade = (1.0 - tap.weight / wmax) * 0.6 * detail;
            if (shade > 0.01)
                p.fillRect(tapRect(tap), QColor(0, 0, 0, int(255 * shade)));
        }
    }

    // Outline each tap when they are apart (dilation) or big enough to tell apart.
    const bool outlineTaps = (!dense || in.zoom >= 10) && t.taps.size() <= 40000;
    if (outlineTaps) {
        for (const Tap& tap : t.taps) {
            if (!isVisible(tap))
                continue;
            const QRectF r = tapRect(tap).adjusted(1.5, 1.5, -1.5, -1.5);
            strokeWithHalo(p, r, s.frame, dense ? 1.2 : 2.0, s.halo,
                           tap.inside ? Qt::SolidLine : Qt::DashLine);
        }
    }

    if (detail > 0 && t.chosen >= 0 && t.chosen < int(t.taps.size())) {
        const QRectF r = tapRect(t.taps[std::size_t(t.chosen)]).adjusted(2, 2, -2, -2);
        QColor fill = s.chosen;
        fill.setAlphaF(float(0.35 * detail));
        p.fillRect(r, fill);
        QColor c = s.chosen;
        c.setAlphaF(float(detail));
        QColor h = s.halo;
        h.setAlphaF(float(h.alphaF() * detail));
        strokeWithHalo(p, r, c, std::max(3.0, in.zoom * 0.07) * s.stroke, h);
    }

    if (spread && detail > 0 && in.zoom >= 48) {
        QFont font = s.font;
        font.setPixelSize(std::max(9, int(in.zoom * 0.2)));
        p.setFont(font);
        const QFontMetricsF fm(font);
        for (const Tap& tap : t.taps) {
            if (!isVisible(tap))
                continue;
            const QRectF cell = tapRect(tap);
            const QString label = QStringLiteral("\u00d7") + QString::number(tap.weight, 'g', 2);
            const double w = fm.horizontalAdvance(label) + 4, h = fm.height();
            const QRectF box(cell.center().x() - w / 2, cell.bottom() - h - 3, w, h);
            p.setPen(Qt::NoPen);
            p.setBrush(QColor(0, 0, 0, int(170 * detail)));
            p.drawRoundedRect(box, 3, 3);
            p.setPen(QColor(255, 255, 255, int(255 * detail)));
            p.drawText(box, Qt::AlignCenter, label);
        }
    }

    // The frame: solid around a dense window; dashed and thin when dilation
    // leaves gaps, so only the taps read as "the window".
    const QRectF frameRect = in.cellsRect(frame.window);
    if (dense)
        strokeWithHalo(p, frameRect, s.frame, std::max(3.0, in.zoom * 0.06) * s.stroke, s.halo);
    else
        strokeWithHalo(p, frameRect, s.frame, 1.0, QColor(0, 0, 0, 90), Qt::DashLine);
    p.restore();
}

void paintOutputCursor(QPainter& p, const MapPlacement& out, const StageFrame& frame, const StageStyle& s)
{
    if (!frame.valid())
        return;
    p.save();
    p.setClipRect(out.viewport);
    p.setRenderHint(QPainter::Antialiasing, true);
    strokeWithHalo(p, out.cellsRect(frame.outputCell), s.frame, std::max(3.0, out.zoom * 0.06) * s.stroke,
                   s.halo);
    p.restore();
}

void paintHover(QPainter& p, const MapPlacement& m, const std::vector<QPoint>& lit,
                std::optional<QPoint> hovered, const StageStyle& s)
{
    if (lit.empty() && !hovered)
        return;
    p.save();
    p.setClipRect(m.viewport);
    const QRect visible = expanded(m.visibleCells(), 1);
    QColor fill = s.hover;
    fill.setAlpha(110);
    for (const QPoint& c : lit) {
        if (!visible.contains(c))
            continue;
        const QRectF r = m.cellRect(c.y(), c.x());
        p.fillRect(r, fill);
        if (m.zoom >= 10) {
            p.setPen(QPen(s.hover, 1.5));
            p.setBrush(Qt::NoBrush);
            p.drawRect(r.adjusted(1, 1, -1, -1));
        }
    }
    if (hovered) {
        p.setRenderHint(QPainter::Antialiasing, true);
        strokeWithHalo(p, m.cellRect(hovered->y(), hovered->x()), s.hover, std::max(2.5, m.zoom * 0.06),
                       s.halo);
    }
    p.restore();
}

void paintConnector(QPainter& p, const MapPlacement& in, const MapPlacement& out, const StageFrame& frame,
                    const StageStyle& s)
{
    if (!frame.valid() || frame.window.isEmpty())
        return;
    const QRectF from = in.cellsRect(frame.window);
    const QRectF to = out.cellsRect(frame.outputCell);
    const auto clampTo = [](QPointF pt, const QRectF& r) {
        return QPointF(std::clamp(pt.x(), r.left(), r.right()), std::clamp(pt.y(), r.top(), r.bottom()));
    };
    // Beside: leave the window's right side, enter the cell's left. Below: bottom to top.
    const bool down = out.viewport.top() >= in.viewport.bottom();
    const QPointF dir = down ? QPointF(0, 1) : QPointF(1, 0);
    const QPointF side(dir.y(), dir.x()); // across the arrow
    const QPointF start =
        down ? QPointF(from.center().x(), from.bottom()) : QPointF(from.right(), from.center().y());
    const QPointF end = down ? QPointF(to.center().x(), to.top()) : QPointF(to.left(), to.center().y());
    // A connector to somewhere off screen would only point at an edge.
    if (!in.viewport.adjusted(-3, -3, 3, 3).contains(start) ||
        !out.viewport.adjusted(-3, -3, 3, 3).contains(end))
        return;
    const QPointF a = clampTo(start, in.viewport), b = clampTo(end, out.viewport);
    const double arrow = std::clamp(in.zoom * 0.4, 10.0, 22.0);
    const QPointF tip = b - dir * 2.0;
    const QPointF base = tip - dir * arrow;
    const QPointF span = base - a;
    const double bend = std::max(40.0, (down ? span.y() : span.x()) * 0.5);

    QPainterPath curve(a);
    curve.cubicTo(a + dir * bend, base - dir * bend, base);
    QPainterPath head;
    head.moveTo(tip);
    head.lineTo(base - side * (arrow * 0.55));
    head.lineTo(base + side * (arrow * 0.55));
    head.closeSubpath();

    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(s.halo, 6.5, Qt::SolidLine, Qt::RoundCap));
    p.drawPath(curve);
    p.setPen(QPen(s.halo, 3.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(s.halo);
    p.drawPath(head);
    p.setPen(QPen(s.frame, 3.0, Qt::SolidLine, Qt::RoundCap));
    p.setBrush(Qt::NoBrush);
    p.drawPath(curve);
    p.setPen(Qt::NoPen);
    p.setBrush(s.frame);
    p.drawPath(head);
    p.drawEllipse(a, 4.5, 4.5);
    p.restore();
}

namespace {

QFont scaledFont(const QFont& f, double factor)
{
    QFont g(f);
    if (f.pointSizeF() > 0)
        g.setPointSizeF(f.pointSizeF() * factor);
    else
        g.setPixelSize(std::max(1, int(std::round(f.pixelSize() * factor))));
    return g;
}

// The largest of the font's sizes down to kMinTitleScale at which `text` fits `width`.
QFont fittingFont(const QFont& font, const QString& text, int width)
{
    constexpr double kMinTitleScale = 0.75; // smaller no longer reads from the back of a room
    for (double k = 1.0;; k -= 0.05) {
        const QFont f = scaledFont(font, std::max(k, kMinTitleScale));
        if (k <= kMinTitleScale || QFontMetrics(f).horizontalAdvance(text) <= width)
            return f;
    }
}

// Greedy wrap between the comma-separated terms (a term is never split).
QStringList wrapTerms(const QString& text, const QFontMetrics& fm, int width)
{
    QStringList lines;
    QString line;
    for (const QString& term : text.split(QStringLiteral(", "))) {
        const QString joined = line.isEmpty() ? term : line + QStringLiteral(", ") + term;
        if (line.isEmpty() || fm.horizontalAdvance(joined) <= width) {
            line = joined;
        } else {
            lines << line + QLatin1Char(',');
            line = term;
        }
    }
    if (!line.isEmpty())
        lines << line;
    return lines;
}

} // namespace

TitleLayout layoutTitle(const QRect& rect, const MapTitle& title, const StageStyle& s)
{
    TitleLayout t;
    const int w = rect.width();
    t.headingFont = fittingFont(s.titleFont, title.heading, w);
    t.detailFont = fittingFont(s.font, title.detail, w);
    const QFontMetrics heading(t.headingFont), detail(t.detailFont);
    t.headingLines = heading.horizontalAdvance(title.heading) <= w ? QStringList{title.heading}
                                                                   : wrapTerms(title.heading, heading, w);
    if (title.detail.isEmpty())
        t.detailLines = {};
    else if (detail.horizontalAdvance(title.detail) <= w)
        t.detailLines = {title.detail};
    else
        t.detailLines = wrapTerms(title.detail, detail, w);
    int y = rect.top();
    for (int i = 0; i < t.headingLines.size(); ++i, y += heading.height())
        t.headingRects.emplace_back(rect.left(), y, w, heading.height());
    for (int i = 0; i < t.detailLines.size(); ++i, y += detail.height())
        t.detailRects.emplace_back(rect.left(), y, w, detail.height());
    return t;
}

void paintTitle(QPainter& p, const QRect& rect, const MapTitle& title, const StageStyle& s)
{
    const TitleLayout t = layoutTitle(rect, title, s);
    p.save();
    p.setPen(s.text);
    p.setFont(t.headingFont);
    for (int i = 0; i < t.headingLines.size(); ++i)
        p.drawText(t.headingRects[std::size_t(i)], Qt::AlignLeft | Qt::AlignVCenter, t.headingLines[i]);
    p.setFont(t.detailFont);
    for (int i = 0; i < t.detailLines.size(); ++i)
        p.drawText(t.detailRects[std::size_t(i)], Qt::AlignLeft | Qt::AlignVCenter, t.detailLines[i]);
    p.restore();
}

void paintColorBar(QPainter& p, const QRect& rect, ValueRange range, ColorMap map, const StageStyle& s)
{
    const QFontMetrics fm(s.font);
    const int barW = std::min(rect.width() - fm.height(), fm.height() * 16);
    if (barW <= fm.height() * 3 || rect.height() < fm.height() * 2)
        return;
    const QRect bar(rect.left() + fm.height() / 2, rect.top(), barW, fm.height() * 4 / 5);

    QImage ramp(256, 1, QImage::Format_RGB888);
    for (int i = 0; i < 256; ++i) {
        const cv::Vec3b c = colormap_color(map, i / 255.0); // low values on the left
        ramp.setPixel(i, 0, qRgb(c[0], c[1], c[2]));
    }
    p.save();
    p.setRenderHint(QPainter::SmoothPixmapTransform, true);
    p.drawImage(bar, ramp);
    p.setPen(QPen(s.text, 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(bar);

    p.setFont(s.font);
    const auto label = [&](double v, double t) {
        const int x = bar.left() + int(std::round(t * bar.width()));
        p.drawLine(x, bar.bottom(), x, bar.bottom() + fm.height() / 4);
        const QString text = QString::number(v, 'g', 4);
        const int w = fm.horizontalAdvance(text);
        // End labels sit inside the bar's span; the middle one is centred on its tick.
        const int textLeft = t <= 0 ? x : t >= 1 ? x - w : x - w / 2;
        p.drawText(QRect(textLeft, bar.bottom() + fm.height() / 4, w + 1, fm.height()), Qt::AlignCenter,
                   text);
    };
    if (map == ColorMap::Diverging) {
        // colorize() spreads the diverging map over [-m, m] so 0 is white: label that.
        const double m = std::max(std::abs(range.lo), std::abs(range.hi));
        label(-m, 0.0);
        label(0.0, 0.5);
        label(m, 1.0);
    } else {
        label(range.lo, 0.0);
        label(range.hi, 1.0);
    }
    p.restore();
}

} // namespace poolscope::ui
