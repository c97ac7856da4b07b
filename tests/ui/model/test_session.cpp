// Session: defaults, parity with the core, errors, latest-wins, the conv cache,
// the animation position across recomputes, and clean shutdown.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

#include "core/conv/conv_ops.h"
#include "core/io/image_io.h"
#include "core/io/samples.h"
#include "core/pool/pool_ops.h"
#include "core/shape/pool_shape.h"
#include "tests/ui/test_support.h"
#include "ui/export/export_ops.h"
#include "ui/model/channel_maps.h"
#include "ui/model/input_tensor.h"
#include "ui/model/session.h"

using namespace poolscope;
using namespace poolscope::ui;
using poolscope::test::bitEqual;
using poolscope::test::poolSpec;
using poolscope::test::sameIndices;

Q_DECLARE_METATYPE(poolscope::PoolSpec)

namespace {

Tensor defaultSampleTensor()
{
    const Sample& s = default_sample();
    return grayIfNeutral(decode_image(std::vector<unsigned char>(s.png.begin(), s.png.end())));
}

// Loads a file and waits for it: how it went.
FileLoad loadNow(Session& s, const QString& path)
{
    QSignalSpy loaded(&s, &Session::fileLoaded);
    s.loadFile(path);
    s.waitForLoad();
    return loaded.size() == 1 ? loaded.first().at(0).value<FileLoad>() : FileLoad{};
}

} // namespace

class TestSession : public QObject {
    Q_OBJECT
private slots:
    void startsOnTheComputedDefaultSample();
    void setPoolMatchesCore_data();
    void setPoolMatchesCore();
    void invalidPoolKeepsResult();
    void invalidConvKeepsResult();
    void errorClearsWhenFixed();
    void latestWins();
    void convCacheServesPoolOnlyChanges();
    void convOffPoolsTheInput();
    void convChangeRefusedByThePoolIsNotForgotten();
    void positionKeepsRelativePlace();
    void positionIsClamped();
    void currentTraceMatchesOutput();
    void focusedChannelIsClamped();
    void loadFileFailureKeepsInput();
    void loadFileReadsImage();
    void destroyWhileComputing();
    void memoryLimitRefusesBeforeComputing();
    void everyThumbnailIsReadyPastThePlaneBudget_data();
    void everyThumbnailIsReadyPastThePlaneBudget();
    void pixelLimitRefusesLargerImages();
    void theEventLoopTurnsWhileALargeImageDecodes();
    void theLatestLoadWins();
    void aNewInputStartsWhereTheOpShows();
};

void TestSession::startsOnTheComputedDefaultSample()
{
    Session s;
    s.waitForIdle();
    QVERIFY(!s.busy());
    auto r = s.result();
    QVERIFY(r);
    const Tensor in = defaultSampleTensor();
    QVERIFY(bitEqual(r->input, in));
    QCOMPARE(r->input.channels(), 1);
    QVERIFY(bitEqual(r->poolInput, conv_stage(in, Session::defaultConv())));
    const PoolResult direct = pool(r->poolInput.for_reading(), Session::defaultPool());
    QVERIFY(bitEqual(r->pooled.output, direct.output));
    QVERIFY(r->pooled.indices.empty()); // the view never shows them: the export computes them
    QVERIFY(sameIndices(poolIndices(*r), direct.indices));
    QCOMPARE(s.stepCount(), direct.output.height() * direct.output.width());
    QVERIFY(s.convError().isEmpty());
    QVERIFY(s.poolError().isEmpty());
}

