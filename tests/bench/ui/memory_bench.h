#pragma once
// Resident memory once a large input is computed and painted, with what the
// tensors and cached pictures of the result should take by their sizes.
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
// and waits until its result is painted.
PhaseReport runMemory(ui::MainWindow& window, FrameProbe& probe, const MemoryOptions& options);

} // namespace poolscope::bench
