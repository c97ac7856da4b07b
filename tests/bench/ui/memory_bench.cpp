#include "memory_bench.h"

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
    const auto r = session->result();
    report.json = memorySnapshot();
    report.json["input"] = QStringLiteral("%1x%2 RGB, conv %3 channels, max pool k2 s2")
                               .arg(options.width)
                               .arg(options.height)
                               .arg(options.convChannels);
    if (r)
        report.json["estimate_mib"] = estimate(*r, window.channelStrip()->count());
    report.summary << QStringLiteral("%1x%2, %3 channels: RSS %4 MiB, peak %5 MiB (buffers by size: %6 MiB)")
                          .arg(options.width)
                          .arg(options.height)
                          .arg(options.convChannels)
                          .arg(report.json["rss_mib"].toDouble(), 0, 'f', 0)
                          .arg(report.json["hwm_mib"].toDouble(), 0, 'f', 0)
                          .arg(report.json["estimate_mib"].toObject()["total"].toDouble(), 0, 'f', 0);
    return report;
}

} // namespace poolscope::bench
