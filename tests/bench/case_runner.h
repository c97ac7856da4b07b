#pragma once
// One benchmark per case: every iteration times ours, OpenCV's and the floor back to
// back on the same buffers, so machine noise hits all three alike and their ratios hold.
#include <benchmark/benchmark.h>

#include "tests/bench/bench_cases.h"
#include "tests/bench/results_table.h"

namespace poolscope::bench {

struct RunSettings {
    int threads = 2; // for every case that does not set its own
    bool smoke = false;
};

// Ours is the benchmark's manual time; the three medians and their ratios are
// user counters. A disagreement with OpenCV or an error skips the case and is logged.
void run_case(benchmark::State& state, const BenchCase& c, const RunSettings& settings, RunLog& log);

} // namespace poolscope::bench
