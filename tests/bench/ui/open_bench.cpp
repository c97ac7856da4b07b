#include "open_bench.h"

#include <vector>

#include <QDir>
#include <QTemporaryDir>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "bench_clock.h"
#include "frame_probe.h"
#include "stats.h"
#include "test_image.h"
#include "ui/animation/animator.h"
#include "ui/model/session.h"
#include "ui/shell/main_window.h"
#include "wait_for_frame.h"

namespace poolscope::bench {

namespace {

// The synthetic photo as an 8-bit JPEG, as a camera writes it.
bool writeJpeg(const QString& path, int width, int height)
{
    const Tensor t = makeTestImage(width, height);
    std::vector<cv::Mat> planes;
    for (int c = 2; c >= 0; --c) // OpenCV writes BGR
        planes.push_back(t.plane(c));
    cv::Mat bgr, bytes;
    cv::merge(planes, bgr);
    bgr.convertTo(bytes, CV_8U, 255.0);
    return cv::imwrite(path.toStdString(), bytes, {cv::IMWRITE_JPEG_QUALITY, 92});
}

} // namespace

PhaseReport runOpen(ui::MainWindow& window, FrameProbe& probe, const OpenOptions& options)
{
    PhaseReport report;
    QTemporaryDir dir;
    const QString path = QDir(dir.path()).filePath(QStringLiteral("photo.jpg"));
    if (!dir.isValid() || !writeJpeg(path, options.width, options.height)) {
        report.failures << QStringLiteral("open: could not write the test JPEG");
        return report;
    }
    ui::Session* session = window.session();
    ui::Animator* animator = window.animator();
    animator->setSpeed(options.stepsPerSecond);
    animator->setLoop(true);
    animator->play();
    runEventLoopFor(300); // the animation running as before any open

    bool loaded = false, ok = false;
    std::int64_t loadedNs = 0;
    const auto watch = QObject::connect(session, &ui::Session::fileLoaded, [&](const ui::FileLoad& load) {
        loaded = true;
        ok = load.ok;
        loadedNs = nowNs();
    });
    probe.reset();
    const std::int64_t start = nowNs();
    session->loadFile(path);
    waitUntil(
        probe, session, [&] { return loaded; }, options.timeoutMs);
    const bool painted = ok && waitForLatestFrame(probe, session, options.timeoutMs);
    const std::int64_t end = nowNs();
    QObject::disconnect(watch);
    animator->pause();
    animator->setLoop(false);
    if (!ok || !painted || session->input().width() != options.width) {
        report.failures << QStringLiteral("open: the JPEG was never shown");
        return report;
    }

    std::vector<double> intervals;
    std::int64_t last = start;
    for (const FrameProbe::Frame& f : probe.frames()) {
        if (f.endNs > end)
            break;
        intervals.push_back(msBetween(last, f.endNs));
        last = f.endNs;
    }
    int stalls = 0;
    for (double i : intervals)
        stalls += i > kStallIntervalMs;
    const Summary iv = summarize(intervals);
    report.json = QJsonObject{
        {"input", QStringLiteral("%1x%2 JPEG").arg(options.width).arg(options.height)},
        {"decoded_ms", rounded(msBetween(start, loadedNs), 1)},
        {"open_to_frame_ms", rounded(msBetween(start, end), 1)},
        {"frames_painted", int(intervals.size())},
        {"interval_ms", toJson(iv)},
        {"stall_threshold_ms", kStallIntervalMs},
        {"stalls", stalls},
    };
    report.summary << QStringLiteral(
                          "%1x%2 JPEG decoded in %3 ms, on screen after %4 ms; %5 frames meanwhile, "
                          "interval p50 %6 ms, p95 %7 ms, max %8 ms; %9 over %10 ms")
                          .arg(options.width)
                          .arg(options.height)
                          .arg(msBetween(start, loadedNs), 0, 'f', 0)
                          .arg(msBetween(start, end), 0, 'f', 0)
                          .arg(intervals.size())
                          .arg(iv.p50, 0, 'f', 1)
                          .arg(iv.p95, 0, 'f', 1)
                          .arg(iv.max, 0, 'f', 1)
                          .arg(stalls)
                          .arg(kStallIntervalMs);
    return report;
}

} // namespace poolscope::bench