void TestSession::setPoolMatchesCore_data()
{
    QTest::addColumn<PoolSpec>("ps");
    QTest::newRow("max 3x3 s2 p1") << poolSpec(PoolOp::Max, {3, 3}, Size2{2, 2}, {1, 1});
    PoolSpec avg = poolSpec(PoolOp::Avg, {3, 3}, Size2{2, 2}, {1, 1});
    avg.ceil_mode = true;
    avg.count_include_pad = false;
    QTest::newRow("avg ceil no-pad-count") << avg;
    PoolSpec div = poolSpec(PoolOp::Avg, {2, 3});
    div.divisor_override = 5;
    QTest::newRow("avg divisor_override") << div;
    PoolSpec dil = poolSpec(PoolOp::Max, {2, 2}, Size2{1, 1});
    dil.dilation = {2, 3};
    QTest::newRow("max dilated") << dil;
    QTest::newRow("min 2x2") << poolSpec(PoolOp::Min, {2, 2});
    PoolSpec lp = poolSpec(PoolOp::Lp, {2, 2});
    lp.norm_type = 3;
    QTest::newRow("lp p=3") << lp;
    QTest::newRow("mixed") << poolSpec(PoolOp::Mixed, {2, 2});
    PoolSpec st = poolSpec(PoolOp::Stochastic, {2, 2});
    st.train = true;
    st.seed = 7;
    QTest::newRow("stochastic train") << st;
    QTest::newRow("softpool") << poolSpec(PoolOp::SoftPool, {2, 2});
    PoolSpec ad = poolSpec(PoolOp::AdaptiveAvg, {2, 2});
    ad.output_size = Size2{5, 6};
    QTest::newRow("adaptive avg 5x6") << ad;
    PoolSpec am = poolSpec(PoolOp::AdaptiveMax, {2, 2});
    am.output_size = Size2{3, 3};
    QTest::newRow("adaptive max 3x3") << am;
    QTest::newRow("global max") << poolSpec(PoolOp::GlobalMax, {2, 2});
    QTest::newRow("global avg") << poolSpec(PoolOp::GlobalAvg, {2, 2});
    PoolSpec fr = poolSpec(PoolOp::FractionalMax, {2, 2});
    fr.output_size = Size2{19, 19};
    fr.seed = 3;
    QTest::newRow("fractional 19x19") << fr;
    PoolSpec bl = poolSpec(PoolOp::BlurPool, {2, 2}, Size2{2, 2});
    QTest::newRow("blurpool") << bl;
}

void TestSession::setPoolMatchesCore()
{
    QFETCH(PoolSpec, ps);
    Session s;
    s.setPool(ps);
    QVERIFY2(s.poolError().isEmpty(), qPrintable(s.poolError()));
    s.waitForIdle();
    auto r = s.result();
    QVERIFY(r);
    const PoolResult direct = pool(r->poolInput.for_reading(), ps);
    QVERIFY(bitEqual(r->pooled.output, direct.output));
    QVERIFY(sameIndices(poolIndices(*r), direct.indices));
    const PoolGeometry g = resolve_geometry(ps, r->poolInput.height(), r->poolInput.width());
    QCOMPARE(r->geometry.out, g.out);
    QCOMPARE(r->shape.geometry.out, g.out);
    QCOMPARE(r->pool.op, ps.op);
}

void TestSession::invalidPoolKeepsResult()
{
    Session s;
    s.waitForIdle();
    auto before = s.result();
    QSignalSpy errors(&s, &Session::errorsChanged);
    QSignalSpy results(&s, &Session::resultChanged);
    PoolSpec bad = s.pool();
    bad.kernel = {2, 2};
    bad.padding = {2, 2}; // more than half the kernel
    s.setPool(bad);
    QVERIFY(!s.poolError().isEmpty()); // synchronously, before any computation
    QCOMPARE(errors.count(), 1);
    QVERIFY(!s.busy());
    s.waitForIdle();
    QCOMPARE(s.result(), before);
    QCOMPARE(results.count(), 0);
    // The same message the core gives.
    QString core;
    try {
        resolve_geometry(bad, before->poolInput.height(), before->poolInput.width());
    } catch (const std::exception& e) {
        core = QString::fromStdString(e.what());
    }
    QCOMPARE(s.poolError(), core);
}

void TestSession::invalidConvKeepsResult()
{
    Session s;
    s.waitForIdle();
    auto before = s.result();
    ConvSpec bad = s.conv();
    bad.kernel = {3, 3};
    bad.padding = {0, 0};
    bad.stride = {1, 1};
    bad.dilation = {20, 20}; // effective kernel 41 > 28
    s.setConv(bad);
    QVERIFY(!s.convError().isEmpty());
    QVERIFY(s.poolError().isEmpty());
    s.waitForIdle();
    QCOMPARE(s.result(), before);
}

void TestSession::errorClearsWhenFixed()
{
    Session s;
    s.waitForIdle();
    PoolSpec bad = s.pool();
    bad.kernel = {50, 50};
    s.setPool(bad);
    QVERIFY(!s.poolError().isEmpty());
    PoolSpec good = s.pool();
    good.kernel = {3, 3};
    good.stride = Size2{3, 3};
    s.setPool(good);
    QVERIFY(s.poolError().isEmpty());
    s.waitForIdle();
    QCOMPARE(s.result()->pool.kernel, (Size2{3, 3}));
}

