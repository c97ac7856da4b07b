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

QRectF paintCanvasNote(QPainter& p, const QStringList& lines, const QFont& font, const QRectF& area)
{
    if (lines.isEmpty() || area.isEmpty())
        return {};
    const QFontMetricsF fm(font);
    const double pad = fm.height() * 0.3;
    // A line wider than the area breaks after its commas (a PyTorch call's arguments).
    QStringList wrapped;
    for (const QString& line : lines) {
        QString rest = line;
        while (fm.horizontalAdvance(rest) > area.width() - 2 * pad) {
            const QStringList parts = rest.split(QStringLiteral(", "));
            QString head = parts.front() + QLatin1Char(',');
            int i = 1;
            while (i < parts.size() - 1 && fm.horizontalAdvance(head + QLatin1Char(' ') + parts[i] +
                                                                QLatin1Char(',')) <= area.width() - 2 * pad)
                head += QLatin1Char(' ') + parts[i++] + QLatin1Char(',');
            if (i >= parts.size())
                break;
            wrapped << head;
            rest = QStringLiteral("    ") + QStringList(parts.mid(i)).join(QStringLiteral(", "));
        }
        wrapped << rest;
    }
    const QStringList& all = wrapped;
    double w = 0;
    for (const QString& line : all)
        w = std::max(w, fm.horizontalAdvance(line));
    const QSizeF size(std::min(w + 2 * pad, area.width()), fm.height() * all.size() + 2 * pad);
    const QRectF box(QPointF(area.left(), area.bottom() - size.height()), size);
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0, 0, 0, 200));
    p.drawRoundedRect(box, pad, pad);
    p.setFont(font);
    p.setPen(QColor(255, 255, 255));
    for (int i = 0; i < all.size(); ++i)
        p.drawText(
            QRectF(box.left() + pad, box.top() + pad + i * fm.height(), box.width() - 2 * pad, fm.height()),
            Qt::AlignLeft | Qt::AlignVCenter, all[i]);
    p.restore();
    return box;
}

} // namespace poolscope::ui
