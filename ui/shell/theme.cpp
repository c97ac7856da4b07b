#include "ui/shell/theme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

namespace poolscope::ui {

ThemeKind Theme::current_ = ThemeKind::Light;

QPalette Theme::palette(ThemeKind kind)
{
    QStyle* fusion = QStyleFactory::create("Fusion");
    QPalette p = fusion ? fusion->standardPalette() : QPalette();
    delete fusion;
    if (kind == ThemeKind::Light) {
        // Fusion's light palette, with a stronger highlight that survives a washed-out projector.
        p.setColor(QPalette::Highlight, QColor(25, 118, 210));
        p.setColor(QPalette::HighlightedText, Qt::white);
        return p;
    }
    const QColor window(45, 45, 48), base(30, 30, 32), text(230, 230, 230), disabled(128, 128, 128);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, QColor(60, 60, 64));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(58, 58, 62));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(255, 110, 110));
    p.setColor(QPalette::Light, QColor(80, 80, 84));
    p.setColor(QPalette::Midlight, QColor(68, 68, 72));
    p.setColor(QPalette::Mid, QColor(40, 40, 42));
    p.setColor(QPalette::Dark, QColor(24, 24, 26));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(66, 150, 250));
    p.setColor(QPalette::HighlightedText, Qt::black);
    p.setColor(QPalette::Link, QColor(110, 170, 255));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Base, window);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(80, 80, 84));
    return p;
}

void Theme::apply(ThemeKind kind)
{
    current_ = kind;
    QApplication::setStyle(QStyleFactory::create("Fusion"));
    QApplication::setPalette(palette(kind));
}

ThemeKind Theme::current()
{
    return current_;
}

QFont Theme::classroomFont(const QString& family)
{
    QFont f = QApplication::font();
    if (!family.isEmpty())
        f.setFamily(family);
    f.setPointSizeF(kClassroomPointSize);
    return f;
}

} // namespace poolscope::ui
