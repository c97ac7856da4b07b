#include "ui/stage/channel_strip.h"

#include <algorithm>
#include <cmath>

#include <QFontInfo>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include "ui/model/session.h"
#include "ui/text/channel_names.h"
#include "ui/widgets/navigation_keys.h"

namespace poolscope::ui {

namespace {
constexpr int kPad = 6;     // inside an item, around the thumbnails
constexpr int kSpacing = 8; // between items
} // namespace

ChannelStrip::ChannelStrip(Session* session, QWidget* parent) : QWidget(parent), session_(session)
{
    setFocusPolicy(Qt::StrongFocus);
    setToolTip(tr("Every channel of the pool input with its pooled output. Click one (or press Up and "
                  "Down) to show it on the stage."));
    setAccessibleName(tr("Channels"));
    connect(session_, &Session::resultChanged, this, qOverload<>(&QWidget::update));
    // A new channel count or new names: a new minimum width for the scroll area.
    connect(session_, &Session::resultChanged, this, [this] {
        minItemWidth_.reset();
        updateGeometry();
    });
    connect(session_, &Session::resultCompleted, this, qOverload<>(&QWidget::update));
    connect(session_, &Session::focusedChannelChanged, this, qOverload<>(&QWidget::update));
}

int ChannelStrip::count() const
{
    const auto r = session_->result();
    return r ? r->channels() : 0;
}

QSize ChannelStrip::sizeHint() const
{
    return QSize(fontMetrics().height() * 30, fontMetrics().height() * 7);
}

QSize ChannelStrip::minimumSizeHint() const
{
    // Every item with its label whole: wider than the window, the strip scrolls.
    const int n = count();
    const int items = n > 0 ? n * minimumItemWidth() + (n - 1) * kSpacing : 0;
    return QSize(std::max(fontMetrics().height() * 8, items), fontMetrics().height() * 4);
}

int ChannelStrip::minimumItemWidth() const
{
    if (minItemWidth_)
        return *minItemWidth_;
    // The narrowest two lines each label breaks into between its words.
    const QFontMetrics fm(smallestLabelFont());
    int widest = 0;
    for (int c = 0; c < count(); ++c) {
        const QStringList words = labelText(c).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        int best = fm.horizontalAdvance(words.join(QLatin1Char(' ')));
        for (qsizetype i = 1; i < words.size(); ++i)
            best = std::min(best, std::max(fm.horizontalAdvance(words.mid(0, i).join(QLatin1Char(' '))),
                                           fm.horizontalAdvance(words.mid(i).join(QLatin1Char(' ')))));
        widest = std::max(widest, best);
    }
    minItemWidth_ = std::max(fontMetrics().height() * 3, widest + 8);
    return *minItemWidth_;
}

ChannelStrip::ItemGeometry ChannelStrip::geometryOf(int channel) const
{
    const auto r = session_->result();
    const int n = count();
    if (!r || channel < 0 || channel >= n)
        return {};
    const double inH = std::max(1, r->poolInputShape.height), inW = std::max(1, r->poolInputShape.width);
    const double outH = r->outputShape.height, outW = r->outputShape.width;
    // Room for a label of two lines at the smallest label font.
    const int labelH = std::max(fontMetrics().height(), 2 * QFontMetrics(smallestLabelFont()).height()) + 2;

    // Thumbnail height from the strip's height, reduced when the items would not fit across.
    const double fromHeight = height() - 2 * kPad - labelH - 2;
    const double widthPerHeight = (inW + outW) / inH; // both maps at one cell size, side by side
    const double room = double(width() - (n - 1) * kSpacing) / n - 3 * kPad;
    const double thumbH = std::max(4.0, std::min(fromHeight, room / widthPerHeight));
    const double cell = thumbH / inH;

    const int inPxW = int(std::round(inW * cell)), inPxH = int(std::round(thumbH));
    const int outPxW = std::max(1, int(std::round(outW * cell))),
              outPxH = std::max(1, int(std::round(outH * cell)));
    const int itemW = std::max(inPxW + kPad + outPxW + 2 * kPad, minimumItemWidth());
    const int itemH = inPxH + labelH + 2 * kPad;

    ItemGeometry g;
    g.item = QRect(channel * (itemW + kSpacing), std::max(0, (height() - itemH) / 2), itemW, itemH);
    g.input = QRect(g.item.left() + kPad, g.item.top() + kPad, inPxW, inPxH);
    g.output = QRect(g.input.right() + 1 + kPad, g.input.top() + (inPxH - outPxH) / 2, outPxW, outPxH);
    g.label = QRect(g.item.left() + 2, g.input.bottom() + 2, itemW - 4, labelH);
    return g;
}

QFont ChannelStrip::smallestLabelFont() const
{
    QFont f = font();
    f.setPixelSize(std::max(10, int(std::round(QFontInfo(font()).pixelSize() * 0.75))));
    return f;
}

QString ChannelStrip::labelText(int channel) const
{
    const auto r = session_->result();
    if (!r || channel < 0 || channel >= count())
        return {};
    return QStringLiteral("%1: %2").arg(channel).arg(channelName(*r, channel));
}

QFont ChannelStrip::labelFont(int channel) const
{
    const QString text = labelText(channel);
    const int w = geometryOf(channel).label.width();
    const int full = QFontInfo(font()).pixelSize(), least = QFontInfo(smallestLabelFont()).pixelSize();
    for (int px = full; px > least; --px) {
        QFont f = font();
        f.setPixelSize(px);
        if (QFontMetrics(f).horizontalAdvance(text) <= w)
            return f;
    }
    return smallestLabelFont();
}

int ChannelStrip::labelFlags(int channel) const
{
    const QString text = labelText(channel);
    const QRect rect = geometryOf(channel).label;
    const QFontMetrics fm(labelFont(channel));
    if (fm.horizontalAdvance(text) <= rect.width())
        return Qt::AlignCenter;
    // Two lines between words: the item is at least as wide as that needs.
    return Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap;
}

QRect ChannelStrip::itemRect(int channel) const
{
    return geometryOf(channel).item;
}

QRect ChannelStrip::thumbnailRect(int channel) const
{
    return geometryOf(channel).input;
}

int ChannelStrip::channelAt(QPoint pos) const
{
    for (int c = 0; c < count(); ++c)
        if (itemRect(c).contains(pos))
            return c;
    return -1;
}

const std::pair<QImage, QImage>& ChannelStrip::thumbnails(int channel, const ItemGeometry& g)
{
    const auto r = session_->result();
    Thumbs& t = thumbs_[channel];
    const std::size_t c = std::size_t(channel);
    if (c >= r->thumbnails.size() || !r->thumbnails[c].ready())
        return t.images; // what the channel showed before, until its new pictures come
    const ChannelThumbnail& source = r->thumbnails[c];
    const qreal dpr = devicePixelRatioF();
    if (t.inputKey != source.input.cacheKey() || t.outputKey != source.output.cacheKey() ||
        t.input != g.input.size() || t.output != g.output.size() ||
        t.images.first.devicePixelRatio() != dpr) {
        // Shrinking averages pixels (smooth, from the smallest halving still larger);
        // enlarging keeps cells square (nearest).
        const auto scaled = [dpr](const QImage& image, const std::vector<QImage>& halvings, QSize size) {
            const QSize px = (QSizeF(size) * dpr).toSize();
            const QImage* from = &image;
            for (const QImage& h : halvings)
                if (h.width() >= px.width() && h.height() >= px.height())
                    from = &h;
            const bool shrink = px.width() < from->width();
            QImage out = from->scaled(px, Qt::IgnoreAspectRatio,
                                      shrink ? Qt::SmoothTransformation : Qt::FastTransformation);
            out.setDevicePixelRatio(dpr);
            return out;
        };
        t = Thumbs{source.input.cacheKey(),
                   source.output.cacheKey(),
                   g.input.size(),
                   g.output.size(),
                   {scaled(source.input, source.inputHalvings, g.input.size()),
                    scaled(source.output, source.outputHalvings, g.output.size())}};
    }
    return t.images;
}

void ChannelStrip::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange) {
        minItemWidth_.reset();
        updateGeometry();
    }
    QWidget::changeEvent(event);
}

