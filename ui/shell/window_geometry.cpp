#include "ui/shell/window_geometry.h"

#include <algorithm>

namespace poolscope::ui {

QRect initialWindowGeometry(const QRect& available)
{
    QRect r(QPoint(0, 0), available.size() * 0.9);
    r.moveCenter(available.center());
    return r;
}

QRect fitInto(const QRect& geometry, const QRect& available)
{
    QRect r(geometry.topLeft(), geometry.size().boundedTo(available.size()).expandedTo(QSize(1, 1)));
    r.moveLeft(std::clamp(r.left(), available.left(), available.right() - r.width() + 1));
    r.moveTop(std::clamp(r.top(), available.top(), available.bottom() - r.height() + 1));
    return r;
}

bool sidePanelsShareAColumn(int windowWidth, int parametersWidth, int textPanelsWidth)
{
    constexpr int kMargins = 24; // the central area's margins and the dock separators
    return parametersWidth + textPanelsWidth + kMargins > windowWidth / 2;
}

} // namespace poolscope::ui
