#include "tests/bench/scaling_series.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <utility>

namespace poolscope::bench {

std::vector<ScalingSeries> scaling_series(const std::vector<CaseResult>& results)
{
    std::map<std::pair<bool, std::string>, std::vector<const CaseResult*>> lines;
    for (const CaseResult& r : results)
        if (!r.series.empty() && r.elements > 0 && r.ours_ms > 0)
            lines[{r.cold, r.series}].push_back(&r);
    std::vector<ScalingSeries> out;
    for (auto& [key, points] : lines) {
        std::sort(points.begin(), points.end(),
                  [](const CaseResult* a, const CaseResult* b) { return a->elements < b->elements; });
        out.push_back({key.second, key.first, std::move(points)});
    }
    return out;
}

double loglog_slope(const ScalingSeries& s)
{
    const double n = double(s.points.size());
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (const CaseResult* r : s.points) {
        const double x = std::log(r->elements), y = std::log(r->ours_ms);
        sx += x, sy += y, sxx += x * x, sxy += x * y;
    }
    const double d = n * sxx - sx * sx;
    return d > 0 ? (n * sxy - sx * sy) / d : 0;
}

void print_scaling(std::ostream& out, const std::vector<ScalingSeries>& series)
{
    if (series.empty())
        return;
    out << "\nScaling: log-log slope of time against pixels x channels (1 = proportional), "
           "and each step's time ratio over its size ratio.\n";
    for (const ScalingSeries& s : series) {
        char line[256];
        // Rounded first, and + 0.0 makes a rounded -0 plain 0, so "-0.00" is never printed.
        const double slope = std::round(loglog_slope(s) * 100) / 100 + 0.0;
        std::snprintf(line, sizeof line, "%-5s %-26s slope %.2f  steps", s.cold ? "cold" : "warm",
                      s.name.c_str(), slope);
        out << line;
        for (std::size_t i = 1; i < s.points.size(); ++i) {
            std::snprintf(line, sizeof line, "  %.2fx/%.0fx", s.points[i]->ours_ms / s.points[i - 1]->ours_ms,
                          s.points[i]->elements / s.points[i - 1]->elements);
            out << line;
        }
        out << "\n";
    }
}

} // namespace poolscope::bench