void ChannelStrip::paintEvent(QPaintEvent* event)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window));
    const auto r = session_->result();
    if (!r)
        return;
    const int focused = session_->focusedChannel();
    for (int c = 0; c < count(); ++c) {
        const ItemGeometry g = geometryOf(c);
        if (!g.item.intersects(event->rect()))
            continue; // scrolled out of view
        const auto& [input, output] = thumbnails(c, g);
        // Into the item's rects: a channel still being computed may show pictures of another size.
        p.drawImage(QRectF(g.input), input);
        p.drawImage(QRectF(g.output), output);
        p.setPen(QPen(palette().color(QPalette::Mid), 1));
        p.setBrush(Qt::NoBrush);
        p.drawRect(g.input.adjusted(0, 0, -1, -1));
        p.drawRect(g.output.adjusted(0, 0, -1, -1));
        p.setPen(palette().color(QPalette::WindowText));
        p.setFont(labelFont(c));
        p.drawText(g.label, labelFlags(c), labelText(c));
        p.setFont(font());
        if (c == focused) {
            QPen pen(palette().color(QPalette::Highlight), 3);
            pen.setJoinStyle(Qt::MiterJoin);
            p.setPen(pen);
            p.drawRect(g.item.adjusted(1, 1, -2, -2));
            if (hasFocus()) {
                // Keyboard focus: a second, dashed ring so it shows without colour.
                p.setPen(QPen(palette().color(QPalette::WindowText), 1, Qt::DashLine));
                p.drawRect(g.item.adjusted(4, 4, -5, -5));
            }
        }
    }
}

void ChannelStrip::mousePressEvent(QMouseEvent* event)
{
    const int c = channelAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && c >= 0)
        session_->setFocusedChannel(c);
    QWidget::mousePressEvent(event);
}

bool ChannelStrip::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        // Over an item: its full name; elsewhere the strip's own tooltip.
        const auto* help = static_cast<QHelpEvent*>(event);
        const int c = channelAt(help->pos());
        if (c >= 0) {
            QToolTip::showText(help->globalPos(), labelText(c), this, itemRect(c));
            return true;
        }
    }
    // With the strip focused, its keys choose channels; without this the window's
    // step shortcuts on the same keys would take them first.
    if (event->type() == QEvent::ShortcutOverride && isNavigationKey(static_cast<QKeyEvent*>(event))) {
        event->accept();
        return true;
    }
    return QWidget::event(event);
}

void ChannelStrip::keyPressEvent(QKeyEvent* event)
{
    const int n = count();
    const int c = session_->focusedChannel();
    switch (event->key()) {
    case Qt::Key_Left:
    case Qt::Key_Up:
        session_->setFocusedChannel(std::max(0, c - 1));
        break;
    case Qt::Key_Right:
    case Qt::Key_Down:
        session_->setFocusedChannel(std::min(n - 1, c + 1));
        break;
    case Qt::Key_Home:
        session_->setFocusedChannel(0);
        break;
    case Qt::Key_End:
        session_->setFocusedChannel(n - 1);
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

} // namespace poolscope::ui
