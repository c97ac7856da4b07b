#include "ui/widgets/message_bar.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace poolscope::ui {

namespace {

struct Colors {
    QColor accent, back, text;
};

// Strong accents with tinted backgrounds: readable on a washed-out projector in
// the light theme, and not glaring in the dark one.
Colors colorsFor(MessageBar::Kind kind, bool dark)
{
    switch (kind) {
    case MessageBar::Kind::Error:
        return dark ? Colors{QColor(239, 83, 80), QColor(78, 28, 28), QColor(255, 205, 200)}
                    : Colors{QColor(198, 40, 40), QColor(255, 235, 238), QColor(127, 0, 0)};
    case MessageBar::Kind::Warning:
        return dark ? Colors{QColor(255, 183, 77), QColor(74, 54, 20), QColor(255, 230, 190)}
                    : Colors{QColor(239, 108, 0), QColor(255, 243, 224), QColor(110, 50, 0)};
    case MessageBar::Kind::Positive:
        return dark ? Colors{QColor(102, 187, 106), QColor(27, 58, 32), QColor(200, 240, 200)}
                    : Colors{QColor(46, 125, 50), QColor(232, 245, 233), QColor(27, 75, 30)};
    case MessageBar::Kind::Information:
        break;
    }
    return dark ? Colors{QColor(100, 170, 255), QColor(24, 46, 78), QColor(205, 225, 255)}
                : Colors{QColor(21, 101, 192), QColor(227, 242, 253), QColor(13, 60, 120)};
}

QStyle::StandardPixmap iconFor(MessageBar::Kind kind)
{
    switch (kind) {
    case MessageBar::Kind::Error:
        return QStyle::SP_MessageBoxCritical;
    case MessageBar::Kind::Warning:
        return QStyle::SP_MessageBoxWarning;
    case MessageBar::Kind::Positive:
        return QStyle::SP_DialogApplyButton;
    case MessageBar::Kind::Information:
        break;
    }
    return QStyle::SP_MessageBoxInformation;
}

} // namespace

MessageBar::MessageBar(QWidget* parent)
    : QFrame(parent), icon_(new QLabel(this)), label_(new QLabel(this)), close_(new QToolButton(this))
{
    setObjectName("messageBar");
    setAccessibleName(tr("Messages"));
    label_->setObjectName("messageText");
    label_->setWordWrap(true);
    label_->setTextFormat(Qt::PlainText);
    label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    close_->setObjectName("messageClose");
    close_->setText(QStringLiteral("\u2715"));
    close_->setAutoRaise(true);
    close_->setToolTip(tr("Dismiss this message"));
    close_->setAccessibleName(tr("Dismiss"));
    close_->setFocusPolicy(Qt::NoFocus); // the stage keeps the keyboard
    connect(close_, &QToolButton::clicked, this, &MessageBar::dismiss);
    positiveTimer_.setSingleShot(true);
    connect(&positiveTimer_, &QTimer::timeout, this, &MessageBar::dismiss);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 4, 6);
    layout->setSpacing(10);
    layout->addWidget(icon_, 0, Qt::AlignTop);
    layout->addWidget(label_, 1);
    layout->addWidget(close_, 0, Qt::AlignTop);
    setFrameShape(QFrame::NoFrame);
    setAutoFillBackground(true);
    setVisible(false);
    updateLook();
}

void MessageBar::showMessage(const QString& text, Kind kind)
{
    kind_ = kind;
    hasMessage_ = true;
    label_->setText(text);
    updateLook();
    setVisible(true);
    if (kind == Kind::Positive)
        positiveTimer_.start(positiveMs_);
    else
        positiveTimer_.stop();
    emit messageShown(text, kind);
}

void MessageBar::dismiss()
{
    if (!hasMessage_)
        return;
    hasMessage_ = false;
    positiveTimer_.stop();
    setVisible(false);
    emit dismissed();
}

QString MessageBar::text() const
{
    return hasMessage_ ? label_->text() : QString();
}

void MessageBar::changeEvent(QEvent* event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        // The frame's style sheet keeps its children on the font they were
        // polished with: passed on by hand (presentation mode's larger type).
        label_->setFont(font());
        close_->setFont(font());
    }
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange ||
        event->type() == QEvent::StyleChange)
        updateLook();
}

void MessageBar::updateLook()
{
    const QPalette around = parentWidget() ? parentWidget()->palette() : QApplication::palette();
    const bool dark = around.color(QPalette::Window).lightness() < 128;
    const Colors c = colorsFor(kind_, dark);
    // A style sheet for the frame's left accent only: the palette carries the rest,
    // so fonts set by the window (presentation mode) still apply.
    const QString sheet =
        QStringLiteral("#messageBar { background: %1; border-left: 6px solid %2; border-radius: 3px; }")
            .arg(c.back.name(), c.accent.name());
    if (styleSheet() != sheet) // setting it sends a StyleChange, which lands here again
        setStyleSheet(sheet);
    QPalette p = palette();
    p.setColor(QPalette::Window, c.back);
    p.setColor(QPalette::WindowText, c.text);
    p.setColor(QPalette::ButtonText, c.text);
    label_->setPalette(p);
    close_->setPalette(p);
    const int side = fontMetrics().height() * 3 / 2;
    icon_->setPixmap(style()->standardIcon(iconFor(kind_)).pixmap(side, side));
}

} // namespace poolscope::ui
