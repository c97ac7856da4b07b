#pragma once
// Opening a large photo: the file is decoded off the GUI thread, so the window
// keeps painting the animation meanwhile. Every frame from the open to the first
// frame showing the new picture is timed; an interval over 50 ms is a visible stall.
#include "phase_report.h"

namespace poolscope::ui {
class MainWindow;
}

namespace poolscope::bench {

class FrameProbe;

struct OpenOptions {
    int width = 4000, height = 3000; // a 12-megapixel camera's JPEG
    double stepsPerSecond = 1000;    // the animation that keeps frames coming
    int timeoutMs = 300000;
};

constexpr double kStallIntervalMs = 50;

PhaseReport runOpen(ui::MainWindow& window, FrameProbe& probe, const OpenOptions& options);

} // namespace poolscope::bench
