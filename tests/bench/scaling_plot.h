#pragma once
// The scaling cases as a chart: time against pixels x channels on log-log axes, one
// line per op and thread count, with a dashed line of slope one (time proportional
// to size) through each line's first point; the warm cases and the cold ones (caches
// flushed before every call) in two panels on one scale. Drawn with OpenCV, as PNG.
#include <string>
#include <vector>

#include "tests/bench/results_table.h"

namespace poolscope::bench {

// Writes the chart of the results that carry a series name; false when none do or
// the file cannot be written.
bool write_scaling_plot(const std::string& path, const std::vector<CaseResult>& results);

} // namespace poolscope::bench
