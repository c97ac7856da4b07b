#include "presentation_bench.h"

#include <optional>
#include <vector>

#include <QTest>

#include "bench_clock.h"
#include "frame_probe.h"
#include "stats.h"
#include "ui/shell/main_window.h"
#include "wait_for_frame.h"

namespace poolscope::bench {

namespace {

constexpr int kQuietMs = 100;

struct Toggle {
    double firstFrameMs = 0, lastFrameMs = 0;
    int frames = 0;
};

// One F5 press; nothing (and `why`) when no frame followed it or frames never stopped.
std::optional<Toggle> toggleOnce(ui::MainWindow& window, FrameProbe& probe, int timeoutMs, QString* why)
{
    probe.reset();
    const std::int64_t t0 = nowNs();
    QTest::keyClick(&window, Qt::Key_F5);
    if (!waitUntil(
            probe, window.session(), [&] { return !probe.frames().empty(); }, timeoutMs))
        return std::nullopt;
    // The change is over when no frame has come for a while; frames that never
    // stop (something left animating, a layout that does not settle) are a
    // failure to report, not a reason to wait for ever.
    for (std::size_t seen = 0; seen != probe.frames().size();) {
        if (msBetween(t0, nowNs()) > timeoutMs) {
            // What kept painting, for whoever looks into it.
            QStringList painted;
            for (const auto& [widget, ms] : probe.frames().back().paintMs)
                painted << widget;
            *why = QStringLiteral("frames did not stop (%1 in %2 ms; the last painted %3)")
                       .arg(probe.frames().size())
                       .arg(timeoutMs)
                       .arg(painted.join(QStringLiteral(", ")));
            return std::nullopt;
        }
        seen = probe.frames().size();
        runEventLoopFor(kQuietMs);
    }
    Toggle t;
    t.frames = int(probe.frames().size());
    t.firstFrameMs = msBetween(t0, probe.frames().front().endNs);
    t.lastFrameMs = msBetween(t0, probe.frames().back().endNs);
    return t;
}

// The toggles' three distributions, summarised once for the report and its line.
struct Summaries {
    Summary first, last, frames;
};

Summaries summarizeToggles(const std::vector<Toggle>& toggles)
{
    std::vector<double> first, last, frames;
    for (const Toggle& t : toggles) {
        first.push_back(t.firstFrameMs);
        last.push_back(t.lastFrameMs);
        frames.push_back(t.frames);
    }
    return {summarize(first), summarize(last), summarize(frames)};
}

QJsonObject describe(const Summaries& s)
{
    return QJsonObject{
        {"first_frame_ms", toJson(s.first)}, {"last_frame_ms", toJson(s.last)}, {"frames", toJson(s.frames)}};
}

QString line(const QString& label, const Summaries& s)
{
    return QStringLiteral("%1 (%2): first frame p50 %3 ms, max %4 ms; last frame p50 %5 ms, max %6 ms; "
                          "frames p50 %7, max %8")
        .arg(label)
        .arg(s.first.count)
        .arg(s.first.p50, 0, 'f', 1)
        .arg(s.first.max, 0, 'f', 1)
        .arg(s.last.p50, 0, 'f', 1)
        .arg(s.last.max, 0, 'f', 1)
        .arg(s.frames.p50, 0, 'f', 0)
        .arg(s.frames.max, 0, 'f', 0);
}

} // namespace

PhaseReport runPresentation(ui::MainWindow& window, FrameProbe& probe, const PresentationOptions& options)
{
    PhaseReport report;
    waitForLatestFrame(probe, window.session(), options.timeoutMs);
    runEventLoopFor(kQuietMs);
    std::vector<Toggle> on, off;
    for (int i = 0; i < options.toggles; ++i) {
        for (const bool entering : {true, false}) {
            QString why = QStringLiteral("no frame followed");
            const auto t = toggleOnce(window, probe, options.timeoutMs, &why);
            if (!t || window.presenting() != entering) {
                report.failures << QStringLiteral("presentation: F5 did not %1 it (toggle %2): %3")
                                       .arg(entering ? QStringLiteral("enter") : QStringLiteral("leave"))
                                       .arg(i)
                                       .arg(why);
                if (window.presenting())
                    window.setPresentation(false);
                return report;
            }
            (entering ? on : off).push_back(*t);
        }
    }
    const Summaries entering = summarizeToggles(on), leaving = summarizeToggles(off);
    report.json = QJsonObject{{"enter", describe(entering)}, {"leave", describe(leaving)}};
    report.summary << line(QStringLiteral("enter"), entering) << line(QStringLiteral("leave"), leaving);
    return report;
}

} // namespace poolscope::bench
