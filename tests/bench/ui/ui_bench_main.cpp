// poolscope_ui_bench: how quickly the real window answers a change, how smoothly it
// animates, how long it takes to launch and how much memory it keeps, measured on
// the offscreen platform. Prints a JSON report on stdout and a summary on stderr.
// --smoke runs every part small and fails only when a change did not reach the
// screen as the right result, never on a time.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QScreen>
#include <QTemporaryFile>
#include <QTest>
#include <QThread>

#include <opencv2/core.hpp>

#include "animation_bench.h"
#include "bench_clock.h"
#include "bench_screen.h"
#include "frame_probe.h"
#include "latency_bench.h"
#include "launch_bench.h"
#include "memory_bench.h"
#include "open_bench.h"
#include "presentation_bench.h"
#include "stats.h"
#include "targets.h"
#include "test_image.h"
#include "ui/animation/animator.h"
#include "ui/model/freed_memory.h"
#include "ui/model/session.h"
#include "ui/shell/main_window.h"
#include "ui/shell/theme.h"
#include "wait_for_frame.h"

using namespace poolscope;
using namespace poolscope::bench;

namespace {

#ifdef POOLSCOPE_APP_PATH
const char* const kDefaultApp = POOLSCOPE_APP_PATH;
#else
const char* const kDefaultApp = "";
#endif
#ifdef POOLSCOPE_BUILD_TYPE
const char* const kBuildType = POOLSCOPE_BUILD_TYPE;
#else
const char* const kBuildType = "";
#endif

constexpr int kWindowWidth = 1600, kWindowHeight = 1000;
constexpr int kTimeoutMs = 300000;

// The machine is shared: the load next to the numbers says how much to trust them.
QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).section(' ', 0, 2) : QString();
}

struct Options {
    bool smoke = false;
    LatencyOptions latency;
    int width = 1920, height = 1080, channels = 8;
    AnimationOptions animation;
    LaunchOptions launch;
    MemoryOptions memory;
    OpenOptions open;
    PresentationOptions presentation;
    int threads = 2;
    QString jsonPath;
    QStringList skip;
};

Options parseOptions(const QCoreApplication& app)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Change-to-frame latency, animation smoothness, launch time and memory of PoolScope's window. "
        "Run with QT_QPA_PLATFORM=offscreen."));
    p.addHelpOption();
    const QCommandLineOption smoke("smoke", "Every part small and short: checks, not numbers.");
    const QCommandLineOption changes("changes", "Parameter changes to time (200; smoke 30).", "n");
    const QCommandLineOption gap("gap-ms", "Idle time before each change (20).", "ms");
    const QCommandLineOption width("width", "Input width for changes and animation (1920; smoke 320).", "px");
    const QCommandLineOption height("height", "Input height (1080; smoke 240).", "px");
    const QCommandLineOption channels("channels", "Conv output channels (8).", "n");
    const QCommandLineOption seconds("animation-seconds", "How long to play (10; smoke 1).", "s");
    const QCommandLineOption speed("speed", "Animation steps per second (1000).", "steps");
    const QCommandLineOption runs("launch-runs", "Launches of the program to time (5; smoke 1).", "n");
    const QCommandLineOption app_("app", "The poolscope program to launch.", "path");
    const QCommandLineOption mw("memory-width", "Input width for memory (3840; smoke 640).", "px");
    const QCommandLineOption mh("memory-height", "Input height for memory (2160; smoke 360).", "px");
    const QCommandLineOption mc("memory-channels", "Conv output channels for memory (16).", "n");
    const QCommandLineOption ow("open-width", "JPEG width for opening (4000; smoke 640).", "px");
    const QCommandLineOption oh("open-height", "JPEG height for opening (3000; smoke 480).", "px");
    const QCommandLineOption threads("threads", "OpenCV threads of the computation (2).", "n");
    const QCommandLineOption samples("samples", "List every change in the report.");
    const QCommandLineOption json("json", "Also write the JSON report to this file.", "path");
    const QCommandLineOption skip(
        "skip", "Parts to leave out: launch, latency, animation, presentation, open, memory.", "list");
    p.addOptions({smoke, changes, gap, width, height, channels, seconds, speed, runs, app_, mw, mh, mc, ow,
                  oh, threads, samples, json, skip});
    p.process(app);

    Options o;
    o.smoke = p.isSet(smoke);
    if (o.smoke) {
        o.latency.changes = 30;
        o.width = 320;
        o.height = 240;
        o.animation.seconds = 1;
        o.launch.runs = 1;
        o.memory.width = 640;
        o.memory.height = 360;
        o.open.width = 640;
        o.open.height = 480;
        o.presentation.toggles = 2;
    }
    const auto number = [&p](const QCommandLineOption& opt, auto& into) {
        if (!p.isSet(opt))
            return;
        bool ok = false;
        const double v = p.value(opt).toDouble(&ok);
        if (!ok || v < 0) {
            std::fprintf(stderr, "poolscope_ui_bench: --%s needs a non-negative number\n",
                         qPrintable(opt.names().constFirst()));
            std::exit(2);
        }
        into = static_cast<std::remove_reference_t<decltype(into)>>(v);
    };
    number(changes, o.latency.changes);
    number(gap, o.latency.gapMs);
    number(width, o.width);
    number(height, o.height);
    number(channels, o.channels);
    number(seconds, o.animation.seconds);
    number(speed, o.animation.stepsPerSecond);
    number(runs, o.launch.runs);
    number(mw, o.memory.width);
    number(mh, o.memory.height);
    number(mc, o.memory.convChannels);
    number(ow, o.open.width);
    number(oh, o.open.height);
    number(threads, o.threads);
    o.launch.program = p.isSet(app_) ? p.value(app_) : QString::fromUtf8(kDefaultApp);
    o.latency.samples = p.isSet(samples);
    o.jsonPath = p.value(json);
    o.skip = p.value(skip).split(',', Qt::SkipEmptyParts);
    return o;
}

