#include "ui/widgets/navigation_keys.h"

#include <QAbstractSpinBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextEdit>

namespace poolscope::ui {

bool isNavigationKey(const QKeyEvent* event)
{
    if ((event->modifiers() & ~Qt::KeypadModifier) != Qt::NoModifier)
        return false;
    switch (event->key()) {
    case Qt::Key_Left:
    case Qt::Key_Right:
    case Qt::Key_Up:
    case Qt::Key_Down:
    case Qt::Key_Home:
    case Qt::Key_End:
        return true;
    default:
        return false;
    }
}

bool keepsNavigationKeys(const QWidget* widget)
{
    if (!widget)
        return false;
    if (widget->window()->windowType() == Qt::Popup)
        return true;
    // The focus may be on a part of the control (a spin box's line edit).
    for (const QWidget* w = widget; w && !w->isWindow(); w = w->parentWidget()) {
        if (const auto* line = qobject_cast<const QLineEdit*>(w); line && !line->isReadOnly())
            return true;
        if (qobject_cast<const QAbstractSpinBox*>(w))
            return true;
        if (const auto* text = qobject_cast<const QTextEdit*>(w); text && !text->isReadOnly())
            return true;
        if (const auto* plain = qobject_cast<const QPlainTextEdit*>(w); plain && !plain->isReadOnly())
            return true;
    }
    return false;
}

} // namespace poolscope::ui
