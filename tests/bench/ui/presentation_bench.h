#pragma once
// Presentation mode on and off with its key (F5), as a teacher presses it: the time
// from the key press to the end of the first frame painted, to the last frame of
// the change (the window quiet for 100 ms after it), and how many frames it took.
#include "phase_report.h"

namespace poolscope::ui {
class MainWindow;
}

namespace poolscope::bench {

class FrameProbe;

struct PresentationOptions {
    int toggles = 10; // each one on and one off
    int timeoutMs = 10000;
};

PhaseReport runPresentation(ui::MainWindow& window, FrameProbe& probe, const PresentationOptions& options);

} // namespace poolscope::bench