// The start of the latency and animation parts: the test image, the conv with the
// given channels and a max pool k3 s2 p1, computed and painted.
PhaseReport setUp(ui::MainWindow& window, FrameProbe& probe, const Options& o)
{
    PhaseReport report;
    ui::Session* session = window.session();
    ConvSpec conv = ui::Session::defaultConv();
    conv.out_channels = o.channels;
    PoolSpec pool = ui::Session::defaultPool();
    pool.kernel = {3, 3};
    pool.stride = Size2{2, 2};
    pool.padding = {1, 1};
    session->setConv(conv);
    session->setPool(pool);
    Tensor image = makeTestImage(o.width, o.height);
    const std::int64_t t0 = nowNs();
    session->setInput(std::move(image), QStringLiteral("test image %1x%2").arg(o.width).arg(o.height));
    if (!waitForLatestFrame(probe, session, kTimeoutMs) || !session->result() ||
        session->result()->input.width() != o.width)
        report.failures << QStringLiteral("set-up: the test image was never painted");
    const double loadMs = msBetween(t0, nowNs());
    const auto r = session->result();
    report.json = QJsonObject{
        {"input", QStringLiteral("%1x%2 RGB").arg(o.width).arg(o.height)},
        {"conv_channels", o.channels},
        {"pool", "max k3 s2 p1"},
        {"pool_output", r ? QStringLiteral("%1 x %2 x %3")
                                .arg(r->pooled.output.channels())
                                .arg(r->pooled.output.height())
                                .arg(r->pooled.output.width())
                          : QString()},
        {"set_input_to_frame_ms", rounded(loadMs, 1)},
    };
    return report;
}

} // namespace

