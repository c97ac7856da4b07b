#include "animation_bench.h"

#include <vector>

#include "bench_clock.h"
#include "cpu_time.h"
#include "frame_probe.h"
#include "paint_breakdown.h"
#include "stats.h"
#include "ui/animation/animator.h"
#include "ui/model/session.h"
#include "ui/shell/main_window.h"
#include "wait_for_frame.h"

namespace poolscope::bench {

PhaseReport runAnimation(ui::MainWindow& window, FrameProbe& probe, const AnimationOptions& options)
{
    PhaseReport report;
    ui::Session* session = window.session();
    ui::Animator* animator = window.animator();
    animator->setSpeed(options.stepsPerSecond);
    animator->setLoop(true); // a small map must not run out of steps before the time is up
    animator->toStart();
    waitForLatestFrame(probe, session, 60000);
    runEventLoopFor(50);

    int positionUpdates = 0;
    const auto counter =
        QObject::connect(session, &ui::Session::positionChanged, [&positionUpdates] { ++positionUpdates; });
    probe.reset();
    const std::int64_t cpu0 = threadCpuNs();
    const std::int64_t start = nowNs();
    animator->play();
    runEventLoopFor(int(options.seconds * 1000));
    animator->pause();
    const std::int64_t end = nowNs();
    const double guiCpuMs = msBetween(cpu0, threadCpuNs());
    QObject::disconnect(counter);
    const double finalPosition = session->position();

    std::vector<double> intervals, paints;
    std::vector<std::map<QString, double>> perFrame;
    std::int64_t last = 0;
    int frames = 0;
    for (const FrameProbe::Frame& f : probe.frames()) {
        if (!f.stagePainted || f.endNs > end)
            continue;
        ++frames;
        paints.push_back(msBetween(f.startNs, f.endNs));
        perFrame.push_back(f.paintMs);
        if (last)
            intervals.push_back(msBetween(last, f.endNs));
        last = f.endNs;
    }
    int dropped = 0;
    for (double i : intervals)
        dropped += i > kDroppedIntervalMs;
    const double seconds = msBetween(start, end) / 1000.0;
    const Summary iv = summarize(intervals);
    const double fps = iv.count ? 1000.0 / iv.mean : 0.0;
    const double droppedPct = intervals.empty() ? 0.0 : 100.0 * dropped / double(intervals.size());
    const int steps = session->stepCount();

    report.json = QJsonObject{
        {"seconds", rounded(seconds, 3)},
        {"speed_steps_per_s", options.stepsPerSecond},
        {"step_count", steps},
        {"clock_interval_ms", 16},
        {"frames_painted", frames},
        {"position_updates", positionUpdates},
        {"final_position", rounded(finalPosition, 1)},
        {"mean_fps", rounded(fps, 1)},
        {"interval_ms", toJson(iv)},
        {"frame_paint_ms", toJson(summarize(paints))},
        // All the GUI thread's work per frame (tick, panels, layout, paint): the headroom left.
        {"gui_thread_cpu_ms_per_frame", rounded(frames ? guiCpuMs / frames : 0.0)},
        {"gui_thread_busy_pct", rounded(100.0 * guiCpuMs / msBetween(start, end), 1)},
        {"dropped_threshold_ms", rounded(kDroppedIntervalMs)},
        {"dropped_frames", dropped},
        {"dropped_pct", rounded(droppedPct)},
        {"paint_by_widget_mean_ms", meanPaintByWidget(perFrame, 8)},
    };
    report.summary << QStringLiteral("%1 frames in %2 s: %3 fps; interval p50 %4 ms, p95 %5 ms, max %6 ms; "
                                     "dropped %7 (%8%); frame paint p50 %9 ms; GUI thread busy %10%")
                          .arg(frames)
                          .arg(seconds, 0, 'f', 1)
                          .arg(fps, 0, 'f', 1)
                          .arg(iv.p50, 0, 'f', 1)
                          .arg(iv.p95, 0, 'f', 1)
                          .arg(iv.max, 0, 'f', 1)
                          .arg(dropped)
                          .arg(droppedPct, 0, 'f', 1)
                          .arg(summarize(paints).p50, 0, 'f', 1)
                          .arg(100.0 * guiCpuMs / msBetween(start, end), 0, 'f', 0);
    animator->setLoop(false);
    return report;
}

} // namespace poolscope::bench
