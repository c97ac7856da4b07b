#include "memory_bench.h"

#include <algorithm>
#include <cstdlib>

#include <sys/resource.h>

#include <QTimer>

#include "bench_clock.h"
#include "frame_probe.h"
#include "rss.h"
#include "stats.h"
#include "test_image.h"
#include "ui/model/session.h"
#include "ui/shell/main_window.h"
#include "ui/stage/channel_strip.h"
#include "wait_for_frame.h"

namespace poolscope::bench {

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

// An RGB888 QImage's bytes: rows are padded to 4 bytes.
double rgb888Bytes(int height, int width)
{
    return double(height) * double((width * 3 + 3) / 4 * 4);
}

// What the result's buffers take, and the colourised planes the views cache for it:
// the stage one channel (input and output plane), the channel strip every channel.
QJsonObject estimate(const ui::PipelineResult& r, int stripChannels)
{
    const double input = double(r.input.size()) * 4;
    const double poolInput = r.convEnabled ? double(r.poolInput.size()) * 4 : 0.0; // else shared with input
    const double output = double(r.pooled.output.size()) * 4;
    const double indices = double(r.pooled.indices.data.capacity()) * 8;
    const double oneChannel = rgb888Bytes(r.poolInput.height(), r.poolInput.width()) +
                              rgb888Bytes(r.pooled.output.height(), r.pooled.output.width());
    const double stage = oneChannel, strip = oneChannel * stripChannels;
    return QJsonObject{
        {"input_tensor", rounded(input / kMiB, 1)},
        {"pool_input_tensor", rounded(poolInput / kMiB, 1)},
        {"pooled_output_tensor", rounded(output / kMiB, 1)},
        {"indices", rounded(indices / kMiB, 1)},
        {"stage_images", rounded(stage / kMiB, 1)},
        {"channel_strip_images", rounded(strip / kMiB, 1)},
        {"total", rounded((input + poolInput + output + indices + stage + strip) / kMiB, 1)},
    };
}

// Larger than glibc's per-thread cache takes (1032 bytes), so every call goes to
// the heap and its lock, as a painted frame's larger buffers do.
constexpr std::size_t kSmallBlock = 8192;

// The GUI thread's small allocations over a while, in milliseconds.
struct SmallAllocations {
    double longest = 0;     // any call
    double longestWait = 0; // a call that slept
    double waited = 0;      // all calls that slept, together
    int waits = 0;
};

long voluntarySwitches()
{
    rusage u{};
    getrusage(RUSAGE_THREAD, &u);
    return u.ru_nvcsw;
}

// Runs the event loop for ms milliseconds while the GUI thread allocates and frees
// a small block as often as it can, as painting does. A call during which the
// thread gave up the processor of its own accord (a voluntary context switch:
// it slept on a lock, here the heap's) waited for another thread; one that was
// only preempted, on a busy machine, did not.
SmallAllocations smallAllocations(int ms)
{
    SmallAllocations a;
    QTimer busy;
    busy.setInterval(0);
    QObject::connect(&busy, &QTimer::timeout, [&] {
        for (int i = 0; i < 64; ++i) {
            const long switches = voluntarySwitches();
            const std::int64_t t0 = nowNs();
            void* volatile p = std::malloc(kSmallBlock);
            const std::int64_t t1 = nowNs();
            std::free(p);
            const double took = msBetween(t0, t1);
            a.longest = std::max(a.longest, took);
            if (voluntarySwitches() != switches) {
                a.longestWait = std::max(a.longestWait, took);
                a.waited += took;
                ++a.waits;
            }
        }
    });
    busy.start();
    runEventLoopFor(ms);
    return a;
}

} // namespace

QJsonObject memorySnapshot()
{
    const MemoryStatus m = readMemoryStatus();
    if (!m.ok)
        return QJsonObject{{"error", "/proc/self/status has no VmRSS/VmHWM"}};
    return QJsonObject{{"rss_mib", rounded(m.rssMiB, 1)}, {"hwm_mib", rounded(m.hwmMiB, 1)}};
}

PhaseReport runMemory(ui::MainWindow& window, FrameProbe& probe, const MemoryOptions& options)
{
    PhaseReport report;
    ui::Session* session = window.session();
    ConvSpec conv = session->conv();
    conv.out_channels = options.convChannels;
    // Parameters first, on the current input, so no large computation is wasted on them.
    session->setConv(conv);
    session->setPool(ui::Session::defaultPool());
    if (!waitForLatestFrame(probe, session, options.timeoutMs))
        report.failures << QStringLiteral("memory: the parameters were not painted");
    session->setInput(makeTestImage(options.width, options.height),
                      QStringLiteral("test image %1x%2").arg(options.width).arg(options.height));
    if (!waitForLatestFrame(probe, session, options.timeoutMs))
        report.failures << QStringLiteral("memory: the %1x%2 input was not painted")
                               .arg(options.width)
                               .arg(options.height);
    // Late repaints (thumbnails) and the session's release of freed memory (0.3 s
    // after a result) settle: the figure is what the app holds while it is shown.
    runEventLoopFor(1000);
    report.json = memorySnapshot();
    report.json["input"] = QStringLiteral("%1x%2 RGB, conv %3 channels, max pool k2 s2")
                               .arg(options.width)
                               .arg(options.height)
                               .arg(options.convChannels);
    if (const auto r = session->result()) // not held past here: the session gives it up below
        report.json["estimate_mib"] = estimate(*r, window.channelStrip()->count());
    report.summary << QStringLiteral("%1x%2, %3 channels: RSS %4 MiB, peak %5 MiB (buffers by size: %6 MiB)")
                          .arg(options.width)
                          .arg(options.height)
                          .arg(options.convChannels)
                          .arg(report.json["rss_mib"].toDouble(), 0, 'f', 0)
                          .arg(report.json["hwm_mib"].toDouble(), 0, 'f', 0)
                          .arg(report.json["estimate_mib"].toObject()["total"].toDouble(), 0, 'f', 0);

    // Back to the digit: the large result's memory goes back to the system a
    // moment after the new result (FreedMemoryRelease), while the GUI goes on.
    session->loadSample(QStringLiteral("digit"));
    if (!waitForLatestFrame(probe, session, options.timeoutMs))
        report.failures << QStringLiteral("memory: the digit was not painted again");
    const SmallAllocations gui = smallAllocations(1500);
    QJsonObject back = memorySnapshot();
    back["gui_small_malloc_longest_ms"] = rounded(gui.longest, 3);
    back["gui_small_malloc_longest_wait_ms"] = rounded(gui.longestWait, 3);
    back["gui_small_malloc_waited_ms"] = rounded(gui.waited, 3);
    back["gui_small_malloc_waits"] = gui.waits;
    report.json["after_back_to_digit"] = back;
    report.summary << QStringLiteral(
                          "back to the digit: RSS %1 MiB; meanwhile the GUI thread's small mallocs "
                          "waited %2 times, %3 ms in all, %4 ms at most (longest call %5 ms)")
                          .arg(back["rss_mib"].toDouble(), 0, 'f', 0)
                          .arg(gui.waits)
                          .arg(gui.waited, 0, 'f', 2)
                          .arg(gui.longestWait, 0, 'f', 2)
                          .arg(gui.longest, 0, 'f', 2);
    return report;
}

} // namespace poolscope::bench
