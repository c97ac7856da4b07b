#include "ui/channel_strip.h"

#include <algorithm>
#include <cmath>

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include "ui/channel_names.h"
#include "ui/session.h"

namespace poolscope::ui {

namespace {
constexpr int kPad = 6;     // inside an item, around the thumbnails
constexpr int kSpacing = 8; // between items
} // namespace

ChannelStrip::ChannelStrip(Session* session, QWidget* parent) : QWidget(parent), session_(session)
{
    setFocusPolicy(Qt::StrongFocus);
    setToolTip(tr("Every channel of the pool input with its pooled output. Click one (or use the arrow "
                  "keys) to show it on the stage."));
    setAccessibleName(tr("Channels"));
    connect(session_, &Session::resultChanged, this, qOverload<>(&QWidget::update));
    connect(session_, &Session::focusedChannelChanged, this, qOverload<>(&QWidget::update));
}

int ChannelStrip::count() const
{
    const auto r = session_->result();
    return r ? r->poolInput.channels() : 0;
}

QSize ChannelStrip::sizeHint() const
{
    return QSize(fontMetrics().height() * 30, fontMetrics().height() * 7);
}

QSize ChannelStrip::minimumSizeHint() const
{
    return QSize(fontMetrics().height() * 8, fontMetrics().height() * 4);
}

ChannelStrip::ItemGeometry ChannelStrip::geometryOf(int channel) const
{
    const auto r = session_->result();
    const int n = count();
    if (!r || channel < 0 || channel >= n)
        return {};
    const double inH = std::max(1, r->poolInput.height()), inW = std::max(1, r->poolInput.width());
    const double outH = r->pooled.output.height(), outW = r->pooled.output.width();
    const int labelH = fontMetrics().height() + 2;

    // Thumbnail height from the strip's height, reduced when the items would not fit across.
    const double fromHeight = height() - 2 * kPad - labelH - 2;
    const double widthPerHeight = (inW + outW) / inH; // both maps at one cell size, side by side
    const double room = double(width() - (n - 1) * kSpacing) / n - 3 * kPad;
    const double thumbH = std::max(4.0, std::min(fromHeight, room / widthPerHeight));
    const double cell = thumbH / inH;

    const int inPxW = int(std::round(inW * cell)), inPxH = int(std::round(thumbH));
    const int outPxW = std::max(1, int(std::round(outW * cell))),
              outPxH = std::max(1, int(std::round(outH * cell)));
    const int itemW = std::max(inPxW + kPad + outPxW + 2 * kPad, fontMetrics().height() * 3);
    const int itemH = inPxH + labelH + 2 * kPad;

    ItemGeometry g;
    g.item = QRect(channel * (itemW + kSpacing), std::max(0, (height() - itemH) / 2), itemW, itemH);
    g.input = QRect(g.item.left() + kPad, g.item.top() + kPad, inPxW, inPxH);
    g.output = QRect(g.input.right() + 1 + kPad, g.input.top() + (inPxH - outPxH) / 2, outPxW, outPxH);
    g.label = QRect(g.item.left() + 2, g.input.bottom() + 2, itemW - 4, labelH);
    return g;
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
    const qreal dpr = devicePixelRatioF();
    if (t.generation != r->generation || t.input != g.input.size() || t.output != g.output.size() ||
        t.images.first.devicePixelRatio() != dpr) {
        const ChannelImages& images = images_.get(r, channel);
        // Shrinking averages cells (smooth); enlarging keeps them square (nearest).
        const auto scaled = [dpr](const QImage& image, QSize size) {
            const QSize px = (QSizeF(size) * dpr).toSize();
            const bool shrink = px.width() < image.width();
            QImage out = image.scaled(px, Qt::IgnoreAspectRatio,
                                      shrink ? Qt::SmoothTransformation : Qt::FastTransformation);
            out.setDevicePixelRatio(dpr);
            return out;
        };
        t = Thumbs{r->generation,
                   g.input.size(),
                   g.output.size(),
                   {scaled(images.input, g.input.size()), scaled(images.output, g.output.size())}};
    }
    return t.images;
}

void ChannelStrip::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window));
    const auto r = session_->result();
    if (!r)
        return;
    const int focused = session_->focusedChannel();
    for (int c = 0; c < count(); ++c) {
        const ItemGeometry g = geometryOf(c);
        const auto& [input, output] = thumbnails(c, g);
        p.drawImage(g.input.topLeft(), input);
        p.drawImage(g.output.topLeft(), output);
        p.setPen(QPen(palette().color(QPalette::Mid), 1));
        p.setBrush(Qt::NoBrush);
        p.drawRect(g.input.adjusted(0, 0, -1, -1));
        p.drawRect(g.output.adjusted(0, 0, -1, -1));
        p.setPen(palette().color(QPalette::WindowText));
        const QString label = QStringLiteral("%1: %2").arg(c).arg(channelName(*r, c));
        p.drawText(g.label, Qt::AlignCenter,
                   fontMetrics().elidedText(label, Qt::ElideRight, g.label.width()));
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

namespace {

bool isChannelKey(const QKeyEvent* event)
{
    if (event->modifiers() != Qt::NoModifier && event->modifiers() != Qt::KeypadModifier)
        return false;
    switch (event->key()) {
    case Qt::Key_Left:
    case Qt::Key_Up:
    case Qt::Key_Right:
    case Qt::Key_Down:
    case Qt::Key_Home:
    case Qt::Key_End:
        return true;
    default:
        return false;
    }
}

} // namespace

bool ChannelStrip::event(QEvent* event)
{
    // With the strip focused, its keys choose channels; without this the window's
    // step shortcuts on the same keys would take them first.
    if (event->type() == QEvent::ShortcutOverride && isChannelKey(static_cast<QKeyEvent*>(event))) {
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
