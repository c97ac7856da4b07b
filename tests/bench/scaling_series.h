#pragma once
// The scaling cases grouped into their lines (op and thread count, warm or cold),
// each sorted by size, and how their time grows with size: the chart and the
// printed summary read the same lines.
#include <ostream>
#include <string>
#include <vector>

#include "tests/bench/results_table.h"

namespace poolscope::bench {

struct ScalingSeries {
    std::string name; // e.g. "max k3 s2 p1, 1 thread"
    bool cold = false;
    std::vector<const CaseResult*> points; // by elements, smallest first
};

// Warm lines first, then cold; by name within each.
std::vector<ScalingSeries> scaling_series(const std::vector<CaseResult>& results);

// The least-squares slope of log time against log size: 1 is time proportional to
// size, below 1 a fixed cost spread over more work.
double loglog_slope(const ScalingSeries& s);

// One line per series: its slope and the time ratio of each step to the next size.
void print_scaling(std::ostream& out, const std::vector<ScalingSeries>& series);

} // namespace poolscope::bench
