#pragma once
// Launch to first frame: the real program started several times on the offscreen
// platform with --report-first-frame, which prints how long after the process
// began (so loading the libraries counts) its stage first painted a result.
#include <QString>

#include "phase_report.h"

namespace poolscope::bench {

struct LaunchOptions {
    QString program; // the poolscope executable
    int runs = 5;
    int timeoutMs = 30000;
};

PhaseReport runLaunch(const LaunchOptions& options);

} // namespace poolscope::bench
