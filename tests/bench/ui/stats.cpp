#include "stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace poolscope::bench {

namespace {

double percentile(const std::vector<double>& sorted, double p)
{
    const double rank = p * double(sorted.size() - 1);
    const std::size_t lo = std::size_t(std::floor(rank));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - double(lo));
}

} // namespace

Summary summarize(std::vector<double> values)
{
    Summary s;
    if (values.empty())
        return s;
    std::sort(values.begin(), values.end());
    s.count = values.size();
    s.mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
    s.min = values.front();
    s.p50 = percentile(values, 0.50);
    s.p95 = percentile(values, 0.95);
    s.max = values.back();
    return s;
}

QJsonObject toJson(const Summary& s)
{
    return QJsonObject{{"count", qint64(s.count)}, {"mean", rounded(s.mean)}, {"min", rounded(s.min)},
                       {"p50", rounded(s.p50)},    {"p95", rounded(s.p95)},   {"max", rounded(s.max)}};
}

double rounded(double v, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(v * scale) / scale;
}

} // namespace poolscope::bench
