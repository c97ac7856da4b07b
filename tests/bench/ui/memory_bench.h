#pragma once
// Resident memory once a large input is computed and painted, with what the
// tensors and cached pictures of the result should take by their sizes; then
// once the window is back on the digit sample and has given the large result's
// memory back, with the longest the GUI thread waited for one small allocation
// meanwhile (the release trims the heap on another thread).
#include <QJsonObject>

#include "phase_report.h"

namespace poolscope::ui {
class MainWindow;
}

namespace poolscope::bench {

class FrameProbe;

struct MemoryOptions {
    int width = 3840, height = 2160;
    int convChannels = 16;
    int timeoutMs = 300000;
};

// VmRSS and VmHWM now, in MiB.
QJsonObject memorySnapshot();

// Sets the conv's channel count and the default pool (max k2 s2), then the input,
// and waits until its result is painted; then goes back to the digit sample.
PhaseReport runMemory(ui::MainWindow& window, FrameProbe& probe, const MemoryOptions& options);

} // namespace poolscope::bench
