#pragma once
// Which widgets a set of frames spent its paint time in.
#include <map>
#include <vector>

#include <QJsonArray>
#include <QString>

namespace poolscope::bench {

// The `top` widgets by mean milliseconds per frame (a frame without the widget
// counts as 0), largest first: [{"widget", "mean_ms", "max_ms"}].
QJsonArray meanPaintByWidget(const std::vector<std::map<QString, double>>& frames, int top);

} // namespace poolscope::bench
