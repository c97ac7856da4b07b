#include "ui/widgets/error_label.h"

#include <QApplication>
#include <QEvent>

namespace poolscope::ui {

ErrorLabel::ErrorLabel(QWidget* parent) : QLabel(parent)
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setFrameShape(QFrame::StyledPanel);
    setMargin(6);
    setVisible(false);
    updateColors();
}

void ErrorLabel::setMessage(const QString& message)
{
    setText(message);
    setVisible(!message.isEmpty());
}

void ErrorLabel::changeEvent(QEvent* event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        updateColors();
}

void ErrorLabel::updateColors()
{
    // Dark red on light windows, light red on dark ones: both pass contrast on a projector.
    // Judge by the surroundings: this label's own Window colour is set below.
    const QPalette around = parentWidget() ? parentWidget()->palette() : QApplication::palette();
    const bool dark = around.color(QPalette::Window).lightness() < 128;
    const QColor text = dark ? QColor(255, 138, 128) : QColor(183, 28, 28);
    const QColor back = dark ? QColor(80, 24, 24) : QColor(255, 235, 238);
    QPalette p = palette();
    if (p.color(QPalette::WindowText) == text)
        return; // avoids a PaletteChange loop
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Window, back);
    setAutoFillBackground(true);
    setPalette(p);
}

} // namespace poolscope::ui
