#include "paint_breakdown.h"

#include <algorithm>

#include <QJsonObject>

#include "stats.h"

namespace poolscope::bench {

QJsonArray meanPaintByWidget(const std::vector<std::map<QString, double>>& frames, int top)
{
    struct Row {
        QString widget;
        double total = 0, max = 0;
    };
    std::map<QString, Row> rows;
    for (const auto& frame : frames)
        for (const auto& [widget, ms] : frame) {
            Row& r = rows[widget];
            r.widget = widget;
            r.total += ms;
            r.max = std::max(r.max, ms);
        }
    std::vector<Row> sorted;
    for (const auto& [widget, row] : rows)
        sorted.push_back(row);
    std::sort(sorted.begin(), sorted.end(), [](const Row& a, const Row& b) { return a.total > b.total; });
    QJsonArray out;
    const double n = std::max<double>(1, double(frames.size()));
    for (std::size_t i = 0; i < sorted.size() && int(i) < top; ++i)
        out.append(QJsonObject{{"widget", sorted[i].widget},
                               {"mean_ms", rounded(sorted[i].total / n, 3)},
                               {"max_ms", rounded(sorted[i].max, 3)}});
    return out;
}

} // namespace poolscope::bench
