// Soak: thousands of seeded random user actions on a MainWindow through real
// input events, with the session checked against the core at checkpoints, a
// bound on memory growth, and the window closed while work is in flight.
// A failure names the seed and the last actions; rerun it with
// POOLSCOPE_SOAK_SEED=<seed> (and POOLSCOPE_SOAK_ACTIONS=<count>). The seed is
// printed on every run, and fixed when the environment variable CI is set.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <limits>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unistd.h>

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDirIterator>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPointer>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolButton>
#include <QWheelEvent>
#include <QtEndian>
#include <QtTest>

#include "core/color/value_range.h"
#include "core/conv/conv_ops.h"
#include "core/document/spec_json.h"
#include "core/io/image_io.h"
#include "core/io/npy_io.h"
#include "core/io/samples.h"
#include "core/pool/output_region.h"
#include "core/pool/pool_ops.h"
#include "core/shape/memory_estimate.h"
#include "core/shape/pool_shape.h"
#include "core/tensor/large_blocks.h"
#include "tests/ui/test_support.h"
#include "ui/animation/animation_clock.h"
#include "ui/animation/animator.h"
#include "ui/animation/transport_bar.h"
#include "ui/export/animation_export.h"
#include "ui/export/export_controller.h"
#include "ui/export/export_dialogs.h"
#include "ui/export/export_ops.h"
#include "ui/model/channel_maps.h"
#include "ui/model/freed_memory.h"
#include "ui/model/map_images.h"
#include "ui/model/session.h"
#include "ui/panels/conv_panel.h"
#include "ui/panels/math_panel.h"
#include "ui/panels/pool_panel.h"
#include "ui/shell/main_window.h"
#include "ui/shell/theme.h"
#include "ui/stage/channel_strip.h"
#include "ui/stage/feature_map_view.h"
#include "ui/stage/stage_view.h"
#include "ui/stage/view_transform.h"
#include "ui/text/display_names.h"
#include "ui/text/pytorch_code.h"

using namespace poolscope;
using namespace poolscope::ui;
using poolscope::test::bitEqual;
using poolscope::test::sameIndices;

// RSS is meaningless under AddressSanitizer (quarantine, shadow memory).
#if defined(__SANITIZE_ADDRESS__)
#define POOLSCOPE_SOAK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOLSCOPE_SOAK_ASAN 1
#endif
#endif

