#include "ui/stage/stage_frame.h"

#include <algorithm>
#include <climits>

namespace poolscope::ui {

QRectF traceBounds(const WindowTrace& t)
{
    if (t.taps.empty())
        return {};
    int y0 = INT_MAX, x0 = INT_MAX, y1 = INT_MIN, x1 = INT_MIN;
    for (const Tap& tap : t.taps) {
        y0 = std::min(y0, tap.y);
        x0 = std::min(x0, tap.x);
        y1 = std::max(y1, tap.y);
        x1 = std::max(x1, tap.x);
    }
    return QRectF(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
}

double glideProgress(double fraction)
{
    constexpr double kRest = 0.45; // share of a step the window stands still
    const double t = std::clamp((fraction - kRest) / (1.0 - kRest), 0.0, 1.0);
    return t * t * (3.0 - 2.0 * t); // smoothstep: eases in and out
}

} // namespace poolscope::ui
