#pragma once
// The application's icons, one source for every control: simple SVG shapes
// (resources/icons/, embedded) painted in the palette's text colour, so they
// are as visible as the text in the light and the dark theme. They are drawn
// at whatever size is asked, sharp on any screen.
#include <QIcon>
#include <QPalette>
#include <QString>

namespace poolscope::ui {

// `name`: a file of resources/icons/ without ".svg" ("play", "pause", "loop",
// ...). Colours: the palette's ButtonText, and its disabled ButtonText for a
// disabled control. A null icon for an unknown name.
QIcon themedIcon(const QString& name, const QPalette& palette);

} // namespace poolscope::ui
