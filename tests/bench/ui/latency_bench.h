#pragma once
// Change to frame: parameter changes made as a user makes them, with key presses
// on the real controls of the pooling and convolution forms, each timed from just
// before its key press to the end of the first frame showing its result.
#include "phase_report.h"

namespace poolscope::ui {
class MainWindow;
}

namespace poolscope::bench {

class FrameProbe;

struct LatencyOptions {
    int changes = 200;
    int gapMs = 20; // idle time before each change, as between two key presses
    int timeoutMs = 60000;
    bool samples = false; // every change in the report, not only the distributions
};

// Expects the session idle on a max pool k3 s2 p1 and leaves it so when every
// change succeeded. Every tenth and tenth-but-one change is a convolution change.
PhaseReport runLatency(ui::MainWindow& window, FrameProbe& probe, const LatencyOptions& options);

} // namespace poolscope::bench