void TestSession::latestWins()
{
    Session s;
    s.waitForIdle();
    QSignalSpy results(&s, &Session::resultChanged);
    PoolSpec ps = s.pool();
    for (int i = 0; i < 60; ++i) {
        ps.kernel = square(1 + i % 6);
        ps.stride = square(1 + i % 4);
        s.setPool(ps);
    }
    s.waitForIdle();
    auto r = s.result();
    QCOMPARE(r->pool.kernel, ps.kernel);
    QCOMPARE(r->pool.stride, ps.stride);
    QVERIFY(bitEqual(r->pooled.output, pool(r->poolInput.for_reading(), ps).output));
    // Stale results are dropped, so the views saw exactly the final one.
    QCOMPARE(results.count(), 1);
}

void TestSession::convCacheServesPoolOnlyChanges()
{
    Session s;
    s.waitForIdle();
    const int runs = s.convRuns();
    auto before = s.result();
    PoolSpec ps = s.pool();
    ps.op = PoolOp::Avg;
    s.setPool(ps);
    s.waitForIdle();
    QCOMPARE(s.convRuns(), runs);
    QVERIFY(s.result()->convCached);
    QCOMPARE(s.result()->poolInput.data(), before->poolInput.data()); // the same buffer
    ConvSpec c = s.conv();
    c.activation = Activation::None;
    s.setConv(c);
    s.waitForIdle();
    QCOMPARE(s.convRuns(), runs + 1);
    QVERIFY(!s.result()->convCached);
    QVERIFY(bitEqual(s.result()->poolInput, conv_stage(s.input().for_reading(), c)));
}

// A conv change that leaves the pool invalid schedules nothing; the next pool-only
// change must still run the new conv, not reuse the output of the old one.
void TestSession::convChangeRefusedByThePoolIsNotForgotten()
{
    Session s;
    s.waitForIdle();
    PoolSpec big = s.pool();
    big.kernel = {20, 20};
    big.stride = std::nullopt;
    s.setPool(big); // 28 x 28 conv output: fits
    s.waitForIdle();
    QVERIFY(s.poolError().isEmpty());
    ConvSpec strided = s.conv();
    strided.stride = {2, 2}; // 14 x 14 output: a 20 x 20 window no longer fits
    s.setConv(strided);
    QVERIFY(!s.poolError().isEmpty());
    PoolSpec small = big;
    small.kernel = {2, 2};
    s.setPool(small);
    s.waitForIdle();
    QVERIFY(s.poolError().isEmpty());
    QCOMPARE(s.result()->poolInput.height(), 14);
    QVERIFY(bitEqual(s.result()->poolInput, conv_stage(s.input().for_reading(), strided)));
    QVERIFY(bitEqual(s.result()->pooled.output,
                     pool(conv_stage(s.input().for_reading(), strided), small).output));
}

void TestSession::convOffPoolsTheInput()
{
    Session s;
    s.setConvEnabled(false);
    s.waitForIdle();
    QVERIFY(bitEqual(s.result()->poolInput, s.input()));
    QVERIFY(!s.result()->convEnabled);
    QVERIFY(bitEqual(s.result()->pooled.output, pool(s.input().for_reading(), s.pool()).output));
}

void TestSession::positionKeepsRelativePlace()
{
    Session s;
    s.waitForIdle();
    const int oldCount = s.stepCount();
    s.setPosition(oldCount / 2 + 0.5);
    const double rel = s.position() / oldCount;
    PoolSpec ps = s.pool();
    ps.kernel = {4, 4};
    ps.stride = Size2{4, 4};
    QSignalSpy steps(&s, &Session::stepChanged);
    s.setPool(ps);
    s.waitForIdle();
    QVERIFY(s.stepCount() != oldCount);
    QCOMPARE(s.position() / s.stepCount(), rel);
    QCOMPARE(steps.count(), 1);
}

void TestSession::positionIsClamped()
{
    Session s;
    s.waitForIdle();
    s.setPosition(1e9);
    QCOMPARE(s.step(), s.stepCount() - 1);
    s.setPosition(-5);
    QCOMPARE(s.position(), 0.0);
    QSignalSpy pos(&s, &Session::positionChanged);
    QSignalSpy steps(&s, &Session::stepChanged);
    s.setPosition(0.25);
    s.setPosition(0.75);
    QCOMPARE(pos.count(), 2);
    QCOMPARE(steps.count(), 0);
    s.setPosition(1.0);
    QCOMPARE(steps.count(), 1);
}

