#pragma once
// Distributions of samples (milliseconds, mostly) as the report shows them.
#include <cstddef>
#include <vector>

#include <QJsonObject>

namespace poolscope::bench {

struct Summary {
    std::size_t count = 0;
    double mean = 0, min = 0, p50 = 0, p95 = 0, max = 0;
};

// Percentiles interpolate between the two nearest ranks (as numpy does).
Summary summarize(std::vector<double> values);
QJsonObject toJson(const Summary& s);

// Rounded for reading: a benchmark on a shared machine has no meaningful microseconds.
double rounded(double v, int decimals = 2);

} // namespace poolscope::bench
