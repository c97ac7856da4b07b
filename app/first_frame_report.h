#pragma once
// Launch timing for benchmarks (the hidden --report-first-frame): once the stage
// has painted a computed result, one line on stderr says how many milliseconds
// after the process began that was, and the window closes.
namespace poolscope::ui {
class MainWindow;
}

namespace poolscope::app {

// Milliseconds since the kernel started this process, so loading the libraries
// counts; negative when /proc cannot say.
double msSinceProcessStart();

// Arms the report on `window`; what watches it is the window's child.
void reportFirstFrame(ui::MainWindow& window);

} // namespace poolscope::app