void TestSession::currentTraceMatchesOutput()
{
    Session s;
    s.waitForIdle();
    s.setFocusedChannel(2);
    for (int step : {0, 1, 17, s.stepCount() - 1}) {
        s.setStep(step);
        const WindowTrace* t = s.currentTrace();
        QVERIFY(t);
        const QPoint cell = s.stepCell(step);
        QCOMPARE(t->oy, cell.y());
        QCOMPARE(t->ox, cell.x());
        QCOMPARE(t->channel, 2);
        QCOMPARE(t->result, s.result()->pooled.output.at(2, cell.y(), cell.x()));
    }
}

void TestSession::focusedChannelIsClamped()
{
    Session s;
    s.waitForIdle();
    s.setFocusedChannel(99);
    QCOMPARE(s.focusedChannel(), s.result()->pooled.output.channels() - 1);
    ConvSpec c = s.conv();
    c.out_channels = 2;
    QSignalSpy focus(&s, &Session::focusedChannelChanged);
    s.setConv(c);
    s.waitForIdle();
    QCOMPARE(s.focusedChannel(), 1);
    QCOMPARE(focus.count(), 1);
}

void TestSession::loadFileFailureKeepsInput()
{
    Session s;
    s.waitForIdle();
    const QString name = s.inputName();
    QTemporaryDir dir;
    const QString garbage = dir.filePath("garbage.png");
    QFile f(garbage);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("this is not a png");
    f.close();
    for (const QString& path : {garbage, dir.filePath("missing.png")}) {
        const FileLoad load = loadNow(s, path);
        QCOMPARE(load.path, path);
        QVERIFY(!load.ok);
        QVERIFY(!load.error.isEmpty());
        QCOMPARE(s.inputName(), name);
        QVERIFY(!s.loading());
    }
}

void TestSession::loadFileReadsImage()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("ramp.png");
    cv::Mat bgr(12, 20, CV_8UC3);
    for (int y = 0; y < bgr.rows; ++y)
        for (int x = 0; x < bgr.cols; ++x)
            bgr.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(10 * y), uchar(5 * x), uchar(x + y));
    QVERIFY(cv::imwrite(path.toStdString(), bgr));
    Session s;
    QSignalSpy loaded(&s, &Session::fileLoaded);
    s.loadFile(path);
    QVERIFY(s.loading());
    QCOMPARE(s.loadingPath(), path);
    s.waitForIdle();
    QCOMPARE(loaded.size(), 1);
    QVERIFY(loaded.first().at(0).value<FileLoad>().ok);
    QCOMPARE(s.inputName(), QString("ramp.png"));
    QVERIFY(bitEqual(s.result()->input, load_image(path.toStdString())));
    QCOMPARE(s.result()->input.channels(), 3);
}

void TestSession::destroyWhileComputing()
{
    for (int i = 0; i < 3; ++i) {
        auto s = std::make_unique<Session>();
        s->setInput(Tensor(3, 600, 600), "zeros");
        QVERIFY(s->busy());
        s.reset(); // must join the worker and drop its result
    }
    QCoreApplication::processEvents(); // no stale delivery to a dead session
}

void TestSession::everyThumbnailIsReadyPastThePlaneBudget_data()
{
    QTest::addColumn<int>("side");
    QTest::addColumn<int>("focused");
    QTest::newRow("small maps, one step") << 40 << 0;
    QTest::newRow("small maps, another channel focused") << 40 << 2;
    QTest::newRow("large maps, focused channel first") << 1100 << 1;
}

