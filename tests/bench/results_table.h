#pragma once
// The run's medians, kept as the cases finish and printed as one plain table at the end.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace poolscope::bench {

struct CaseResult {
    std::string name;
    int threads = 0;
    double ours_ms = 0;
    std::optional<double> opencv_ms; // empty where OpenCV has no such op
    double floor_ms = 0;
    std::string series;  // the scaling chart's line this case belongs to, if any
    double elements = 0; // input channels x height x width
    bool cold = false;   // timed with its buffers flushed from the caches before each call
};

struct RunLog {
    std::vector<CaseResult> results;
    std::vector<std::string> failures;
};

// case, ours ms, OpenCV ms, floor ms, ours/floor, OpenCV/ours.
void print_table(std::ostream& out, const std::vector<CaseResult>& results);

} // namespace poolscope::bench
