#pragma once
// The offscreen platform's screen is 800 x 800 unless told otherwise, smaller than
// the benchmark's window: full screen would shrink the window and leaving it would
// restore a size clamped to that screen. The benchmark runs on a 1920 x 1080
// screen, the classroom's 1080p, so presentation mode is timed as it is used.
#include <memory>

class QTemporaryFile;

namespace poolscope::bench {

constexpr int kScreenWidth = 1920, kScreenHeight = 1080;

// On the plain offscreen platform (QT_QPA_PLATFORM=offscreen, no options), points
// it at a screen description of that size; call before the QApplication. The file
// returned must live until the application has started.
std::unique_ptr<QTemporaryFile> useClassroomScreen();

} // namespace poolscope::bench