// Past the budget each channel is computed on its own, the focused one included:
// every channel's thumbnail must still be made, with the ranges of its planes.
void TestSession::everyThumbnailIsReadyPastThePlaneBudget()
{
    QFETCH(int, side);
    QFETCH(int, focused);
    Session s;
    s.setResourceLimits({.planeBudgetMiB = 1.0 / 1024});
    Tensor input(3, side, side);
    cv::Mat all(int(input.size()), 1, CV_32F, input.data());
    cv::randu(all, -1.0, 1.0);
    s.setInput(input, "random");
    s.waitForIdle();
    s.setFocusedChannel(focused);
    QCOMPARE(s.focusedChannel(), focused);
    PoolSpec pool = s.pool(); // computed again with that channel focused
    pool.kernel = {3, 3};
    s.setPool(pool);
    s.waitForIdle();
    const auto r = s.result();
    QVERIFY(r && r->complete);
    QCOMPARE(int(r->thumbnails.size()), s.conv().out_channels);
    for (int c = 0; c < int(r->thumbnails.size()); ++c) {
        const ChannelThumbnail& t = r->thumbnails[std::size_t(c)];
        QVERIFY2(t.ready(), qPrintable(QString("channel %1").arg(c)));
        const ChannelPlanes planes = channelPlanes(*r, c);
        QCOMPARE(t.inputRange.lo, value_range(planes.inputPlane().mat_for_reading()).lo);
        QCOMPARE(t.outputRange.hi, value_range(planes.outputPlane().mat_for_reading()).hi);
    }
}

void TestSession::memoryLimitRefusesBeforeComputing()
{
    Session s;
    s.setInput(Tensor(3, 1000, 1000), "zeros");
    s.waitForIdle();
    auto before = s.result();
    QVERIFY(before);
    ConvSpec wide = s.conv();
    wide.out_channels = 16; // 16 x 1000 x 1000 floats: 61 MiB of output alone
    s.setResourceLimits({.maxPixels = 100'000'000, .maxMemoryMiB = 48});
    s.setConv(wide);
    QVERIFY2(s.convError().contains("more than the memory limit of 48 MiB"), qPrintable(s.convError()));
    QVERIFY(!s.busy()); // refused before any allocation
    s.waitForIdle();
    QCOMPARE(s.result(), before);

    // The pool stage counts the conv output it pools, plus its own output and indices.
    s.setResourceLimits({.maxPixels = 100'000'000, .maxMemoryMiB = 80});
    QVERIFY(s.convError().isEmpty());
    PoolSpec one = s.pool();
    one.kernel = {1, 1};
    one.stride = std::nullopt;
    s.setPool(one);
    QVERIFY2(s.poolError().contains("more than the memory limit of 80 MiB"), qPrintable(s.poolError()));
    s.setResourceLimits({.maxPixels = 100'000'000, .maxMemoryMiB = 4096});
    QVERIFY(s.poolError().isEmpty());
    s.waitForIdle();
    QCOMPARE(s.result()->pooled.output.channels(), 16);
    QCOMPARE(s.result()->pooled.output.height(), 1000);
}

void TestSession::pixelLimitRefusesLargerImages()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("forty.png");
    QVERIFY(cv::imwrite(path.toStdString(), cv::Mat(40, 50, CV_8UC3, cv::Scalar(1, 2, 3))));
    Session s;
    s.waitForIdle();
    const QString name = s.inputName();
    s.setResourceLimits({.maxPixels = 1999, .maxMemoryMiB = 4096});
    const FileLoad refused = loadNow(s, path);
    QVERIFY(!refused.ok);
    QVERIFY2(refused.error.contains("50 x 40 = 2000 pixels, more than the limit of 1999"),
             qPrintable(refused.error));
    QCOMPARE(s.inputName(), name);
    s.setResourceLimits({.maxPixels = 2000, .maxMemoryMiB = 4096});
    QVERIFY(loadNow(s, path).ok);
}

