#include "latency_bench.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include <QApplication>
#include <QComboBox>
#include <QJsonArray>
#include <QScopeGuard>
#include <QSpinBox>
#include <QTest>

#include "bench_clock.h"
#include "core/spec/spec_limits.h"
#include "cpu_time.h"
#include "frame_probe.h"
#include "paint_breakdown.h"
#include "stats.h"
#include "ui/model/session.h"
#include "ui/panels/conv_panel.h"
#include "ui/panels/pool_panel.h"
#include "ui/shell/main_window.h"
#include "wait_for_frame.h"

namespace poolscope::bench {

namespace {

struct Action {
    QString name;
    bool conv = false;
    QWidget* target = nullptr;
    Qt::Key key = Qt::Key_Up;
    // What the specs must become: the check that the frame shows this change.
    std::function<void(PoolSpec&, ConvSpec&)> expect;
};

struct Sample {
    QString action;
    bool conv = false;
    double totalMs = 0; // key press to the end of the frame showing the result
    // Key press to every channel computed and painted: the end of the first frame
    // after the result became complete (the channel strip's thumbnails), or the
    // completion itself when nothing was left to repaint.
    double allChannelsMs = 0;
    double inputMs = 0;   // the key press itself: control, form, validation, scheduling
    double workerMs = 0;  // from there to the GUI thread taking the result
    double deliverMs = 0; // Session::onComputed and every resultChanged slot
    double betweenMs = 0; // other queued GUI work before the frame starts (layout, timers)
    double paintMs = 0;   // the frame: every dirty widget painted, and flushed
    double convMs = 0, poolMs = 0, computeMs = 0;
    double guiCpuMs = 0, processCpuMs = 0; // CPU used from the key press until the frame was seen
    std::map<QString, double> paintByWidget;
};

PoolOp nextOp(PoolOp op, int by)
{
    const auto it = std::find(kAllPoolOps.begin(), kAllPoolOps.end(), op);
    const auto i = std::distance(kAllPoolOps.begin(), it) + by;
    return kAllPoolOps[std::size_t(std::clamp<std::ptrdiff_t>(i, 0, kAllPoolOps.size() - 1))];
}

// Eight pool changes that come back to where they started (every step stays valid
// from max k3 s2 p1: padding never passes half the kernel), then a convolution
// change and its undo.
std::vector<Action> actionCycle(ui::MainWindow& w)
{
    const auto spin = [](QWidget* panel, const char* name) { return panel->findChild<QSpinBox*>(name); };
    QWidget* kernel = spin(w.poolPanel(), "kernelH");
    QWidget* stride = spin(w.poolPanel(), "strideH");
    QWidget* padding = spin(w.poolPanel(), "paddingH");
    QWidget* op = w.poolPanel()->findChild<QComboBox*>("poolOp");
    QWidget* channels = spin(w.convPanel(), "convOutChannels");
    const auto grow = [](Size2& s, int by) { s = {s.h + by, s.w + by}; };
    const auto growStride = [grow](PoolSpec& p, int by) {
        Size2 s = p.effective_stride();
        grow(s, by);
        p.stride = s;
    };
    std::vector<Action> cycle{
        {"kernel +1", false, kernel, Qt::Key_Up, [grow](PoolSpec& p, ConvSpec&) { grow(p.kernel, 1); }},
        {"stride +1", false, stride, Qt::Key_Up, [growStride](PoolSpec& p, ConvSpec&) { growStride(p, 1); }},
        {"padding +1", false, padding, Qt::Key_Up, [grow](PoolSpec& p, ConvSpec&) { grow(p.padding, 1); }},
        {"padding -1", false, padding, Qt::Key_Down, [grow](PoolSpec& p, ConvSpec&) { grow(p.padding, -1); }},
        {"stride -1", false, stride, Qt::Key_Down,
         [growStride](PoolSpec& p, ConvSpec&) { growStride(p, -1); }},
        {"kernel -1", false, kernel, Qt::Key_Down, [grow](PoolSpec& p, ConvSpec&) { grow(p.kernel, -1); }},
        // Page keys: the arrows step and change the channel whatever has the focus.
        {"op next", false, op, Qt::Key_PageDown, [](PoolSpec& p, ConvSpec&) { p.op = nextOp(p.op, 1); }},
        {"op back", false, op, Qt::Key_PageUp, [](PoolSpec& p, ConvSpec&) { p.op = nextOp(p.op, -1); }},
        {"conv out_channels +1", true, channels, Qt::Key_Up,
         [](PoolSpec&, ConvSpec& c) { ++c.out_channels; }},
        {"conv out_channels -1", true, channels, Qt::Key_Down,
         [](PoolSpec&, ConvSpec& c) { --c.out_channels; }},
    };
    // At the most channels the convolution change goes down first, then back up.
    if (w.session()->conv().out_channels >= limits::kConvOutChannels.hi)
        std::swap(cycle[cycle.size() - 2], cycle[cycle.size() - 1]);
    return cycle;
}

bool sameChange(const PoolSpec& a, const PoolSpec& b)
{
    return a.op == b.op && a.kernel == b.kernel && a.effective_stride() == b.effective_stride() &&
           a.padding == b.padding;
}

// One change; on failure returns nothing and says why.
std::optional<Sample> runOne(ui::MainWindow& w, FrameProbe& probe, const Action& a, const LatencyOptions& o,
                             QString* why)
{
    ui::Session* session = w.session();
    if (!a.target) {
        *why = QStringLiteral("control not found");
        return std::nullopt;
    }
    if (QApplication::focusWidget() != a.target)
        a.target->setFocus(Qt::TabFocusReason);
    runEventLoopFor(o.gapMs); // also paints the focus change before the clock starts

    PoolSpec pool = session->pool();
    ConvSpec conv = session->conv();
    a.expect(pool, conv);
    const quint64 before = session->result() ? session->result()->generation : 0;

    std::int64_t completedNs = 0;
    const auto completion = QObject::connect(session, &ui::Session::resultCompleted, [&] {
        const auto r = session->result();
        if (r && r->generation != before && r->complete)
            completedNs = nowNs();
    });
    // Every return below leaves the connection behind with this frame's locals.
    const auto disconnectCompletion = qScopeGuard([&] { QObject::disconnect(completion); });
    const std::int64_t cpu0 = threadCpuNs(), processCpu0 = processCpuNs();
    const std::int64_t t0 = nowNs();
    QTest::keyClick(a.target, a.key);
    const std::int64_t t1 = nowNs();

    if (!session->poolError().isEmpty() || !session->convError().isEmpty()) {
        *why = QStringLiteral("rejected: %1%2").arg(session->poolError(), session->convError());
        return std::nullopt;
    }
    if (!session->busy()) {
        *why = QStringLiteral("the key press scheduled no computation");
        return std::nullopt;
    }
    if (!waitForLatestFrame(probe, session, o.timeoutMs)) {
        *why = QStringLiteral("no frame showed the result within %1 ms").arg(o.timeoutMs);
        return std::nullopt;
    }
    const double guiCpuMs = msBetween(cpu0, threadCpuNs()),
                 processCpuMs = msBetween(processCpu0, processCpuNs());
    const bool complete = waitUntil(
        probe, session, [&] { return completedNs != 0; }, o.timeoutMs);
    if (!complete) {
        *why = QStringLiteral("the result never held every channel");
        return std::nullopt;
    }
    const auto paintedAfter = [&]() -> std::optional<std::int64_t> {
        for (const FrameProbe::Frame& f : probe.frames())
            if (f.startNs >= completedNs)
                return f.endNs;
        return std::nullopt;
    };
    waitUntil(
        probe, session, [&] { return paintedAfter().has_value(); }, 200);
    const auto r = session->result();
    // The right result: the latest, computed from exactly the parameters the key set.
    if (!r || r->generation == before) {
        *why = QStringLiteral("no new result");
        return std::nullopt;
    }
    if (!(r->pool == session->pool()) || !(r->conv == session->conv()) || !sameChange(r->pool, pool) ||
        r->conv.out_channels != conv.out_channels || !r->convEnabled) {
        *why = QStringLiteral("the shown result was not computed from the new parameters");
        return std::nullopt;
    }
    const auto frame = probe.frameShowing(r->generation, t1);
    const auto delivery = probe.deliveryOf(r->generation);
    if (!frame || !delivery) {
        *why = QStringLiteral("the frame or the delivery of generation %1 was not seen").arg(r->generation);
        return std::nullopt;
    }
    Sample s;
    s.action = a.name;
    s.conv = a.conv;
    s.totalMs = msBetween(t0, frame->endNs);
    s.allChannelsMs = msBetween(t0, std::max(frame->endNs, paintedAfter().value_or(completedNs)));
    s.inputMs = msBetween(t0, t1);
    s.workerMs = msBetween(t1, delivery->startNs);
    s.deliverMs = msBetween(delivery->startNs, delivery->endNs);
    s.betweenMs = msBetween(delivery->endNs, frame->startNs);
    s.paintMs = msBetween(frame->startNs, frame->endNs);
    s.poolMs = r->poolMs;
    s.convMs = r->convCached ? 0.0 : r->convMs;
    s.computeMs = s.poolMs + s.convMs;
    s.paintByWidget = frame->paintMs;
    s.guiCpuMs = guiCpuMs;
    s.processCpuMs = processCpuMs;
    return s;
}

QJsonObject describe(const std::vector<Sample>& samples)
{
    const auto column = [&](auto field) {
        std::vector<double> v;
        for (const Sample& s : samples)
            v.push_back(field(s));
        return toJson(summarize(v));
    };
    std::vector<std::map<QString, double>> perFrame;
    for (const Sample& s : samples)
        perFrame.push_back(s.paintByWidget);
    return QJsonObject{
        {"count", qint64(samples.size())},
        {"total_ms", column([](const Sample& s) { return s.totalMs; })},
        {"all_channels_ms", column([](const Sample& s) { return s.allChannelsMs; })},
        {"compute_ms", column([](const Sample& s) { return s.computeMs; })},
        {"gui_ms", column([](const Sample& s) { return s.totalMs - s.computeMs; })},
        {"conv_ms", column([](const Sample& s) { return s.convMs; })},
        {"pool_ms", column([](const Sample& s) { return s.poolMs; })},
        {"gui_thread_cpu_ms", column([](const Sample& s) { return s.guiCpuMs; })},
        {"process_cpu_ms", column([](const Sample& s) { return s.processCpuMs; })},
        {"stages_ms",
         QJsonObject{
             {"input", column([](const Sample& s) { return s.inputMs; })},
             {"worker", column([](const Sample& s) { return s.workerMs; })},
             {"deliver", column([](const Sample& s) { return s.deliverMs; })},
             {"between", column([](const Sample& s) { return s.betweenMs; })},
             {"paint", column([](const Sample& s) { return s.paintMs; })},
         }},
        {"paint_by_widget_mean_ms", meanPaintByWidget(perFrame, 8)},
    };
}

QString line(const QString& label, const std::vector<Sample>& samples)
{
    std::vector<double> total, all, compute, paint, cpu;
    for (const Sample& s : samples) {
        total.push_back(s.totalMs);
        all.push_back(s.allChannelsMs);
        compute.push_back(s.computeMs);
        paint.push_back(s.paintMs);
        cpu.push_back(s.guiCpuMs);
    }
    const Summary t = summarize(total), c = summarize(compute), p = summarize(paint), g = summarize(cpu),
                  e = summarize(all);
    return QStringLiteral("%1 (%2): p50 %3 ms, p95 %4 ms, max %5 ms; compute p50 %6 ms; "
                          "paint p50 %7 ms; GUI thread CPU p50 %8 ms; every channel p95 %9 ms, max %10 ms")
        .arg(label)
        .arg(t.count)
        .arg(t.p50, 0, 'f', 1)
        .arg(t.p95, 0, 'f', 1)
        .arg(t.max, 0, 'f', 1)
        .arg(c.p50, 0, 'f', 1)
        .arg(p.p50, 0, 'f', 1)
        .arg(g.p50, 0, 'f', 1)
        .arg(e.p95, 0, 'f', 1)
        .arg(e.max, 0, 'f', 1);
}

} // namespace

PhaseReport runLatency(ui::MainWindow& window, FrameProbe& probe, const LatencyOptions& options)
{
    PhaseReport report;
    const std::vector<Action> cycle = actionCycle(window);
    std::vector<Sample> all, pool, conv;
    probe.reset();
    for (int i = 0; i < options.changes; ++i) {
        const Action& a = cycle[std::size_t(i) % cycle.size()];
        QString why;
        const auto s = runOne(window, probe, a, options, &why);
        if (!s) {
            report.failures << QStringLiteral("change %1 (%2): %3").arg(i).arg(a.name, why);
            if (!waitForLatestFrame(probe, window.session(), options.timeoutMs))
                break; // the window is stuck: the rest would fail alike
            continue;
        }
        all.push_back(*s);
        (s->conv ? conv : pool).push_back(*s);
    }
    report.json = describe(all);
    report.json["requested_changes"] = options.changes;
    report.json["failed_changes"] = qint64(report.failures.size());
    report.json["pool_changes"] = describe(pool);
    report.json["conv_changes"] = describe(conv);
    if (options.samples) {
        QJsonArray rows;
        for (const Sample& s : all)
            rows.append(QJsonObject{{"action", s.action},
                                    {"total_ms", rounded(s.totalMs)},
                                    {"worker_ms", rounded(s.workerMs)},
                                    {"deliver_ms", rounded(s.deliverMs)},
                                    {"between_ms", rounded(s.betweenMs)},
                                    {"paint_ms", rounded(s.paintMs)},
                                    {"compute_ms", rounded(s.computeMs)}});
        report.json["samples"] = rows;
    }
    report.summary << line(QStringLiteral("all changes"), all) << line(QStringLiteral("pool changes"), pool)
                   << line(QStringLiteral("conv changes"), conv);
    return report;
}

} // namespace poolscope::bench
