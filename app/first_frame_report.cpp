#include "first_frame_report.h"

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include <unistd.h>

#include <QEvent>
#include <QTimer>

#include "ui/model/session.h"
#include "ui/shell/main_window.h"
#include "ui/stage/feature_map_view.h"
#include "ui/stage/stage_view.h"

namespace poolscope::app {

double msSinceProcessStart()
{
    // Field 22 of /proc/self/stat is the start in clock ticks since boot; the
    // command name (field 2) may hold spaces, so count from its closing parenthesis.
    std::ifstream in("/proc/self/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = stat.rfind(')');
    if (close == std::string::npos)
        return -1;
    std::istringstream fields(stat.substr(close + 2));
    std::string skipped;
    for (int i = 3; i < 22; ++i)
        fields >> skipped;
    unsigned long long startTicks = 0;
    if (!(fields >> startTicks))
        return -1;
    // CLOCK_BOOTTIME is the clock of /proc/uptime and of that field, at full
    // resolution; the start itself is known to a tick (10 ms with USER_HZ 100).
    timespec now{};
    if (clock_gettime(CLOCK_BOOTTIME, &now) != 0)
        return -1;
    const double startMs = double(startTicks) * 1000.0 / double(sysconf(_SC_CLK_TCK));
    return double(now.tv_sec) * 1000.0 + double(now.tv_nsec) / 1e6 - startMs;
}

namespace {

// The output map paints the session's result whenever there is one: its first
// such paint is the first frame with a result. The report waits for the end of
// that frame's event, when every widget has painted and the frame is flushed.
class FirstFrameWatcher : public QObject {
public:
    explicit FirstFrameWatcher(ui::MainWindow& window) : QObject(&window), window_(window)
    {
        window.stageView()->outputMap()->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (!seen_ && event->type() == QEvent::Paint && window_.session()->result()) {
            seen_ = true;
            QTimer::singleShot(0, this, [this] {
                std::fprintf(stderr, "poolscope: first frame %.1f ms after process start\n",
                             msSinceProcessStart());
                std::fflush(stderr);
                window_.close();
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    ui::MainWindow& window_;
    bool seen_ = false;
};

} // namespace

void reportFirstFrame(ui::MainWindow& window)
{
    new FirstFrameWatcher(window);
}

} // namespace poolscope::app
