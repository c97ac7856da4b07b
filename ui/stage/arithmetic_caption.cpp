#include "ui/stage/arithmetic_caption.h"

#include <algorithm>

#include <QFontMetricsF>
#include <QPainter>
#include <QRegularExpression>

#include "ui/stage/map_painter.h"

namespace poolscope::ui {

namespace {

// The terms of an arithmetic line: a break may follow ", " or come before " + ",
// " * " or " = ", never inside a number.
QStringList terms(const QString& text)
{
    static const QRegularExpression breaks(QStringLiteral("(?<=, )|(?= [+*=/] )"));
    return text.split(breaks, Qt::SkipEmptyParts);
}

// Greedy: as many terms on the first line as fit, the rest on the second.
QStringList twoLines(const QString& text, const QFontMetricsF& fm, double width)
{
    if (fm.horizontalAdvance(text) <= width)
        return {text};
    const QStringList t = terms(text);
    QString first;
    int i = 0;
    for (; i < t.size(); ++i) {
        if (i > 0 && fm.horizontalAdvance(first + t[i]) > width)
            break;
        first += t[i];
    }
    QString rest;
    for (; i < t.size(); ++i)
        rest += t[i];
    if (rest.isEmpty())
        return {first.trimmed()};
    return {first.trimmed(), rest.trimmed()};
}

} // namespace

ArithmeticCaption layoutArithmeticCaption(const QString& text, const QFont& font, double fontPx,
                                          const QRectF& window, const QRectF& area)
{
    ArithmeticCaption c;
    c.text = text;
    if (text.isEmpty() || area.isEmpty())
        return c;
    c.font = font;
    c.font.setPixelSize(std::max(1, int(std::round(fontPx))));
    c.font.setBold(true);
    const QFontMetricsF fm(c.font);
    const double pad = fm.height() * 0.3;
    c.lines = twoLines(text, fm, area.width() - 2 * pad);
    double w = 0;
    for (const QString& line : c.lines)
        w = std::max(w, fm.horizontalAdvance(line));
    const QSizeF size(w + 2 * pad, fm.height() * c.lines.size() + 2 * pad);
    const double gap = fm.height() * 0.3;
    const double x = std::clamp(window.center().x() - size.width() / 2, area.left(),
                                std::max(area.left(), area.right() - size.width()));
    double y = window.bottom() + gap;
    if (y + size.height() > area.bottom()) {
        y = window.top() - gap - size.height();
        if (y < area.top())
            y = area.bottom() - size.height(); // a window as tall as the view: over its lower part
    }
    c.box = QRectF(QPointF(x, y), size);
    return c;
}

void paintArithmeticCaption(QPainter& p, const ArithmeticCaption& c, const StageStyle& s)
{
    if (c.empty() || c.lines.isEmpty())
        return;
    const QFontMetricsF fm(c.font);
    const double pad = fm.height() * 0.3;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(s.frame, 2));
    p.setBrush(QColor(0, 0, 0, 215));
    p.drawRoundedRect(c.box, pad, pad);
    p.setFont(c.font);
    p.setPen(QColor(255, 255, 255));
    for (int i = 0; i < c.lines.size(); ++i)
        p.drawText(QRectF(c.box.left() + pad, c.box.top() + pad + i * fm.height(), c.box.width() - 2 * pad,
                          fm.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, c.lines[i]);
    p.restore();
}

CanvasNote layoutCanvasNote(const QStringList& lines, const QFont& font, const QRectF& area)
{
    if (lines.isEmpty() || area.isEmpty())
        return {};
    const QFontMetricsF fm(font);
    const double pad = fm.height() * 0.3;
    // A line wider than the area breaks after a comma or an opening parenthesis
    // (a PyTorch call's arguments), never inside an argument; the font shrinks,
    // down to a half, only when one argument alone is wider than the area.
    QFont f = font;
    QStringList wrapped;
    for (double scale = 1.0;; scale -= 0.05) {
        if (font.pixelSize() > 0)
            f.setPixelSize(std::max(1, int(std::round(font.pixelSize() * scale))));
        else
            f.setPointSizeF(font.pointSizeF() * scale);
        const QFontMetricsF m(f);
        const double room = area.width() - 2 * pad;
        wrapped.clear();
        bool fits = true;
        for (const QString& line : lines) {
            QStringList pieces;
            qsizetype from = 0;
            for (qsizetype i = 0; i < line.size(); ++i) {
                const bool after = line[i] == QLatin1Char('(') ||
                                   (line[i] == QLatin1Char(' ') && i > 0 && line[i - 1] == QLatin1Char(','));
                if (after) {
                    pieces << line.mid(from, i + 1 - from);
                    from = i + 1;
                }
            }
            pieces << line.mid(from);
            const auto rtrim = [](QString t) {
                while (t.endsWith(QLatin1Char(' ')))
                    t.chop(1);
                return t;
            };
            QString current;
            for (const QString& piece : pieces) {
                if (!current.trimmed().isEmpty() && m.horizontalAdvance(current + piece) > room) {
                    wrapped << rtrim(current);
                    current = QStringLiteral("  "); // continuation lines are indented
                }
                current += piece;
            }
            wrapped << rtrim(current);
        }
        for (const QString& l : wrapped)
            fits = fits && m.horizontalAdvance(l) <= room;
        if (fits || scale < 0.5)
            break;
    }
    CanvasNote note;
    note.lines = wrapped;
    note.font = f;
    note.padding = pad;
    const QFontMetricsF used(f);
    double w = 0;
    for (const QString& line : note.lines)
        w = std::max(w, used.horizontalAdvance(line));
    const QSizeF size(std::min(w + 2 * pad, area.width()), used.height() * note.lines.size() + 2 * pad);
    note.box = QRectF(QPointF(area.left(), area.bottom() - size.height()), size);
    return note;
}

QRectF paintCanvasNote(QPainter& p, const QStringList& lines, const QFont& font, const QRectF& area)
{
    if (lines.isEmpty() || area.isEmpty())
        return {};
    const CanvasNote note = layoutCanvasNote(lines, font, area);
    const QRectF& box = note.box;
    const double pad = note.padding;
    const QFontMetricsF fmUsed(note.font);
    const QStringList& all = note.lines;
    const QFont& f = note.font;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0, 0, 0, 200));
    p.drawRoundedRect(box, pad, pad);
    p.setFont(f);
    p.setPen(QColor(255, 255, 255));
    for (int i = 0; i < all.size(); ++i)
        p.drawText(QRectF(box.left() + pad, box.top() + pad + i * fmUsed.height(), box.width() - 2 * pad,
                          fmUsed.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, all[i]);
    p.restore();
    return box;
}

} // namespace poolscope::ui
