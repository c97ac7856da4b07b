#pragma once
// Animation smoothness: the sweep played by the real animator and clock, every
// painted frame timed. A frame interval over 1.5 refreshes of a 60 Hz screen is a
// refresh the class did not see move: a dropped frame.
#include "phase_report.h"

namespace poolscope::ui {
class MainWindow;
}

namespace poolscope::bench {

class FrameProbe;

struct AnimationOptions {
    double seconds = 10;
    double stepsPerSecond = 1000;
};

constexpr double kRefreshMs = 1000.0 / 60.0;
constexpr double kDroppedIntervalMs = 1.5 * kRefreshMs;

// Plays from the first step and pauses again at the end.
PhaseReport runAnimation(ui::MainWindow& window, FrameProbe& probe, const AnimationOptions& options);

} // namespace poolscope::bench
