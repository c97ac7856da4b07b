#include "ui/stage/value_stamps.h"

#include <cmath>
#include <memory>

#include <QFontMetricsF>
#include <QPainter>
#include <QTransform>

namespace poolscope::ui {

namespace {

// Enough for the type sizes of a session (zooms, presentation mode); past them a
// cache starts again, as it does past its memory.
constexpr int kMaxFonts = 8;
constexpr qint64 kMaxBytesPerFont = 16 << 20;
constexpr int kQuarters = 4;
constexpr int kMargin = 2; // device pixels around the ink: antialiasing and bearings

} // namespace

ValueStamps::ValueStamps(const QFont& font, qreal dpr) : font_(font), dpr_(dpr)
{
}

ValueStamps& ValueStamps::forFont(const QFont& font, qreal dpr)
{
    const QString key = font.key() + QLatin1Char('@') + QString::number(dpr);
    thread_local QHash<QString, std::shared_ptr<ValueStamps>> caches;
    auto it = caches.find(key);
    if (it == caches.end()) {
        if (caches.size() >= kMaxFonts)
            caches.clear();
        it = caches.insert(key, std::shared_ptr<ValueStamps>(new ValueStamps(font, dpr)));
    }
    return **it;
}

double ValueStamps::width(const QString& text)
{
    auto it = widths_.constFind(text);
    if (it == widths_.constEnd())
        it = widths_.insert(text, QFontMetricsF(font_).horizontalAdvance(text));
    return *it;
}

const ValueStamps::Stamp& ValueStamps::stamp(const QString& text, QRgb color, int quarter)
{
    QString key = text;
    key += QLatin1Char('\0') + QString::number(color, 16) + QLatin1Char('/') + QString::number(quarter);
    auto it = stamps_.constFind(key);
    if (it != stamps_.constEnd())
        return *it;
    if (bytes_ > kMaxBytesPerFont) {
        stamps_.clear();
        bytes_ = 0;
    }
    const QFontMetricsF fm(font_);
    const QRectF ink = fm.boundingRect(text); // logical pixels, from the baseline's start
    Stamp s;
    s.originX = kMargin + int(std::ceil(std::max(0.0, -ink.left()) * dpr_));
    s.baselineY = kMargin + int(std::ceil(std::max(0.0, -ink.top()) * dpr_));
    const int w = s.originX + 1 + int(std::ceil(std::max(ink.right(), 0.0) * dpr_)) + kMargin;
    const int h = s.baselineY + int(std::ceil(std::max(ink.bottom(), 0.0) * dpr_)) + kMargin;
    s.image = QImage(w, h, QImage::Format_ARGB32_Premultiplied);
    s.image.setDevicePixelRatio(dpr_);
    s.image.fill(Qt::transparent);
    {
        QPainter p(&s.image);
        p.setFont(font_);
        p.setPen(QColor::fromRgba(color));
        p.drawText(QPointF((s.originX + quarter / double(kQuarters)) / dpr_, s.baselineY / dpr_), text);
    }
    bytes_ += s.image.sizeInBytes();
    return *stamps_.insert(key, s);
}

void ValueStamps::draw(QPainter& p, const QPointF& at, const QString& text, const QColor& color)
{
    const QTransform t = p.deviceTransform();
    if (t.type() > QTransform::TxScale || t.m11() != dpr_ || t.m22() != dpr_) {
        p.setPen(color);
        p.drawText(at, text);
        return;
    }
    const QPointF d = t.map(at);
    const double x = std::round(d.x() * kQuarters) / kQuarters;
    const int left = int(std::floor(x)), quarter = int(std::lround((x - left) * kQuarters));
    const int baseline = int(std::lround(d.y()));
    const Stamp& s = stamp(text, color.rgba(), quarter);
    // Its top left on a whole device pixel: a blit, never a resampling.
    const QPointF topLeft = t.inverted().map(QPointF(left - s.originX, baseline - s.baselineY));
    p.drawImage(topLeft, s.image);
}

} // namespace poolscope::ui