// A 40-megapixel JPEG is read on the loader thread: a 10 ms timer keeps ticking
// on the GUI thread until the file is the input, and the old input stays until then.
void TestSession::theEventLoopTurnsWhileALargeImageDecodes()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("large.jpg");
    {
        cv::Mat gray(5000, 8000, CV_8UC1);
        for (int y = 0; y < gray.rows; ++y) {
            uchar* row = gray.ptr<uchar>(y);
            for (int x = 0; x < gray.cols; ++x)
                row[x] = uchar((x * 7 + y * 3 + (x * y) % 97) & 0xff); // detail, so decoding has work
        }
        QVERIFY(cv::imwrite(path.toStdString(), gray, {cv::IMWRITE_JPEG_QUALITY, 95}));
    }
    Session s;
    s.waitForIdle();
    // Refused before computing: the test is about reading, not about a 40 MP conv.
    s.setResourceLimits({.maxPixels = 100'000'000, .maxMemoryMiB = 1});
    const QString before = s.inputName();

    int ticks = 0, ticksBeforeLoaded = -1;
    QTimer timer;
    timer.setInterval(10);
    connect(&timer, &QTimer::timeout, this, [&] { ++ticks; });
    QSignalSpy loaded(&s, &Session::fileLoaded);
    connect(&s, &Session::fileLoaded, this, [&] { ticksBeforeLoaded = ticks; });
    bool oldInputWhileLoading = true;
    connect(&timer, &QTimer::timeout, this, [&] {
        if (s.loading())
            oldInputWhileLoading = oldInputWhileLoading && s.inputName() == before;
    });
    timer.start();
    QElapsedTimer clock;
    clock.start();
    s.loadFile(path);
    QVERIFY(s.loading());
    QVERIFY(loaded.wait(120000));
    timer.stop();
    qInfo("decoded in %lld ms, %d timer ticks on the GUI thread meanwhile", clock.elapsed(),
          ticksBeforeLoaded);
    QVERIFY2(loaded.first().at(0).value<FileLoad>().ok,
             qPrintable(loaded.first().at(0).value<FileLoad>().error));
    QCOMPARE(s.input().height(), 5000);
    QCOMPARE(s.input().width(), 8000);
    QCOMPARE(s.inputName(), QString("large.jpg"));
    QVERIFY(oldInputWhileLoading);
    // Decoding 40 megapixels takes far longer than three ticks anywhere; a
    // decode on the GUI thread would let none through.
    QVERIFY2(ticksBeforeLoaded >= 3, qPrintable(QString("%1 ticks").arg(ticksBeforeLoaded)));
}

void TestSession::theLatestLoadWins()
{
    QTemporaryDir dir;
    const auto picture = [&](const char* name, int rows) {
        const QString path = dir.filePath(name);
        cv::imwrite(path.toStdString(), cv::Mat(rows, 30, CV_8UC3, cv::Scalar(10, 20, 30)));
        return path;
    };
    const QString first = picture("first.png", 20), second = picture("second.png", 24);
    Session s;
    s.waitForIdle();
    QSignalSpy loaded(&s, &Session::fileLoaded);
    QSignalSpy inputs(&s, &Session::inputChanged);
    s.loadFile(first);
    s.loadFile(second);
    QCOMPARE(s.loadingPath(), second);
    s.waitForLoad();
    QCOMPARE(loaded.size(), 1); // only the latest is told, and only it became the input
    QCOMPARE(loaded.first().at(0).value<FileLoad>().path, second);
    QCOMPARE(inputs.size(), 1);
    QCOMPARE(s.inputName(), QString("second.png"));

    // A sample chosen while a file loads is the input: the file comes too late.
    loaded.clear();
    s.loadFile(first);
    QVERIFY(s.loadSample("checkerboard"));
    QVERIFY(!s.loading());
    s.waitForIdle();
    QCoreApplication::processEvents();
    QCOMPARE(loaded.size(), 0);
    QCOMPARE(s.inputSample(), QString("checkerboard"));
}

void TestSession::aNewInputStartsWhereTheOpShows()
{
    // The default digit: its top rows are empty, the first window shown is not.
    Session s;
    s.waitForIdle();
    const auto unequal = [](const WindowTrace& t) {
        for (const Tap& tap : t.taps)
            if (tap.inside && !(tap.value == t.taps.front().value))
                return true;
        return false;
    };
    QVERIFY(s.step() > 0);
    QVERIFY(s.currentTrace() && unequal(*s.currentTrace()));
    // Every earlier window reads equal values.
    const int w = s.result()->outputShape.width;
    for (int step = 0; step < s.step(); ++step)
        QVERIFY(!unequal(*s.traceAt(step / w, step % w)));
    // A parameter change keeps the relative place; a new input starts again where it shows.
    s.setPosition(0);
    PoolSpec three = Session::defaultPool();
    three.kernel = square(3);
    s.setPool(three);
    s.waitForIdle();
    QCOMPARE(s.step(), 0);
    Tensor dot(1, 20, 20);
    dot.plane(0).setTo(0.0f);
    dot.plane(0).at<float>(12, 3) = 1.0f;
    s.setConvEnabled(false);
    s.setPool(Session::defaultPool());
    s.setInput(dot, "dot");
    s.waitForIdle();
    QCOMPARE(s.step(), 6 * 10 + 1);
}

QTEST_MAIN(TestSession)
#include "test_session.moc"