namespace {

constexpr int kDefaultActions = 3000;
constexpr int kCheckEvery = 50;
constexpr int kWarmUpActions = 300;
// Between two identical quiet states (same input, parameters, theme and window
// size, freed memory handed back with release_freed_memory) the window holds the same
// results and image caches, so growth can only come from Qt's bounded caches
// (QPixmapCache's default 10 MB limit, glyph and style caches, a few MB) or
// from leaks. 40 MB is well above those caches, and far below what leaking a
// fraction of the ~2700 results computed after the warm-up would cost (each
// holds its input, conv output and pooled maps plus the views' images).
constexpr double kMaxGrowthMb = 40.0;
// Far above any close in the dev build (< 1 s) and in the ASan build; a hang aborts.
constexpr int kHangSeconds = 100;
// A plane budget of 1 KiB: 256 cells.
constexpr double kTinyPlaneBudgetMiB = 1.0 / 1024;

int envInt(const char* name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok ? v : fallback;
}

// The seed of the random actions: POOLSCOPE_SOAK_SEED when it is set; a fixed one
// in continuous integration (CI set), so a red run there can be run again as it
// was; else a new one every run, to explore.
constexpr quint32 kContinuousIntegrationSeed = 271828;

quint32 soakSeed(const char** origin)
{
    bool ok = false;
    const int chosen = qEnvironmentVariableIntValue("POOLSCOPE_SOAK_SEED", &ok);
    if (ok) {
        *origin = "POOLSCOPE_SOAK_SEED";
        return quint32(chosen);
    }
    if (qEnvironmentVariableIsSet("CI")) {
        *origin = "fixed, CI is set";
        return kContinuousIntegrationSeed;
    }
    *origin = "random";
    return quint32(std::random_device{}() & 0x7fffffff);
}

double residentMb()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().simplified().split(' ');
    if (fields.size() < 2)
        return -1;
    return double(fields[1].toLongLong()) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

// Every entry under dir, hidden ones too (the exports' temporaries are hidden).
QStringList entriesUnder(const QString& dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(dir).relativeFilePath(it.next());
    out.sort();
    return out;
}

// Aborts the process with a message when its scope lasts too long: a hang in a
// destructor cannot be caught by a QVERIFY after it.
class Watchdog {
public:
    Watchdog(int seconds, const char* what)
        : thread_([this, seconds, what] {
              std::unique_lock lock(mutex_);
              if (!wake_.wait_for(lock, std::chrono::seconds(seconds), [this] { return done_; })) {
                  std::fprintf(stderr, "FAIL! TestSoak: %s did not finish within %d s (hang)\n", what,
                               seconds);
                  std::fflush(stderr);
                  std::abort();
              }
          })
    {
    }
    ~Watchdog()
    {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }

private:
    std::mutex mutex_;
    std::condition_variable wake_;
    bool done_ = false;
    std::thread thread_;
};

// ---- the pipeline a result should come from

struct PipelineState {
    Tensor input;
    bool convEnabled = true;
    ConvSpec conv;
    PoolSpec pool;
};

// The specs as the op reads them: the forms keep values an op ignores.
PipelineState currentState(const Session& s)
{
    return {s.input().for_reading(), s.convEnabled(), effective_spec(s.conv()), effective_spec(s.pool())};
}

PipelineState stateOf(const PipelineResult& r)
{
    return {r.input.for_reading(), r.convEnabled, r.conv, r.pool};
}

bool sameState(const PipelineState& a, const PipelineState& b)
{
    return bitEqual(a.input, b.input) && a.convEnabled == b.convEnabled &&
           (!a.convEnabled || a.conv == b.conv) && a.pool == b.pool;
}

QString describe(const PipelineState& s)
{
    const QString conv = s.convEnabled ? pytorchConvCode(s.conv, std::max(1, s.input.channels()))
                                       : QStringLiteral("(conv off)");
    return QStringLiteral("input %1x%2x%3 | %4 | %5")
        .arg(s.input.channels())
        .arg(s.input.height())
        .arg(s.input.width())
        .arg(conv, pytorchPoolCode(s.pool, s.convEnabled ? s.conv.out_channels : s.input.channels()));
}

// Why Session::validate refuses s at once, replicated with the core (and the
// session's memory cap); empty when it passes.
QString quickCheckFailure(const PipelineState& s, const Session::ResourceLimits& limits)
{
    if (s.input.empty())
        return QStringLiteral("no input");
    try {
        const double cap = limits.maxMemoryMiB * 1024.0 * 1024.0;
        Size2 in{s.input.height(), s.input.width()};
        int channels = s.input.channels();
        double convBytes = 0;
        if (s.convEnabled) {
            in = conv_output_size(s.conv, in.h, in.w);
            channels = s.conv.out_channels;
            make_conv_weights(s.conv, s.input.channels());
            convBytes = conv_peak_bytes(s.conv, s.input.channels(), s.input.height(), s.input.width());
        }
        const PoolGeometry g = resolve_geometry(s.pool, in.h, in.w);
        if (convBytes > cap || convBytes + pool_peak_bytes(s.pool, channels, g) > cap)
            return QStringLiteral("over the memory cap");
        return {};
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
}

// The core run directly, as the worker should have run it.
struct CoreRun {
    bool ok = false;
    QString error;
    Tensor poolInput;
    PoolResult pooled;
};

CoreRun runCore(const PipelineState& s)
{
    CoreRun run;
    try {
        if (s.convEnabled) {
            const ConvWeights w = make_conv_weights(s.conv, s.input.channels());
            run.poolInput = conv2d(s.input, w, s.conv);
            apply_activation(run.poolInput, s.conv.activation, s.conv.negative_slope);
        } else {
            run.poolInput = s.input;
        }
        run.pooled = pool(run.poolInput, s.pool);
        run.ok = true;
    } catch (const std::exception& e) {
        run.error = QString::fromStdString(e.what());
    }
    return run;
}

bool samePlane(const cv::Mat& a, const cv::Mat& b)
{
    if (a.size() != b.size() || a.type() != CV_32F || b.type() != CV_32F)
        return false;
    for (int y = 0; y < a.rows; ++y)
        if (std::memcmp(a.ptr(y), b.ptr(y), std::size_t(a.cols) * sizeof(float)) != 0)
            return false;
    return true;
}

bool samePlane(ConstPlaneView a, ConstPlaneView b)
{
    return samePlane(a.mat_for_reading(), b.mat_for_reading());
}

bool samePlane(ConstPlaneView a, const cv::Mat& b)
{
    return samePlane(a.mat_for_reading(), b);
}

bool sameBits(ValueRange a, ValueRange b)
{
    return std::memcmp(&a.lo, &b.lo, sizeof a.lo) == 0 && std::memcmp(&a.hi, &b.hi, sizeof a.hi) == 0;
}

bool samePixels(const QImage& a, const QImage& b)
{
    return a.size() == b.size() &&
           a.convertToFormat(QImage::Format_RGB32) == b.convertToFormat(QImage::Format_RGB32);
}

// Empty when the result holds exactly the core's numbers: the maps it holds,
// every channel as the views and the exports get it (computed again past the
// plane budget), the indices the export writes, the value ranges of the
// thumbnails and the focused channel's maps and pictures.
QString differenceFromCore(const PipelineResult& r, const CoreRun& core)
{
    if (!core.ok)
        return QStringLiteral("the core refuses these parameters: ") + core.error;
    if (!r.complete)
        return QStringLiteral("the result is not complete once the session is idle");
    if (!(r.poolInputShape == MapShape::of(core.poolInput)) ||
        !(r.outputShape == MapShape::of(core.pooled.output)))
        return QStringLiteral("the result's shapes differ from the core's");
    if (!r.poolInput.empty() && !bitEqual(r.poolInput, core.poolInput))
        return QStringLiteral("the pool input (conv + activation) differs from the core's");
    if (!r.pooled.output.empty() && !bitEqual(r.pooled.output, core.pooled.output))
        return QStringLiteral("the pooled output differs from the core's");
    const int channels = r.channels();
    if (int(r.thumbnails.size()) != channels)
        return QStringLiteral("%1 thumbnails for %2 channels").arg(r.thumbnails.size()).arg(channels);
    for (int c = 0; c < channels; ++c) {
        const ChannelPlanes planes = channelPlanes(r, c);
        const cv::Mat in = core.poolInput.plane(c), out = core.pooled.output.plane(c);
        if (!samePlane(planes.inputPlane(), in) || !samePlane(planes.outputPlane(), out))
            return QStringLiteral("channel %1 computed on its own differs from the core's").arg(c);
        const ChannelThumbnail& t = r.thumbnails[std::size_t(c)];
        if (!t.ready() || !sameBits(t.inputRange, value_range(in)) ||
            !sameBits(t.outputRange, value_range(out)))
            return QStringLiteral("the thumbnail of channel %1 has other value ranges than the core's maps")
                .arg(c);
    }
    if (!sameIndices(poolIndices(r), core.pooled.indices))
        return QStringLiteral("the indices the export writes differ from the core's");
    if (!r.focused)
        return QStringLiteral("the result has no maps of its focused channel");
    const int f = r.focused->channel();
    const cv::Mat in = core.poolInput.plane(f), out = core.pooled.output.plane(f);
    if (!samePlane(r.focused->planes.inputPlane(), in) || !samePlane(r.focused->planes.outputPlane(), out))
        return QStringLiteral("the focused channel's maps differ from the core's");
    const ChannelImages want =
        colorizePair(ConstTensorView(core.poolInput).plane(f), ConstTensorView(core.pooled.output).plane(f),
                     value_range(in), value_range(out));
    const ChannelImages& got = r.focused->images;
    if (!sameBits(got.range, want.range) || got.map != want.map || !samePixels(got.input, want.input) ||
        !samePixels(got.output, want.output))
        return QStringLiteral("the focused channel's pictures are not the core's maps coloured");
    return {};
}

// ---- input files

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(bytes);
    return path;
}

quint32 crc32(const QByteArray& data)
{
    quint32 c = 0xFFFFFFFFu;
    for (char ch : data) {
        c ^= uchar(ch);
        for (int k = 0; k < 8; ++k)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

QByteArray bigEndian(quint32 v)
{
    QByteArray b(4, '\0');
    qToBigEndian(v, b.data());
    return b;
}

// A valid PNG header announcing 60000 x 60000 pixels: the loader must refuse it
// before the decoder allocates anything.
QByteArray pngBombHeader()
{
    QByteArray ihdr("IHDR");
    ihdr += bigEndian(60000) + bigEndian(60000);
    ihdr += QByteArray("\x08\x02\x00\x00\x00", 5); // 8-bit RGB
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    png += bigEndian(13) + ihdr + bigEndian(crc32(ihdr));
    const QByteArray iend("IEND");
    png += bigEndian(0) + iend + bigEndian(crc32(iend));
    return png;
}

QImage colourRamp(int w, int h)
{
    QImage image(w, h, QImage::Format_RGB888);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            image.setPixelColor(x, y, QColor((37 * x) % 256, (53 * y) % 256, (x * y) % 256));
    return image;
}

} // namespace

// ---- the random user

class SoakDriver {
public:
    SoakDriver(MainWindow* window, ManualAnimationClock* clock, quint32 seed, int actions,
               const QTemporaryDir& dir);

    // Finds the controls; false (with a test failure) when one is missing.
    bool init();
    void act(int index);
    void checkpoint();
    // A quiet, fixed state (same for every call) for comparing memory.
    void settle();
    QString context(const QString& what) const;

private:
    using Action = void (SoakDriver::*)();
    template <class T> T* find(const char* name);
    int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
    bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
    template <class T> const T& pick(const std::vector<T>& v)
    {
        return v[std::size_t(uniform(0, int(v.size()) - 1))];
    }
    void log(const QString& what);
    void processEvents();
    void onParametersOrInputChanged();

    // Input helpers, as a user's hand would move.
    void clickCentre(QWidget* w);
    void clickCheckBox(QCheckBox* box);
    void focusByTab(QWidget* w);
    void typeInto(QAbstractSpinBox* box, const QString& text);
    QWidget* focused() const;
    QString intText();
    QString doubleText();

    // Actions.
    void poolOpKeys();
    void poolPairTyping();
    void poolSingleTyping();
    void spinStepKeys();
    void poolCheckBox();
    void linkToggle();
    void convEnabledClick();
    void convComboKeys();
    void convOutChannelsTyping();
    void convPairTyping();
    void convSingleTyping();
    void loadSample();
    void loadGoodFile();
    void loadBadFile();
    void wheelZoom();
    void dragPan();
    void clickOutputCell();
    void animationKeys();
    void advanceClock();
    void switchChannel();
    void resizeWindow();
    void toggleTheme();
    void viewKeys();
    void togglePlaneBudget();

    bool openOrDrop(const QString& path, bool drop);
    FeatureMapView* randomMap();

    QObject receiver_; // the driver's connections end with it, before the window's
    MainWindow* window_;
    Session* session_;
    ManualAnimationClock* clock_;
    quint32 seed_;
    int actions_;
    int index_ = -1;
    std::mt19937 rng_;
    std::deque<QString> log_;
    std::vector<std::pair<Action, int>> weighted_;
    int totalWeight_ = 0;

    std::vector<QString> goodFiles_, badFiles_;
    std::vector<QSpinBox*> poolPairBoxes_, convPairBoxes_, intBoxes_;
    std::vector<QDoubleSpinBox*> doubleBoxes_;
    std::vector<QCheckBox*> poolChecks_;
    std::vector<QToolButton*> links_;
    std::vector<QComboBox*> convCombos_;
    QComboBox* poolOp_ = nullptr;
    QCheckBox* convEnabled_ = nullptr;
    QSpinBox* outChannels_ = nullptr;
    QAction* darkAction_ = nullptr;
    std::vector<std::pair<QString, QAction*>> sampleActions_;

    // The last parameters that passed the quick checks: after an invalid change
    // their result is the one the session must keep.
    std::optional<PipelineState> lastValid_;
    int changes_ = 0;
};

SoakDriver::SoakDriver(MainWindow* window, ManualAnimationClock* clock, quint32 seed, int actions,
                       const QTemporaryDir& dir)
    : window_(window), session_(window->session()), clock_(clock), seed_(seed), actions_(actions), rng_(seed)
{
    // Good inputs: a colour picture, a gray one, an array with a NaN.
    const QString rgb = dir.filePath(QStringLiteral("colour.png"));
    colourRamp(23, 31).save(rgb, "PNG");
    const QString gray = dir.filePath(QStringLiteral("gray.png"));
    colourRamp(17, 12).convertToFormat(QImage::Format_Grayscale8).save(gray, "PNG");
    Tensor array(2, 9, 11);
    for (int c = 0; c < 2; ++c)
        for (int y = 0; y < 9; ++y)
            for (int x = 0; x < 11; ++x)
                array.at(c, y, x) = float(c) - 0.3f * float(y) + 0.07f * float(x * x);
    array.at(1, 4, 5) = std::numeric_limits<float>::quiet_NaN();
    const QString npy = dir.filePath(QStringLiteral("array.npy"));
    write_npy(QFile::encodeName(npy).toStdString(), array);
    goodFiles_ = {rgb, gray, npy};

    // Bad inputs: each must leave the old input in place and say why.
    QFile rgbFile(rgb);
    rgbFile.open(QIODevice::ReadOnly);
    const QByteArray rgbBytes = rgbFile.readAll();
    QDir(dir.path()).mkdir(QStringLiteral("folder.png"));
    badFiles_ = {writeFile(dir, QStringLiteral("empty.png"), {}),
                 writeFile(dir, QStringLiteral("text.png"), "this is not a picture\n"),
                 writeFile(dir, QStringLiteral("cut.png"), rgbBytes.left(rgbBytes.size() / 2)),
                 writeFile(dir, QStringLiteral("bomb.png"), pngBombHeader()),
                 writeFile(dir, QStringLiteral("bad.npy"), "\x93NUMPY garbage"),
                 dir.filePath(QStringLiteral("missing.png")),
                 dir.filePath(QStringLiteral("folder.png"))};

    // Weights: what a class demo does most (parameters, stepping) comes up most.
    weighted_ = {{&SoakDriver::poolOpKeys, 8},
                 {&SoakDriver::poolPairTyping, 14},
                 {&SoakDriver::poolSingleTyping, 4},
                 {&SoakDriver::spinStepKeys, 4},
                 {&SoakDriver::poolCheckBox, 6},
                 {&SoakDriver::linkToggle, 2},
                 {&SoakDriver::convEnabledClick, 3},
                 {&SoakDriver::convComboKeys, 4},
                 {&SoakDriver::convOutChannelsTyping, 3},
                 {&SoakDriver::convPairTyping, 4},
                 {&SoakDriver::convSingleTyping, 2},
                 {&SoakDriver::loadSample, 2},
                 {&SoakDriver::loadGoodFile, 2},
                 {&SoakDriver::loadBadFile, 3},
                 {&SoakDriver::wheelZoom, 6},
                 {&SoakDriver::dragPan, 4},
                 {&SoakDriver::clickOutputCell, 3},
                 {&SoakDriver::animationKeys, 12},
                 {&SoakDriver::advanceClock, 8},
                 {&SoakDriver::switchChannel, 4},
                 {&SoakDriver::resizeWindow, 2},
                 {&SoakDriver::toggleTheme, 1},
                 {&SoakDriver::viewKeys, 2},
                 {&SoakDriver::togglePlaneBudget, 2}};
    for (const auto& [action, weight] : weighted_)
        totalWeight_ += weight;

    QObject::connect(session_, &Session::parametersChanged, &receiver_,
                     [this] { onParametersOrInputChanged(); });
    QObject::connect(session_, &Session::inputChanged, &receiver_, [this] { onParametersOrInputChanged(); });
    onParametersOrInputChanged();
}

template <class T> T* SoakDriver::find(const char* name)
{
    T* w = window_->findChild<T*>(QString::fromLatin1(name));
    if (!w)
        QTest::qFail(qPrintable(QStringLiteral("no control named %1").arg(name)), __FILE__, __LINE__);
    return w;
}

bool SoakDriver::init()
{
    for (const char* pair : {"kernel", "stride", "padding", "dilation", "outputSize"})
        for (const char* side : {"H", "W"})
            poolPairBoxes_.push_back(find<QSpinBox>((QByteArray(pair) + side).constData()));
    for (const char* pair : {"convKernel", "convStride", "convPadding", "convDilation"})
        for (const char* side : {"H", "W"})
            convPairBoxes_.push_back(find<QSpinBox>((QByteArray(pair) + side).constData()));
    for (const char* pair : {"kernel", "stride", "padding", "dilation", "outputSize", "convKernel",
                             "convStride", "convPadding", "convDilation"})
        links_.push_back(find<QToolButton>((QByteArray(pair) + "Link").constData()));
    for (const char* name : {"divisorOverride", "seed", "blurSize", "convSeed"})
        intBoxes_.push_back(find<QSpinBox>(name));
    for (const char* name : {"normType", "alpha", "outputRatio", "convNegativeSlope", "convBias"})
        doubleBoxes_.push_back(find<QDoubleSpinBox>(name));
    for (const char* name :
         {"strideIsKernel", "ceilMode", "countIncludePad", "divisorOverrideOn", "train", "outputRatioOn"})
        poolChecks_.push_back(find<QCheckBox>(name));
    for (const char* name : {"convBank", "convPaddingMode", "convActivation"})
        convCombos_.push_back(find<QComboBox>(name));
    poolOp_ = find<QComboBox>("poolOp");
    convEnabled_ = find<QCheckBox>("convEnabled");
    outChannels_ = find<QSpinBox>("convOutChannels");
    if (QTest::currentTestFailed())
        return false;

    for (QAction* a : window_->findChildren<QAction*>()) {
        if (a->text() == QStringLiteral("&Dark Theme"))
            darkAction_ = a;
        for (const Sample& s : samples())
            if (a->text() == toQString(s.title))
                sampleActions_.emplace_back(toQString(s.title), a);
    }
    if (!darkAction_ || sampleActions_.size() != samples().size()) {
        QTest::qFail("the Dark Theme or Open Sample actions are missing", __FILE__, __LINE__);
        return false;
    }
    return true;
}

void SoakDriver::onParametersOrInputChanged()
{
    // Called for every change, also the in-between values of typed numbers:
    // each valid one is scheduled, and the last of them is what an invalid change keeps.
    ++changes_;
    PipelineState s = currentState(*session_);
    if (quickCheckFailure(s, session_->resourceLimits()).isEmpty())
        lastValid_ = std::move(s);
}

void SoakDriver::log(const QString& what)
{
    log_.push_back(QStringLiteral("#%1 %2").arg(index_).arg(what));
    while (log_.size() > 16)
        log_.pop_front();
}

QString SoakDriver::context(const QString& what) const
{
    QString text = QStringLiteral("%1\n   seed %2, action %3 of %4; reproduce with POOLSCOPE_SOAK_SEED=%2 "
                                  "POOLSCOPE_SOAK_ACTIONS=%5 test_soak randomActions\n   session: %6\n"
                                  "   last actions:")
                       .arg(what)
                       .arg(seed_)
                       .arg(index_)
                       .arg(actions_)
                       .arg(index_ + 1)
                       .arg(describe(currentState(*session_)));
    for (const QString& line : log_)
        text += QStringLiteral("\n     ") + line;
    return text;
}

// Fails the test with the seed and recent actions, and leaves the calling (void) function.
#define SOAK_CHECK(cond, what)                                                                               \
    do {                                                                                                     \
        if (!(cond)) {                                                                                       \
            QTest::qFail(qPrintable(context(QStringLiteral("%1 [%2]").arg(what, QString::fromUtf8(#cond)))), \
                         __FILE__, __LINE__);                                                                \
            return;                                                                                          \
        }                                                                                                    \
    } while (0)

void SoakDriver::processEvents()
{
    // What the event loop does between two user gestures: results arrive, views repaint.
    QCoreApplication::processEvents();
    // A key that opened a combo box's list: the user closes it again.
    if (QWidget* popup = QApplication::activePopupWidget()) {
        log(QStringLiteral("  (closed a popup with Escape)"));
        QTest::keyClick(popup, Qt::Key_Escape);
        QCoreApplication::processEvents();
    }
    // A window manager gives the window back its activation when a popup closes
    // and when it is clicked; the offscreen platform does neither, so do it here.
    // (isActiveWindow() is already true while a closed popup of the window still
    // holds the activation, so set the application's active window itself.)
    if (QApplication::activeWindow() != window_)
        QApplication::setActiveWindow(window_);
}

QWidget* SoakDriver::focused() const
{
    QWidget* w = QApplication::focusWidget();
    return w ? w : window_;
}

void SoakDriver::clickCentre(QWidget* w)
{
    QTest::mouseClick(w, Qt::LeftButton, Qt::NoModifier, w->rect().center());
}

void SoakDriver::clickCheckBox(QCheckBox* box)
{
    // On the indicator: a form stretches check boxes wider than their clickable text.
    const int indicator = box->style()->pixelMetric(QStyle::PM_IndicatorWidth, nullptr, box);
    QTest::mouseClick(box, Qt::LeftButton, Qt::NoModifier, QPoint(indicator / 2 + 1, box->height() / 2));
}

void SoakDriver::focusByTab(QWidget* w)
{
    // Combo boxes open their list on a click; a user tabs into them.
    if (w->isEnabled())
        w->setFocus(Qt::TabFocusReason);
}

QString SoakDriver::intText()
{
    static const std::vector<QString> edge{"0",   "-1", "-12", "49",  "99", "100000", "2147483648",
                                           "abc", "",   "1.5", "+3",  " 2", "007",    "16",
                                           "17",  "9",  "10",  "999", "1e3"};
    return chance(0.6) ? QString::number(uniform(1, 5)) : pick(edge);
}

QString SoakDriver::doubleText()
{
    static const std::vector<QString> values{"0",    "-1",  "0.5", "1",   "2.5",  "64",   "1000",
                                             "0.01", "1e9", "abc", "nan", "0.99", "-0.5", "3"};
    return pick(values);
}

void SoakDriver::typeInto(QAbstractSpinBox* box, const QString& text)
{
    // Click into the box (a disabled one takes no focus), select all, type, then
    // Enter, Tab away or just leave the text there; keys go wherever the focus is.
    clickCentre(box->findChild<QLineEdit*>() ? static_cast<QWidget*>(box->findChild<QLineEdit*>()) : box);
    QWidget* target = focused();
    QTest::keyClick(target, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(target, text);
    const int end = uniform(0, 3);
    if (end <= 1)
        QTest::keyClick(focused(), Qt::Key_Return);
    else if (end == 2)
        QTest::keyClick(focused(), Qt::Key_Tab);
    log(QStringLiteral("type '%1' into %2%3 (keys went to %4)")
            .arg(text, box->objectName(), box->isEnabled() ? QString() : QStringLiteral(" [disabled]"),
                 target->objectName()));
}

// ---- actions

void SoakDriver::poolOpKeys()
{
    focusByTab(poolOp_);
    static const std::vector<std::pair<Qt::Key, QString>> keys{
        {Qt::Key_Down, "Down"}, {Qt::Key_Up, "Up"}, {Qt::Key_A, "a"}, {Qt::Key_M, "m"},
        {Qt::Key_F, "f"},       {Qt::Key_G, "g"},   {Qt::Key_B, "b"}, {Qt::Key_S, "s"}};
    const auto& [key, name] = pick(keys);
    const int repeat = uniform(1, 3);
    for (int i = 0; i < repeat; ++i)
        QTest::keyClick(poolOp_, key);
    log(QStringLiteral("pool op: %1 x%2 -> %3").arg(name).arg(repeat).arg(poolOp_->currentText()));
    SOAK_CHECK(session_->pool().op == PoolOp(poolOp_->currentData().toInt()),
               QStringLiteral("the op chosen in the combo box reaches the session"));
}

void SoakDriver::poolPairTyping()
{
    typeInto(pick(poolPairBoxes_), intText());
}

void SoakDriver::poolSingleTyping()
{
    if (chance(0.5))
        typeInto(pick(intBoxes_), intText());
    else
        typeInto(pick(doubleBoxes_), doubleText());
}

void SoakDriver::spinStepKeys()
{
    std::vector<QAbstractSpinBox*> boxes(poolPairBoxes_.begin(), poolPairBoxes_.end());
    boxes.insert(boxes.end(), convPairBoxes_.begin(), convPairBoxes_.end());
    boxes.insert(boxes.end(), intBoxes_.begin(), intBoxes_.end());
    boxes.insert(boxes.end(), doubleBoxes_.begin(), doubleBoxes_.end());
    boxes.push_back(outChannels_);
    QAbstractSpinBox* box = pick(boxes);
    clickCentre(box->findChild<QLineEdit*>());
    static const std::vector<std::pair<Qt::Key, QString>> keys{{Qt::Key_Up, "Up"},
                                                               {Qt::Key_Down, "Down"},
                                                               {Qt::Key_PageUp, "PageUp"},
                                                               {Qt::Key_PageDown, "PageDown"}};
    const auto& [key, name] = pick(keys);
    const int repeat = uniform(1, 4);
    QWidget* target = focused();
    for (int i = 0; i < repeat; ++i)
        QTest::keyClick(target, key);
    log(QStringLiteral("%1 x%2 on %3 (keys went to %4)")
            .arg(name)
            .arg(repeat)
            .arg(box->objectName(), target->objectName()));
}

void SoakDriver::poolCheckBox()
{
    QCheckBox* box = pick(poolChecks_);
    const bool enabled = box->isEnabled();
    const bool before = box->isChecked();
    clickCheckBox(box);
    log(QStringLiteral("click %1 (%2 -> %3)%4")
            .arg(box->objectName())
            .arg(before)
            .arg(box->isChecked())
            .arg(enabled ? QString() : QStringLiteral(" [disabled]")));
    if (box->objectName() == QStringLiteral("ceilMode")) {
        SOAK_CHECK(box->isChecked() == (enabled ? !before : before),
                   QStringLiteral("a click toggles ceil_mode"));
        SOAK_CHECK(session_->pool().ceil_mode == box->isChecked(),
                   QStringLiteral("ceil_mode reaches the session"));
    }
    if (box->objectName() == QStringLiteral("countIncludePad"))
        SOAK_CHECK(session_->pool().count_include_pad == box->isChecked(),
                   QStringLiteral("count_include_pad reaches the session"));
}

void SoakDriver::linkToggle()
{
    QToolButton* link = pick(links_);
    clickCentre(link);
    log(QStringLiteral("click %1 -> %2").arg(link->objectName()).arg(link->isChecked()));
}

void SoakDriver::convEnabledClick()
{
    const bool before = session_->convEnabled();
    clickCheckBox(convEnabled_);
    log(QStringLiteral("click convEnabled (%1 -> %2)").arg(before).arg(session_->convEnabled()));
    SOAK_CHECK(convEnabled_->isChecked() == !before && session_->convEnabled() == !before,
               QStringLiteral("a click on 'Convolve before pooling' toggles the conv"));
}

void SoakDriver::convComboKeys()
{
    QComboBox* combo = pick(convCombos_);
    focusByTab(combo);
    const Qt::Key key = chance(0.5) ? Qt::Key_Down : Qt::Key_Up;
    const int repeat = uniform(1, 3);
    for (int i = 0; i < repeat; ++i)
        QTest::keyClick(focused(), key);
    log(QStringLiteral("%1 x%2 on %3%4 -> %5")
            .arg(key == Qt::Key_Down ? "Down" : "Up")
            .arg(repeat)
            .arg(combo->objectName(), combo->isEnabled() ? QString() : QStringLiteral(" [disabled]"),
                 combo->currentText()));
}

void SoakDriver::convOutChannelsTyping()
{
    typeInto(outChannels_, intText());
}

void SoakDriver::convPairTyping()
{
    if (chance(0.15)) {
        auto* same = window_->findChild<QCheckBox*>(QStringLiteral("convPaddingSame"));
        clickCheckBox(same);
        log(QStringLiteral("click convPaddingSame -> %1").arg(same->isChecked()));
        return;
    }
    typeInto(pick(convPairBoxes_), intText());
}

void SoakDriver::convSingleTyping()
{
    typeInto(pick(doubleBoxes_), doubleText());
}

void SoakDriver::loadSample()
{
    const auto& [title, action] = sampleActions_[std::size_t(uniform(0, int(sampleActions_.size()) - 1))];
    action->trigger(); // File > Open Sample > title
    log(QStringLiteral("open sample '%1'").arg(title));
    SOAK_CHECK(session_->inputName() == title, QStringLiteral("the sample becomes the input"));
}

bool SoakDriver::openOrDrop(const QString& path, bool drop)
{
    if (!drop)
        return window_->openFile(path); // what File > Open does with the chosen file
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    const QPoint pos = window_->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window_, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent dropEvent(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window_, &dropEvent);
    return true;
}

void SoakDriver::loadGoodFile()
{
    const QString path = pick(goodFiles_);
    const bool drop = chance(0.5);
    const bool ok = openOrDrop(path, drop);
    session_->waitForLoad(); // read on the loader thread
    log(QStringLiteral("%1 %2").arg(drop ? "drop" : "open", QFileInfo(path).fileName()));
    SOAK_CHECK(ok, QStringLiteral("a good file opens"));
    SOAK_CHECK(session_->inputName() == QFileInfo(path).fileName(),
               QStringLiteral("the file becomes the input"));
}

void SoakDriver::loadBadFile()
{
    const QString path = pick(badFiles_);
    const bool drop = chance(0.5);
    const ReadOnlyTensor before = session_->input();
    const QString name = session_->inputName();
    window_->messageBar()->dismiss();
    openOrDrop(path, drop); // started: the failure is told once the file is read
    session_->waitForLoad();
    log(QStringLiteral("%1 bad %2").arg(drop ? "drop" : "open", QFileInfo(path).fileName()));
    SOAK_CHECK(!session_->loading(), QStringLiteral("a bad file is done with once read"));
    SOAK_CHECK(session_->inputName() == name && bitEqual(session_->input(), before),
               QStringLiteral("a bad file keeps the previous input"));
    const QString message = window_->messageBar()->text();
    SOAK_CHECK(message.contains(QFileInfo(path).fileName()) &&
                   message.startsWith(QStringLiteral("Could not open")),
               QStringLiteral("a bad file is reported in the message bar, got '%1'").arg(message));
}

FeatureMapView* SoakDriver::randomMap()
{
    StageView* stage = window_->stageView();
    return chance(0.5) ? stage->inputMap() : stage->outputMap();
}

void SoakDriver::wheelZoom()
{
    FeatureMapView* map = randomMap();
    const QPointF pos(uniform(0, std::max(0, map->width() - 1)), uniform(0, std::max(0, map->height() - 1)));
    int notches = uniform(-3, 3);
    if (notches == 0)
        notches = 1;
    ViewTransform* t = window_->stageView()->viewTransform();
    const double before = t->zoom();
    QWheelEvent wheel(pos, map->mapToGlobal(pos), QPoint(), QPoint(0, 120 * notches), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(map, &wheel);
    log(QStringLiteral("wheel %1 notches on the %2 map at (%3, %4): zoom %5 -> %6")
            .arg(notches)
            .arg(map->role() == MapRole::Input ? "input" : "output")
            .arg(pos.x())
            .arg(pos.y())
            .arg(before)
            .arg(t->zoom()));
    SOAK_CHECK(notches > 0 ? t->zoom() >= before : t->zoom() <= before,
               QStringLiteral("the wheel zooms the right way"));
    SOAK_CHECK(t->zoom() >= ViewTransform::kMinZoom && t->zoom() <= ViewTransform::kMaxZoom,
               QStringLiteral("the zoom stays within its limits"));
}

void SoakDriver::dragPan()
{
    FeatureMapView* map = randomMap();
    const QPoint from(uniform(0, std::max(0, map->width() - 1)), uniform(0, std::max(0, map->height() - 1)));
    const QPoint to = from + QPoint(uniform(-300, 300), uniform(-300, 300));
    QTest::mousePress(map, Qt::LeftButton, Qt::NoModifier, from);
    const int moves = uniform(1, 4);
    for (int i = 1; i <= moves; ++i)
        QTest::mouseMove(map, from + (to - from) * i / moves);
    QTest::mouseRelease(map, Qt::LeftButton, Qt::NoModifier, to);
    const QPointF focus = window_->stageView()->viewTransform()->focus();
    log(QStringLiteral("drag on the %1 map from (%2, %3) to (%4, %5): focus (%6, %7)")
            .arg(map->role() == MapRole::Input ? "input" : "output")
            .arg(from.x())
            .arg(from.y())
            .arg(to.x())
            .arg(to.y())
            .arg(focus.x())
            .arg(focus.y()));
    SOAK_CHECK(focus.x() >= 0 && focus.x() <= 1 && focus.y() >= 0 && focus.y() <= 1,
               QStringLiteral("panning keeps the focus within the maps"));
}

void SoakDriver::clickOutputCell()
{
    auto r = session_->result();
    if (!r || r->pooled.output.height() == 0 || r->pooled.output.width() == 0)
        return log(QStringLiteral("click an output cell: no result"));
    StageView* stage = window_->stageView();
    FeatureMapView* map = stage->outputMap();
    const int oy = uniform(0, r->pooled.output.height() - 1), ox = uniform(0, r->pooled.output.width() - 1);
    // The part of the cell on screen: a zoomed map scrolls cells under its title
    // and colour bar, and a user clicks what is left in view.
    const QRect cell = stage->outputCellRect(oy, ox).intersected(stage->outputViewport());
    const QPoint pos = map->mapFrom(stage, cell.center());
    const bool visible = cell.width() >= 4 && cell.height() >= 4 && map->height() >= 100;
    if (!visible)
        return log(QStringLiteral("click output cell (%1, %2): not on screen").arg(oy).arg(ox));
    const int before = session_->step();
    const QWidget* under = window_->childAt(map->mapTo(window_, pos));
    QTest::mouseClick(map, Qt::LeftButton, Qt::NoModifier, pos);
    log(QStringLiteral("click output cell (%1, %2) of %3 x %4 at (%5, %6) on %7: step %8 -> %9")
            .arg(oy)
            .arg(ox)
            .arg(r->pooled.output.height())
            .arg(r->pooled.output.width())
            .arg(pos.x())
            .arg(pos.y())
            .arg(under ? under->objectName() + QLatin1Char(' ') + under->metaObject()->className()
                       : QStringLiteral("nothing"))
            .arg(before)
            .arg(session_->step()));
    // Inside the region of interest (or without one) the click moves there; a cell outside has no step.
    const QRect sweep = session_->stepRect();
    const bool swept = sweep.contains(ox, oy);
    SOAK_CHECK(swept ? session_->step() == (oy - sweep.y()) * sweep.width() + (ox - sweep.x())
                     : session_->step() == before,
               QStringLiteral("a click on an output cell moves the sweep to the step that writes it"));
}

void SoakDriver::animationKeys()
{
    // Click the input map first, as a user does to give the stage the keyboard.
    StageView* stage = window_->stageView();
    FeatureMapView* input = stage->inputMap();
    QTest::mouseClick(
        input, Qt::LeftButton, Qt::NoModifier,
        QPoint(uniform(0, std::max(0, input->width() - 1)), uniform(0, std::max(0, input->height() - 1))));
    SOAK_CHECK(
        QApplication::focusWidget() == stage,
        QStringLiteral("a click on a map gives the stage the keyboard (it went to %1, the map is %2 x %3)")
            .arg(QApplication::focusWidget() ? QApplication::focusWidget()->objectName()
                 : QApplication::activeWindow()
                     ? QStringLiteral("none in a ") + QApplication::activeWindow()->metaObject()->className()
                     : QStringLiteral("none, no active window"))
            .arg(input->width())
            .arg(input->height()));
    static const std::vector<std::pair<Qt::Key, QString>> keys{{Qt::Key_Right, "Right"},
                                                               {Qt::Key_Left, "Left"},
                                                               {Qt::Key_Home, "Home"},
                                                               {Qt::Key_End, "End"},
                                                               {Qt::Key_Space, "Space"}};
    const auto& [key, name] = pick(keys);
    Animator* animator = window_->animator();
    const int count = session_->stepCount();
    const double position = session_->position();
    const bool playing = animator->isPlaying();
    QTest::keyClick(stage, key);
    log(QStringLiteral("key %1 on the stage: step %2 -> %3 of %4, playing %5 -> %6")
            .arg(name)
            .arg(int(std::floor(position)))
            .arg(session_->step())
            .arg(count)
            .arg(playing)
            .arg(animator->isPlaying()));
    if (count == 0)
        return;
    const int last = count - 1;
    int expected = -1;
    switch (key) {
    case Qt::Key_Right:
        expected = std::min(last, int(std::floor(position)) + 1);
        break;
    case Qt::Key_Left:
        expected = std::max(0, int(std::ceil(position)) - 1);
        break;
    case Qt::Key_Home:
        expected = 0;
        break;
    case Qt::Key_End:
        expected = last;
        break;
    default:
        SOAK_CHECK(animator->isPlaying() != playing, QStringLiteral("Space toggles playback"));
        return;
    }
    SOAK_CHECK(session_->step() == expected,
               QStringLiteral("the key moves the sweep to step %1").arg(expected));
    SOAK_CHECK(!animator->isPlaying(), QStringLiteral("stepping pauses"));
}

void SoakDriver::advanceClock()
{
    const int ms = chance(0.8) ? uniform(1, 400) : uniform(1000, 20000);
    const double before = session_->position();
    clock_->advance(ms);
    log(QStringLiteral("advance the clock %1 ms: position %2 -> %3 (playing %4)")
            .arg(ms)
            .arg(before)
            .arg(session_->position())
            .arg(window_->animator()->isPlaying()));
}

void SoakDriver::togglePlaneBudget()
{
    // As the settings could set it: past a tiny budget every map with more than a
    // few hundred cells keeps only the focused channel's planes, and the others
    // are computed again for the views, the checks and the exports.
    Session::ResourceLimits limits = session_->resourceLimits();
    limits.planeBudgetMiB =
        limits.planeBudgetMiB == kDefaultPlaneBudgetMiB ? kTinyPlaneBudgetMiB : kDefaultPlaneBudgetMiB;
    session_->setResourceLimits(limits);
    log(QStringLiteral("plane budget %1 MiB").arg(limits.planeBudgetMiB));
}

void SoakDriver::switchChannel()
{
    ChannelStrip* strip = window_->channelStrip();
    const int n = strip->count();
    if (n == 0)
        return log(QStringLiteral("switch channel: no channels"));
    if (chance(0.6)) {
        const int c = uniform(0, n - 1);
        const QRect thumb = strip->thumbnailRect(c);
        if (thumb.isEmpty() || !strip->rect().contains(thumb.center()))
            return log(QStringLiteral("click channel %1: not on screen").arg(c));
        QTest::mouseClick(strip, Qt::LeftButton, Qt::NoModifier, thumb.center());
        log(QStringLiteral("click channel %1 of %2 -> %3").arg(c).arg(n).arg(session_->focusedChannel()));
        SOAK_CHECK(session_->focusedChannel() == c,
                   QStringLiteral("a click on a thumbnail focuses its channel"));
        return;
    }
    // The strip has the keyboard after a click; Up and Down move between channels
    // there as everywhere (Left and Right step the window).
    clickCentre(strip);
    const int c = session_->focusedChannel();
    static const std::vector<std::pair<Qt::Key, QString>> keys{{Qt::Key_Down, "Down"}, {Qt::Key_Up, "Up"}};
    const auto& [key, name] = pick(keys);
    QTest::keyClick(focused(), key);
    const int expected = key == Qt::Key_Down ? std::min(n - 1, c + 1) : std::max(0, c - 1);
    log(QStringLiteral("key %1 on the channel strip: channel %2 -> %3 of %4")
            .arg(name)
            .arg(c)
            .arg(session_->focusedChannel())
            .arg(n));
    SOAK_CHECK(session_->focusedChannel() == expected,
               QStringLiteral("Up and Down on the strip move to channel %1").arg(expected));
}

void SoakDriver::resizeWindow()
{
    const QSize size(uniform(300, 1800), uniform(250, 1200));
    window_->resize(size);
    log(QStringLiteral("resize to %1 x %2").arg(size.width()).arg(size.height()));
}

void SoakDriver::toggleTheme()
{
    const bool dark = Theme::current() == ThemeKind::Dark;
    darkAction_->trigger(); // View > Dark Theme
    log(QStringLiteral("toggle the theme to %1").arg(dark ? "light" : "dark"));
    SOAK_CHECK((Theme::current() == ThemeKind::Dark) == !dark,
               QStringLiteral("View > Dark Theme switches the look"));
}

void SoakDriver::viewKeys()
{
    StageView* stage = window_->stageView();
    stage->setFocus(Qt::MouseFocusReason);
    static const std::vector<std::pair<Qt::Key, QString>> keys{
        {Qt::Key_Plus, "+"}, {Qt::Key_Minus, "-"}, {Qt::Key_F, "F"}, {Qt::Key_1, "1"}, {Qt::Key_V, "V"}};
    const auto& [key, name] = pick(keys);
    const bool values = stage->showValues();
    QTest::keyClick(stage, key);
    log(QStringLiteral("key %1 on the stage").arg(name));
    if (key == Qt::Key_V)
        SOAK_CHECK(stage->showValues() == !values, QStringLiteral("V toggles the values"));
    if (key == Qt::Key_F)
        SOAK_CHECK(stage->viewTransform()->isFitted(), QStringLiteral("F fits the maps"));
}

void SoakDriver::act(int index)
{
    index_ = index;
    int roll = uniform(0, totalWeight_ - 1);
    for (const auto& [action, weight] : weighted_) {
        if (roll < weight) {
            (this->*action)();
            break;
        }
        roll -= weight;
    }
    if (QTest::currentTestFailed())
        return;
    processEvents();
}

// ---- invariants

void SoakDriver::checkpoint()
{
    session_->waitForIdle();
    processEvents();
    const auto r = session_->result();
    SOAK_CHECK(r != nullptr, QStringLiteral("there is a result"));
    const PipelineState cur = currentState(*session_);
    const QString convError = session_->convError(), poolError = session_->poolError();

    // The forms show the session's parameters and its errors.
    PoolPanel* poolPanel = window_->poolPanel();
    ConvPanel* convPanel = window_->convPanel();
    SOAK_CHECK(poolPanel->specFromControls() == session_->pool(),
               QStringLiteral("the pool form shows the session's spec: form %1, session %2")
                   .arg(QString::fromStdString(pool_spec_json(poolPanel->specFromControls()).dump()),
                        QString::fromStdString(pool_spec_json(session_->pool()).dump())));
    SOAK_CHECK(PoolOp(poolOp_->currentData().toInt()) == session_->pool().op,
               QStringLiteral("the op combo box"));
    SOAK_CHECK(poolPairBoxes_[0]->value() == session_->pool().kernel.h &&
                   poolPairBoxes_[1]->value() == session_->pool().kernel.w,
               QStringLiteral("the kernel boxes"));
    SOAK_CHECK(convPanel->specFromControls() == session_->conv(),
               QStringLiteral("the conv form shows the session's spec: form %1, session %2")
                   .arg(QString::fromStdString(conv_spec_json(convPanel->specFromControls()).dump()),
                        QString::fromStdString(conv_spec_json(session_->conv()).dump())));
    SOAK_CHECK(convEnabled_->isChecked() == cur.convEnabled, QStringLiteral("the conv check box"));
    SOAK_CHECK(outChannels_->value() == cur.conv.out_channels, QStringLiteral("the out channels box"));
    for (const auto& [name, error] : {std::pair{QStringLiteral("poolError"), poolError},
                                      std::pair{QStringLiteral("convError"), convError}}) {
        auto* label = window_->findChild<QLabel*>(name);
        SOAK_CHECK(label && label->text() == error && label->isHidden() == error.isEmpty(),
                   QStringLiteral("%1 shows the session's message '%2'").arg(name, error));
    }

    const CoreRun core = runCore(cur);
    if (convError.isEmpty() && poolError.isEmpty()) {
        // Valid parameters: the result is theirs, with the core's numbers bit for bit.
        SOAK_CHECK(sameState(stateOf(*r), cur),
                   QStringLiteral("the result belongs to the current parameters; it has %1")
                       .arg(describe(stateOf(*r))));
        const QString diff = differenceFromCore(*r, core);
        SOAK_CHECK(diff.isEmpty(), diff);
        const bool fits = !r->convEnabled || double(r->poolInputShape.cells()) * sizeof(float) <=
                                                 session_->resourceLimits().planeBudgetMiB * 1024 * 1024;
        SOAK_CHECK(fits == (!r->poolInput.empty() && !r->pooled.output.empty()),
                   QStringLiteral("every plane is kept exactly when the maps fit the plane budget"));
    } else {
        // Invalid parameters: the core refuses them too, and the last good result stays.
        const QString quick = quickCheckFailure(cur, session_->resourceLimits());
        SOAK_CHECK(!core.ok || !quick.isEmpty(),
                   QStringLiteral("an error is shown ('%1%2') but the core computes these parameters")
                       .arg(convError, poolError));
        SOAK_CHECK(!sameState(stateOf(*r), cur), QStringLiteral("a result of invalid parameters is shown"));
        std::optional<CoreRun> expected;
        if (!quick.isEmpty() && lastValid_)
            expected = runCore(*lastValid_);
        if (expected && expected->ok) {
            // The last parameters that passed the checks were scheduled last and computed.
            SOAK_CHECK(sameState(stateOf(*r), *lastValid_),
                       QStringLiteral("the kept result is of the last valid parameters %1; it has %2")
                           .arg(describe(*lastValid_), describe(stateOf(*r))));
            const QString diff = differenceFromCore(*r, *expected);
            SOAK_CHECK(diff.isEmpty(), diff);
        } else {
            // Only the full computation failed: some earlier result stays, intact.
            const QString diff = differenceFromCore(*r, runCore(stateOf(*r)));
            SOAK_CHECK(diff.isEmpty(), QStringLiteral("the kept result: ") + diff);
        }
    }

    // The sweep and the channel lie within the result.
    const MapShape& out = r->outputShape;
    const int count = session_->stepCount();
    // The whole output, or the cells whose windows read the region of interest (a key may crop to the view).
    QRect sweep(0, 0, out.width, out.height);
    if (const auto region = session_->region()) {
        const CellRect cells = output_region(
            r->pool, r->geometry, CellRect{region->y(), region->x(), region->height(), region->width()},
            session_->focusedChannel());
        SOAK_CHECK(!cells.empty(), QStringLiteral("some window reads the region"));
        sweep = QRect(cells.x, cells.y, cells.w, cells.h);
    }
    SOAK_CHECK(session_->stepRect() == sweep, QStringLiteral("the steps sweep the region's output cells"));
    SOAK_CHECK(count == sweep.height() * sweep.width(),
               QStringLiteral("stepCount is the number of swept cells"));
    SOAK_CHECK(count > 0, QStringLiteral("the result has output cells"));
    SOAK_CHECK(
        session_->step() >= 0 && session_->step() < count && session_->position() >= 0 &&
            session_->position() <= count - 1,
        QStringLiteral("the step %1 lies within the %2 output cells").arg(session_->position()).arg(count));
    SOAK_CHECK(session_->focusedChannel() >= 0 && session_->focusedChannel() < out.channels,
               QStringLiteral("the channel %1 lies within the %2 channels")
                   .arg(session_->focusedChannel())
                   .arg(out.channels));
    // The stage paints the focused channel's own maps, the core's numbers.
    const auto maps = session_->focusedMaps();
    SOAK_CHECK(maps && maps->generation == r->generation && maps->channel() == session_->focusedChannel(),
               QStringLiteral("the focused channel's maps are there once the session is idle"));
    SOAK_CHECK(samePlane(maps->planes.outputPlane(), channelPlanes(*r, maps->channel()).outputPlane()),
               QStringLiteral("the focused channel's maps hold its output"));
    QSlider* scrubber = window_->transportBar()->scrubber();
    SOAK_CHECK(scrubber->maximum() == count - 1 && scrubber->value() == session_->step(),
               QStringLiteral("the scrubber shows step %1 of %2").arg(session_->step()).arg(count));
    const WindowTrace* trace = session_->currentTrace();
    SOAK_CHECK(trace != nullptr, QStringLiteral("the current step has a trace"));
    const QPoint cell = session_->stepCell(session_->step());
    SOAK_CHECK(trace->channel == session_->focusedChannel() && trace->oy == cell.y() && trace->ox == cell.x(),
               QStringLiteral("the trace is of the current cell"));
    const float value = maps->planes.outputPlane().at(trace->oy, trace->ox);
    SOAK_CHECK(std::memcmp(&trace->result, &value, sizeof value) == 0,
               QStringLiteral("the trace's result %1 is the output's %2").arg(trace->result).arg(value));
    log(QStringLiteral("checkpoint: %1 changes so far, %2").arg(changes_).arg(describe(cur)));
}

void SoakDriver::settle()
{
    window_->animator()->pause();
    Session::ResourceLimits limits = session_->resourceLimits();
    limits.planeBudgetMiB = kDefaultPlaneBudgetMiB;
    session_->setResourceLimits(limits);
    session_->loadSample(toQString(default_sample().name));
    session_->setConvEnabled(true);
    session_->setConv(Session::defaultConv());
    session_->setPool(Session::defaultPool());
    session_->waitForIdle();
    session_->setFocusedChannel(0);
    window_->animator()->toStart();
    if (Theme::current() != ThemeKind::Light)
        darkAction_->trigger();
    window_->resize(1200, 800);
    window_->stageView()->fitToWindow();
    for (int i = 0; i < 5; ++i) {
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
    release_freed_memory(); // freed memory back to the system: RSS then counts what is still held
}

// ---- the test class

class TestSoak : public QObject {
    Q_OBJECT
public:
    // The program's malloc settings (before QApplication starts a thread): the
    // memory growth measured is the application's.
    static void initMain() { configureMallocForInteractiveUse(); }

private slots:
    void initTestCase();
    void cleanupTestCase();
    void randomActions();
    void closeDuringRecompute();
    void closeDuringExport_data();
    void closeDuringExport();
};

void TestSoak::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    Theme::apply(ThemeKind::Light);
}

void TestSoak::cleanupTestCase()
{
    Theme::apply(ThemeKind::Light);
}

void TestSoak::randomActions()
{
    const char* origin = nullptr;
    const quint32 seed = soakSeed(&origin);
    const int actions = std::max(1, envInt("POOLSCOPE_SOAK_ACTIONS", kDefaultActions));
    qInfo("soak seed %u (%s), %d actions; replay with POOLSCOPE_SOAK_SEED=%u", seed, origin, actions, seed);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    ManualAnimationClock clock;
    MainWindow window(nullptr, &clock); // no settings store: nothing read or written
    window.resize(1200, 800);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.session()->waitForIdle();
    QCoreApplication::processEvents();

    SoakDriver soak(&window, &clock, seed, actions, dir);
    QVERIFY(soak.init());
    QElapsedTimer timer;
    timer.start();
    double rssBefore = -1;
    for (int i = 0; i < actions; ++i) {
        soak.act(i);
        if (QTest::currentTestFailed())
            return;
        if ((i + 1) % kCheckEvery == 0 || i + 1 == actions) {
            soak.checkpoint();
            if (QTest::currentTestFailed())
                return;
        }
        if (i + 1 == kWarmUpActions) {
            soak.settle();
            rssBefore = residentMb();
        }
    }
    soak.checkpoint();
    if (QTest::currentTestFailed())
        return;
    qInfo("%d actions in %.1f s", actions, timer.elapsed() / 1000.0);

#ifdef POOLSCOPE_SOAK_ASAN
    Q_UNUSED(rssBefore);
    qInfo("memory growth not checked: RSS is meaningless under AddressSanitizer (quarantine); "
          "LeakSanitizer checks this build for leaks");
#else
    if (rssBefore < 0) {
        qInfo("memory growth not checked: too few actions (it is measured from action %d on)",
              kWarmUpActions);
        return;
    }
    soak.settle();
    const double rssAfter = residentMb();
    qInfo("resident memory after the warm-up %.1f MB, at the end %.1f MB (growth %.1f MB, bound %.0f MB)",
          rssBefore, rssAfter, rssAfter - rssBefore, kMaxGrowthMb);
    QVERIFY2(rssAfter - rssBefore <= kMaxGrowthMb,
             qPrintable(soak.context(QStringLiteral("resident memory grew by %1 MB (from %2 to %3 MB)")
                                         .arg(rssAfter - rssBefore)
                                         .arg(rssBefore)
                                         .arg(rssAfter))));
#endif
}

void TestSoak::closeDuringRecompute()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString big = dir.filePath(QStringLiteral("big.png"));
    QVERIFY(colourRamp(2000, 2000).save(big, "PNG", 1)); // fast compression: the test waits for it
    ConvSpec conv = Session::defaultConv();
    conv.out_channels = 8;
    auto* window = new MainWindow; // real clock, no settings: as the program runs
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QPointer<Session> session = window->session();
    session->waitForIdle();
    session->setConv(conv);
    session->waitForIdle();

    QVERIFY(window->openFile(big));
    session->waitForLoad();
    QCOMPARE(session->input().height(), 2000);
    QVERIFY(session->busy());
    // Let the worker pick the job up, so the close meets a computation in progress.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    QElapsedTimer timer;
    timer.start();
    {
        Watchdog dog(kHangSeconds, "closing the window during a recompute");
        window->close();
        delete window;
    }
    qInfo("closed during a recompute in %lld ms", timer.elapsed());
    // Deleting the session joined its worker (the watchdog fails a hang); the
    // number of threads is no measure of that, as OpenCV and Qt start their own.
    QVERIFY(session.isNull());
    QCoreApplication::processEvents(); // nothing queued for the deleted session may run
}

void TestSoak::closeDuringExport_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("gif") << QStringLiteral("sweep.gif");
    QTest::newRow("mp4") << QStringLiteral("sweep.mp4");
}

void TestSoak::closeDuringExport()
{
    QFETCH(QString, name);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    auto* window = new MainWindow;
    window->resize(1000, 700);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    window->session()->waitForIdle();
    ExportController* controller = window->exportController();
    QPointer<AnimationExport> animation = controller->animationExport();

    // File > Export > Animation, filled in as a user would, long enough to still run at the close.
    controller->exportAnimation();
    AnimationExportDialog* dialog = controller->animationDialog();
    QVERIFY(dialog);
    const auto format = animationFormatForPath(name);
    QVERIFY(format);
    dialog->formatBox()->setCurrentIndex(dialog->formatBox()->findData(int(*format)));
    dialog->setFrameSize(QSize(320, 240));
    dialog->framesPerStepBox()->setValue(30);
    dialog->pathEdit()->clear();
    QTest::keyClicks(dialog->pathEdit(), dir.filePath(name));
    QSignalSpy progress(animation.data(), &AnimationExport::progress);
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    QVERIFY2(controller->animationRunning(), qPrintable(dialog->errorText()));
    // Some frames encoded: the encoder has its temporary file open.
    QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(0).toInt() >= 3, 30000);
    QVERIFY(controller->animationRunning());
    QVERIFY(animation->totalFrames() > progress.last().at(0).toInt() + 100);
    // The file is not there before it is complete: the MP4 is written to a hidden
    // temporary beside it, the GIF through a QSaveFile, to an unnamed file where
    // the system has them (else a hidden temporary too).
    const QStringList during = entriesUnder(dir.path());
    const bool hiddenTemporary = during.size() == 1 && during.first().startsWith(QLatin1Char('.'));
    QVERIFY2(hiddenTemporary || (name.endsWith(QLatin1String(".gif")) && during.isEmpty()),
             qPrintable(during.join(", ")));

    QElapsedTimer timer;
    timer.start();
    {
        Watchdog dog(kHangSeconds, "closing the window during an animation export");
        window->close();
        QCoreApplication::processEvents(); // the export goes on for a moment after the close
        delete window;
    }
    qInfo("closed during the %s export in %lld ms", qPrintable(name), timer.elapsed());
    QVERIFY(animation.isNull());
    QCoreApplication::processEvents();
    QCOMPARE(entriesUnder(dir.path()), QStringList{}); // no partial file, no temporary
}

QTEST_MAIN(TestSoak)
#include "test_soak.moc"