int main(int argc, char** argv)
{
    // The program's malloc settings, before any thread: the figures are the app's.
    ui::configureMallocForInteractiveUse();
    // Help needs no display, so it gets no GUI application (process() prints it and exits).
    for (int i = 1; i < argc; ++i)
        if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h") ||
            !std::strcmp(argv[i], "--help-all")) {
            QCoreApplication core(argc, argv);
            parseOptions(core);
        }
    const auto screenFile = useClassroomScreen();
    QApplication app(argc, argv);
    const Options o = parseOptions(app);
    cv::setNumThreads(o.threads);
    ui::Theme::apply(ui::ThemeKind::Light); // as the program does without settings
    QApplication::setFont(ui::Theme::classroomFont());

    QJsonObject json{
        {"benchmark", "poolscope_ui_bench"},
        {"mode", o.smoke ? "smoke" : "full"},
        {"platform", QGuiApplication::platformName()},
        {"qt", qVersion()},
        {"build_type", kBuildType},
        {"threads", cv::getNumThreads()},
        {"cpus", QThread::idealThreadCount()},
        {"window", QStringLiteral("%1x%2").arg(kWindowWidth).arg(kWindowHeight)},
        {"screen", QStringLiteral("%1x%2")
                       .arg(QGuiApplication::primaryScreen()->size().width())
                       .arg(QGuiApplication::primaryScreen()->size().height())},
        {"load_average_start", loadAverage()},
    };
    QStringList summary, failures, problems;
    const auto take = [&](const char* key, const PhaseReport& r, bool checks) {
        json[key] = r.json;
        for (const QString& s : r.summary)
            summary << QStringLiteral("%1: %2").arg(key, s);
        (checks ? failures : problems) << r.failures;
    };
    if (QGuiApplication::platformName() != QLatin1String("offscreen"))
        problems << QStringLiteral("not on the offscreen platform: set QT_QPA_PLATFORM=offscreen");

    // First, while this process is small and idle.
    if (!o.skip.contains("launch")) {
        if (o.launch.program.isEmpty())
            problems << QStringLiteral("launch: no poolscope program (--app)");
        else
            take("launch", runLaunch(o.launch), false);
    }

    ui::MainWindow window(nullptr);
    FrameProbe probe(&window);
    window.resize(kWindowWidth, kWindowHeight);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        failures << QStringLiteral("the window was never exposed");
    window.activateWindow();
    // The digit sample first, so the window has started its animation as it does for a user.
    if (!waitForLatestFrame(probe, window.session(), kTimeoutMs))
        failures << QStringLiteral("the sample was never painted");
    window.animator()->pause(); // changes are timed on a still stage; the animation on its own

    const bool changesRun = !o.skip.contains("latency"), animationRun = !o.skip.contains("animation");
    if (changesRun || animationRun) {
        const PhaseReport setup = setUp(window, probe, o);
        take("setup", setup, true);
        if (setup.failures.isEmpty()) {
            if (changesRun)
                take("latency", runLatency(window, probe, o.latency), true);
            if (animationRun)
                take("animation", runAnimation(window, probe, o.animation), false);
            json["memory_after_changes"] = memorySnapshot();
        }
    }
    if (!o.skip.contains("presentation"))
        take("presentation", runPresentation(window, probe, o.presentation), true);
    // With the latency part's conv channels still set: a photo opened mid-lesson.
    if (!o.skip.contains("open"))
        take("open", runOpen(window, probe, o.open), true);
    if (!o.skip.contains("memory"))
        take("memory", runMemory(window, probe, o.memory), false);

    QStringList goals;
    json["targets"] = checkTargets(json, &goals);
    json["load_average_end"] = loadAverage();
    json["failures"] = QJsonArray::fromStringList(failures);
    json["problems"] = QJsonArray::fromStringList(problems);
    const QByteArray text = QJsonDocument(json).toJson(QJsonDocument::Indented);
    std::fwrite(text.constData(), 1, std::size_t(text.size()), stdout);
    std::fflush(stdout);
    if (!o.jsonPath.isEmpty()) {
        QFile f(o.jsonPath);
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
            problems << QStringLiteral("could not write %1").arg(o.jsonPath);
    }

    std::fprintf(stderr, "poolscope_ui_bench (%s, %s build, %d threads, load %s -> %s)\n",
                 o.smoke ? "smoke" : "full", kBuildType, cv::getNumThreads(),
                 qPrintable(json["load_average_start"].toString()), qPrintable(loadAverage()));
    for (const QString& s : summary)
        std::fprintf(stderr, "  %s\n", qPrintable(s));
    for (const QString& s : goals)
        std::fprintf(stderr, "  target: %s\n", qPrintable(s));
    for (const QString& s : problems)
        std::fprintf(stderr, "  problem: %s\n", qPrintable(s));
    for (const QString& s : failures)
        std::fprintf(stderr, "  FAILED: %s\n", qPrintable(s));
    return failures.isEmpty() ? 0 : 1;
}
