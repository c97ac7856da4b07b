#pragma once
// Where the main window opens, from the screen's available area alone (so it
// can be checked for any screen): inside the screen, never wider or taller.
#include <QRect>

namespace poolscope::ui {

// Most of the screen, centred: the stage is what the class looks at.
QRect initialWindowGeometry(const QRect& available);

// `geometry` moved and shrunk to lie inside `available` (a window saved on a
// bigger screen, or at another place of a desktop that changed).
QRect fitInto(const QRect& geometry, const QRect& available);

// True when the side panels, each in its own column, would leave the stage
// less than half of the window's width: they then share one column as tabs.
bool sidePanelsShareAColumn(int windowWidth, int parametersWidth, int textPanelsWidth);

} // namespace poolscope::ui
