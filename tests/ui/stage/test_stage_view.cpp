// StageView: the animated window and output cell per step and while gliding,
// hover links both ways (against the window definitions), zoom around the
// cursor in fixed panels, drag to pan, fit and readable size, click to seek (on
// either map), each map following its cell when zoomed, titles never cut, ghost
// padding cells only where the op pads, the stale banner, the whole output or
// revealed as it goes, presentation mode at 1280x720, and renderFrame's picture.
#include <set>
#include <utility>

#include <QtTest>

#include "core/pool/pool_ops.h"
#include "core/pool/window_trace.h"
#include "ui/animation/animation_clock.h"
#include "ui/animation/animator.h"
#include "ui/model/map_images.h"
#include "ui/model/session.h"
#include "ui/stage/map_painter.h"
#include "ui/stage/stage_layout.h"
#include "ui/stage/stage_view.h"
#include "ui/stage/view_transform.h"
#include "ui/text/math_text.h"
#include "ui/text/pytorch_code.h"

using namespace poolscope;
using namespace poolscope::ui;

Q_DECLARE_METATYPE(poolscope::PoolSpec)

namespace {

using CellSet = std::set<std::pair<int, int>>; // (x, y)

PoolSpec spec(PoolOp op, int k, int s, int p = 0, int d = 1, bool ceil = false)
{
    PoolSpec ps;
    ps.op = op;
    ps.kernel = square(k);
    ps.stride = square(s);
    ps.padding = square(p);
    ps.dilation = square(d);
    ps.ceil_mode = ceil;
    return ps;
}

PoolSpec sized(PoolOp op, int out, int k = 2)
{
    PoolSpec ps;
    ps.op = op;
    ps.kernel = square(k);
    ps.output_size = square(out);
    return ps;
}

CellSet toSet(const std::vector<QPoint>& cells)
{
    CellSet s;
    for (const QPoint& c : cells)
        s.emplace(c.x(), c.y());
    return s;
}

// Input cells inside the image read by output (oy, ox), from the definitions:
// taps o*s - p + i*d for sliding windows, [floor(o*I/O), ceil((o+1)*I/O)) for adaptive bins.
CellSet expectedWindow(const PoolSpec& ps, const PoolGeometry& g, int oy, int ox)
{
    CellSet cells;
    const bool adaptive = ps.op == PoolOp::AdaptiveMax || ps.op == PoolOp::AdaptiveAvg ||
                          ps.op == PoolOp::GlobalMax || ps.op == PoolOp::GlobalAvg;
    if (adaptive) {
        for (int y = adaptive_start(oy, g.in.h, g.out.h); y < adaptive_end(oy, g.in.h, g.out.h); ++y)
            for (int x = adaptive_start(ox, g.in.w, g.out.w); x < adaptive_end(ox, g.in.w, g.out.w); ++x)
                cells.emplace(x, y);
        return cells;
    }
    for (int i = 0; i < g.kernel.h; ++i)
        for (int j = 0; j < g.kernel.w; ++j) {
            const int y = oy * g.stride.h - g.padding.h + i * g.dilation.h;
            const int x = ox * g.stride.w - g.padding.w + j * g.dilation.w;
            if (y >= 0 && x >= 0 && y < g.in.h && x < g.in.w)
                cells.emplace(x, y);
        }
    return cells;
}

// Bounding box of a sliding window in input cells, padding included.
QRectF expectedBounds(const PoolSpec& ps, const PoolGeometry& g, int oy, int ox)
{
    if (ps.op == PoolOp::AdaptiveMax || ps.op == PoolOp::AdaptiveAvg) {
        const int y0 = adaptive_start(oy, g.in.h, g.out.h), x0 = adaptive_start(ox, g.in.w, g.out.w);
        return QRectF(x0, y0, adaptive_end(ox, g.in.w, g.out.w) - x0, adaptive_end(oy, g.in.h, g.out.h) - y0);
    }
    return QRectF(ox * g.stride.w - g.padding.w, oy * g.stride.h - g.padding.h,
                  g.dilation.w * (g.kernel.w - 1) + 1, g.dilation.h * (g.kernel.h - 1) + 1);
}

bool near(const QRectF& a, const QRectF& b)
{
    const auto close = [](double u, double v) { return std::abs(u - v) < 1e-6; };
    return close(a.x(), b.x()) && close(a.y(), b.y()) && close(a.width(), b.width()) &&
           close(a.height(), b.height());
}

QString str(const QRectF& r)
{
    return QStringLiteral("(%1, %2, %3 x %4)").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height());
}

} // namespace

class TestStageView : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void windowFollowsSteps_data();
    void windowFollowsSteps();
    void clockGlidesTheWindow();
    void fastSweepShowsCrispWindows();
    void hoverOutputLightsItsWindow_data();
    void hoverOutputLightsItsWindow();
    void hoverInputLightsEveryReader_data();
    void hoverInputLightsEveryReader();
    void wheelZoomsAroundTheCursor_data();
    void wheelZoomsAroundTheCursor();
    void dragPans();
    void fitAndActualSize();
    void clickOnOutputSeeks_data();
    void clickOnOutputSeeks();
    void clickUnderTheTitleDoesNothing();
    void followsTheWindowWhenZoomed();
    void zoomKeysKeepTheWindowInView();
    void paddingShowsGhostCells_data();
    void paddingShowsGhostCells();
    void mapsShowTheFocusedChannel_data();
    void mapsShowTheFocusedChannel();
    void renderFrameShowsProgress();
    void renderFrameIsDeterministic();
    void valuesWrittenWhenCellsAreLarge_data();
    void valuesWrittenWhenCellsAreLarge();
    void initialViewShowsValues();
    void zoomEnlargesCellsInFixedPanels();
    void followKeepsEachMapOnItsCell();
    void followCanBeTurnedOff();
    void titlesAreNeverCut_data();
    void titlesAreNeverCut();
    void presentationReadsFromTheBackRow();
    void renderFrameScalesAndWritesArithmetic();
    void canvasNoteWrapsBetweenArguments_data();
    void canvasNoteWrapsBetweenArguments();
    void wholeOutputUnlessRevealing();
    void noHatchWhereTheOpDoesNotPad();
    void staleResultSaysSo();
    void clickOnInputJumpsToItsFirstReader_data();
    void clickOnInputJumpsToItsFirstReader();

private:
    void usePool(const PoolSpec& ps);
    Session* session_ = nullptr;
    StageView* stage_ = nullptr;
};

void TestStageView::init()
{
    session_ = new Session;
    session_->waitForIdle();
    stage_ = new StageView(session_);
    stage_->resize(1400, 800);
    stage_->show();
    QVERIFY(QTest::qWaitForWindowExposed(stage_));
}

void TestStageView::cleanup()
{
    delete stage_;
    delete session_;
}

void TestStageView::usePool(const PoolSpec& ps)
{
    session_->setPool(ps);
    session_->waitForIdle();
    QVERIFY2(session_->poolError().isEmpty(), qPrintable(session_->poolError()));
}

void TestStageView::windowFollowsSteps_data()
{
    QTest::addColumn<PoolSpec>("pool");
    QTest::newRow("max 2x2 stride 2") << spec(PoolOp::Max, 2, 2);
    QTest::newRow("max 3x3 stride 2 padding 1") << spec(PoolOp::Max, 3, 2, 1);
    QTest::newRow("max 3x3 stride 1 dilation 2") << spec(PoolOp::Max, 3, 1, 0, 2);
    QTest::newRow("avg 3x3 stride 3 padding 1") << spec(PoolOp::Avg, 3, 3, 1);
    QTest::newRow("adaptive avg 5x5") << sized(PoolOp::AdaptiveAvg, 5);
}

void TestStageView::windowFollowsSteps()
{
    QFETCH(PoolSpec, pool);
    usePool(pool);
    const auto r = session_->result();
    const PoolGeometry& g = r->geometry;
    const int count = session_->stepCount();
    for (int step : {0, 1, g.out.w, g.out.w + 2, count - 1}) {
        session_->setStep(step);
        const int oy = step / g.out.w, ox = step % g.out.w;
        const QRectF want = expectedBounds(pool, g, oy, ox);
        QVERIFY2(near(stage_->currentWindowCells(), want),
                 qPrintable(QStringLiteral("step %1: %2, expected %3")
                                .arg(step)
                                .arg(str(stage_->currentWindowCells()), str(want))));
        QVERIFY(near(stage_->currentOutputCellRect(), QRectF(ox, oy, 1, 1)));
    }
}

void TestStageView::clockGlidesTheWindow()
{
    session_->setStep(0); // from the top-left window
    ManualAnimationClock clock;
    Animator animator(session_, &clock);
    animator.setSpeed(1);
    animator.play();
    const PoolGeometry g = session_->result()->geometry; // max 2x2 stride 2
    const QRectF w1 = expectedBounds(session_->pool(), g, 0, 1),
                 w2 = expectedBounds(session_->pool(), g, 0, 2);

    clock.advance(1000); // step 1
    QVERIFY(near(stage_->currentWindowCells(), w1));
    QVERIFY(near(stage_->currentOutputCellRect(), QRectF(1, 0, 1, 1)));
    clock.advance(300); // resting on step 1 so the class can read it
    QVERIFY(near(stage_->currentWindowCells(), w1));
    clock.advance(425); // halfway through the eased glide: halfway there
    const QRectF half(QPointF((w1.x() + w2.x()) / 2, w1.y()), w1.size());
    QVERIFY2(near(stage_->currentWindowCells(), half), qPrintable(str(stage_->currentWindowCells())));
    QVERIFY(near(stage_->currentOutputCellRect(), QRectF(1.5, 0, 1, 1)));
    clock.advance(275); // step 2
    QVERIFY(near(stage_->currentWindowCells(), w2));
    QCOMPARE(session_->currentTrace()->ox, 2);
}

void TestStageView::fastSweepShowsCrispWindows()
{
    ManualAnimationClock clock;
    Animator animator(session_, &clock);
    animator.setSpeed(100); // 1.6 steps per 16 ms frame: a glide could not be followed
    animator.play();
    const PoolGeometry g = session_->result()->geometry;
    for (int frame = 0; frame < 12; ++frame) {
        clock.advance(16);
        const int step = session_->step();
        QVERIFY2(near(stage_->currentWindowCells(),
                      expectedBounds(session_->pool(), g, step / g.out.w, step % g.out.w)),
                 qPrintable(QStringLiteral("position %1: %2")
                                .arg(session_->position())
                                .arg(str(stage_->currentWindowCells()))));
    }
    // Exported frames always glide: they are taken at chosen positions, not on a clock.
    QVERIFY(stage_->renderFrame(QSize(600, 400), 1.8) != stage_->renderFrame(QSize(600, 400), 1.0));
}

void TestStageView::hoverOutputLightsItsWindow_data()
{
    QTest::addColumn<PoolSpec>("pool");
    QTest::addColumn<int>("oy");
    QTest::addColumn<int>("ox");
    QTest::newRow("max 2x2 s2, inside") << spec(PoolOp::Max, 2, 2) << 3 << 5;
    QTest::newRow("max 3x3 s2 p1, corner in the padding") << spec(PoolOp::Max, 3, 2, 1) << 0 << 0;
    QTest::newRow("max 3x3 s1 d2, dilated") << spec(PoolOp::Max, 3, 1, 0, 2) << 4 << 7;
    QTest::newRow("adaptive avg 5x5") << sized(PoolOp::AdaptiveAvg, 5) << 2 << 3;
    QTest::newRow("global max") << PoolSpec{PoolOp::GlobalMax} << 0 << 0;
}

void TestStageView::hoverOutputLightsItsWindow()
{
    QFETCH(PoolSpec, pool);
    QFETCH(int, oy);
    QFETCH(int, ox);
    usePool(pool);
    stage_->fitToWindow(); // every cell on screen
    const auto r = session_->result();
    QTest::mouseMove(stage_, stage_->outputCellRect(oy, ox).center());
    QCOMPARE(session_->hoveredOutput(), std::optional<QPoint>(QPoint(ox, oy)));
    QVERIFY(!session_->hoveredInput());
    const CellSet want = expectedWindow(pool, r->geometry, oy, ox);
    QVERIFY(!want.empty());
    QVERIFY(toSet(stage_->highlightedInputCells()) == want);
    QVERIFY(stage_->highlightedOutputCells().empty());
}

void TestStageView::hoverInputLightsEveryReader_data()
{
    QTest::addColumn<PoolSpec>("pool");
    QTest::addColumn<int>("y");
    QTest::addColumn<int>("x");
    const auto rows = [](const char* name, const PoolSpec& ps) {
        for (auto [y, x] : {std::pair{0, 0}, std::pair{5, 7}, std::pair{13, 14}, std::pair{27, 27}})
            QTest::addRow("%s, (%d, %d)", name, y, x) << ps << y << x;
    };
    rows("max 3x3 s2 p1", spec(PoolOp::Max, 3, 2, 1));
    rows("max 3x3 s2 p1 d2", spec(PoolOp::Max, 3, 2, 1, 2));
    rows("max 2x2 s3 (gaps)", spec(PoolOp::Max, 2, 3));
    rows("avg 3x3 s2 p1 ceil", spec(PoolOp::Avg, 3, 2, 1, 1, true));
    rows("softpool 4x4 s2", spec(PoolOp::SoftPool, 4, 2));
    rows("adaptive max 5x5", sized(PoolOp::AdaptiveMax, 5));
    rows("global avg", PoolSpec{PoolOp::GlobalAvg});
    rows("fractional max 2x2 -> 10x10", sized(PoolOp::FractionalMax, 10, 2));
    PoolSpec blur = spec(PoolOp::BlurPool, 2, 2);
    rows("blurpool 2x2 s2", blur);
}

void TestStageView::hoverInputLightsEveryReader()
{
    QFETCH(PoolSpec, pool);
    QFETCH(int, y);
    QFETCH(int, x);
    usePool(pool);
    stage_->fitToWindow(); // every cell on screen
    const auto r = session_->result();
    QTest::mouseMove(stage_, stage_->inputCellRect(y, x).center());
    QCOMPARE(session_->hoveredInput(), std::optional<QPoint>(QPoint(x, y)));
    QVERIFY(!session_->hoveredOutput());
    // Every output whose window (as the core defines it) reads (y, x).
    CellSet want;
    const PoolGeometry& g = r->geometry;
    for (int oy = 0; oy < g.out.h; ++oy)
        for (int ox = 0; ox < g.out.w; ++ox)
            for (const cv::Point& p : window_cells(r->pool, g, oy, ox, session_->focusedChannel()))
                if (p.x == x && p.y == y)
                    want.emplace(ox, oy);
    QVERIFY(toSet(stage_->highlightedOutputCells()) == want);
}

void TestStageView::wheelZoomsAroundTheCursor_data()
{
    QTest::addColumn<bool>("onInput");
    QTest::addColumn<int>("notches");
    QTest::newRow("zoom in over the input") << true << 1;
    QTest::newRow("zoom in twice over the output") << false << 2;
    QTest::newRow("zoom out over the input") << true << -1;
}

void TestStageView::wheelZoomsAroundTheCursor()
{
    QFETCH(bool, onInput);
    QFETCH(int, notches);
    // Both maps larger than their viewports, before and after: a smaller map is centred.
    stage_->viewTransform()->setZoom(80);
    stage_->viewTransform()->setFocus(QPointF(0.5, 0.5));
    const double before = stage_->viewTransform()->zoom();
    const QRect cell = onInput ? stage_->inputCellRect(9, 17) : stage_->outputCellRect(4, 9);
    const QPoint at = cell.center() + QPoint(2, -3);
    QWidget* map = onInput ? static_cast<QWidget*>(stage_->inputMap()) : stage_->outputMap();
    const QPointF local = map->mapFrom(stage_, at);
    QWheelEvent wheel(local, map->mapToGlobal(local), QPoint(), QPoint(0, 120 * notches), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(map, &wheel);
    QVERIFY(std::abs(stage_->viewTransform()->zoom() - before * std::pow(1.25, notches)) < 1e-9);
    QVERIFY(!stage_->viewTransform()->isFitted());
    // The cell under the cursor stayed under it.
    const QRect after = onInput ? stage_->inputCellRect(9, 17) : stage_->outputCellRect(4, 9);
    QVERIFY2(after.adjusted(-1, -1, 1, 1).contains(at), qPrintable(QStringLiteral("cell now at %1,%2 %3x%4")
                                                                       .arg(after.x())
                                                                       .arg(after.y())
                                                                       .arg(after.width())
                                                                       .arg(after.height())));
}

void TestStageView::dragPans()
{
    stage_->viewTransform()->setZoom(40);
    const int stepBefore = session_->step();
    const QRect before = stage_->inputCellRect(14, 14);
    const QPoint from = before.center();
    const QPoint delta(-90, -45);
    QWidget* map = stage_->inputMap();
    QTest::mousePress(map, Qt::LeftButton, {}, map->mapFrom(stage_, from));
    for (int i = 1; i <= 5; ++i) {
        const QPointF p = map->mapFrom(stage_, from + delta * i / 5);
        QMouseEvent move(QEvent::MouseMove, p, map->mapToGlobal(p), Qt::NoButton, Qt::LeftButton,
                         Qt::NoModifier);
        QApplication::sendEvent(map, &move);
    }
    QTest::mouseRelease(map, Qt::LeftButton, {}, map->mapFrom(stage_, from + delta));
    const QRect after = stage_->inputCellRect(14, 14);
    QVERIFY2(
        (after.topLeft() - (before.topLeft() + delta)).manhattanLength() <= 2,
        qPrintable(QStringLiteral("moved by %1,%2").arg(after.x() - before.x()).arg(after.y() - before.y())));
    QCOMPARE(session_->step(), stepBefore); // a drag is not a click
}

void TestStageView::fitAndActualSize()
{
    const auto r = session_->result();
    const int h = r->poolInput.height(), w = r->poolInput.width();
    const int oh = r->pooled.output.height(), ow = r->pooled.output.width();
    stage_->zoomIn();
    stage_->zoomIn();
    QVERIFY(!stage_->viewTransform()->isFitted());
    QVERIFY(!stage_->inputMap()->geometry().contains(stage_->inputCellRect(0, 0)) ||
            !stage_->inputMap()->geometry().contains(stage_->inputCellRect(h - 1, w - 1)));
    stage_->fitToWindow();
    QVERIFY(stage_->viewTransform()->isFitted());
    for (auto [y, x] : {std::pair{0, 0}, std::pair{h - 1, w - 1}, std::pair{0, w - 1}, std::pair{h - 1, 0}})
        QVERIFY(stage_->inputMap()->geometry().contains(stage_->inputCellRect(y, x)));
    for (auto [y, x] : {std::pair{0, 0}, std::pair{oh - 1, ow - 1}})
        QVERIFY(stage_->outputMap()->geometry().contains(stage_->outputCellRect(y, x)));
    // Both maps use one cell size, so the output is smaller by the pool's factor.
    QVERIFY(std::abs(stage_->inputCellRect(0, 0).width() - stage_->outputCellRect(0, 0).width()) <= 1);
    // "Readable size": the zoom at which values are written, the window in view.
    stage_->actualSize();
    QCOMPARE(stage_->viewTransform()->zoom(), stage_->readableZoom());
    const QRect viewport = stage_->inputViewport();
    const QRectF win = stage_->currentWindowCells();
    QVERIFY(viewport.contains(stage_->inputCellRect(int(win.top()), int(win.left()))));
    QVERIFY(viewport.contains(stage_->inputCellRect(int(win.bottom()) - 1, int(win.right()) - 1)));
}

void TestStageView::clickOnOutputSeeks_data()
{
    QTest::addColumn<int>("oy");
    QTest::addColumn<int>("ox");
    QTest::newRow("first row") << 0 << 6;
    QTest::newRow("middle") << 7 << 3;
    QTest::newRow("last cell") << 13 << 13;
}

void TestStageView::clickOnOutputSeeks()
{
    QFETCH(int, oy);
    QFETCH(int, ox);
    const int w = session_->result()->pooled.output.width();
    QTest::mouseClick(stage_->outputMap(), Qt::LeftButton, {},
                      stage_->outputMap()->mapFrom(stage_, stage_->outputCellRect(oy, ox).center()));
    QCOMPARE(session_->step(), oy * w + ox);
    QVERIFY(near(stage_->currentOutputCellRect(), QRectF(ox, oy, 1, 1)));
}

void TestStageView::clickUnderTheTitleDoesNothing()
{
    session_->setStep(5);
    const MapShape& out = session_->result()->outputShape;
    // Zoomed in, some cell reaches from under the output map's title into view.
    std::optional<QPoint> straddling; // (x, y)
    QRect viewport;
    for (double zoom = 40; zoom < 120 && !straddling; zoom *= 1.1) {
        stage_->viewTransform()->setZoom(zoom);
        stage_->viewTransform()->setFocus(QPointF(0.5, 0.5));
        viewport = stage_->outputViewport();
        for (int y = 0; y < out.height && !straddling; ++y)
            for (int x = 0; x < out.width && !straddling; ++x) {
                const QRect c = stage_->outputCellRect(y, x);
                if (c.top() < viewport.top() - 4 && c.bottom() > viewport.top() + 8 &&
                    c.left() >= viewport.left() && c.right() <= viewport.right())
                    straddling = QPoint(x, y);
            }
    }
    QVERIFY2(straddling, "no cell straddles the title");
    const int x = stage_->outputCellRect(straddling->y(), straddling->x()).center().x();
    FeatureMapView* map = stage_->outputMap();
    QTest::mouseClick(map, Qt::LeftButton, {}, map->mapFrom(stage_, QPoint(x, viewport.top() - 2)));
    QCOMPARE(session_->step(), 5);
    QTest::mouseClick(map, Qt::LeftButton, {}, map->mapFrom(stage_, QPoint(x, viewport.top() + 4)));
    QCOMPARE(session_->step(), straddling->y() * out.width + straddling->x());
}

void TestStageView::followsTheWindowWhenZoomed()
{
    stage_->viewTransform()->setZoom(90); // far bigger than the viewport
    const QRect viewport = stage_->inputMap()->geometry();
    for (int step : {session_->stepCount() - 1, 0, 100}) {
        session_->setStep(step);
        const QRectF w = stage_->currentWindowCells();
        const QRect topLeft = stage_->inputCellRect(int(w.top()), int(w.left()));
        const QRect bottomRight = stage_->inputCellRect(int(w.bottom()) - 1, int(w.right()) - 1);
        QVERIFY2(viewport.contains(topLeft) && viewport.contains(bottomRight),
                 qPrintable(QString::number(step)));
    }
}

void TestStageView::zoomKeysKeepTheWindowInView()
{
    session_->setStep(100);
    const QRect viewport = stage_->inputMap()->geometry();
    for (int i = 0; i < 10; ++i) {
        stage_->zoomIn();
        const QRectF w = stage_->currentWindowCells();
        QVERIFY(viewport.contains(stage_->inputCellRect(int(w.top()), int(w.left()))));
        QVERIFY(viewport.contains(stage_->inputCellRect(int(w.bottom()) - 1, int(w.right()) - 1)));
    }
    const double zoomed = stage_->viewTransform()->zoom();
    stage_->zoomOut();
    QVERIFY(std::abs(stage_->viewTransform()->zoom() * 1.25 - zoomed) < 1e-9);
}

void TestStageView::paddingShowsGhostCells_data()
{
    QTest::addColumn<int>("padding");
    QTest::newRow("none") << 0;
    QTest::newRow("one") << 1;
    QTest::newRow("two") << 2;
}

void TestStageView::paddingShowsGhostCells()
{
    QFETCH(int, padding);
    usePool(spec(PoolOp::Max, 5, 2, padding));
    session_->setStep(session_->stepCount() - 1); // window away from the top-left corner
    stage_->fitToWindow();
    stage_->setShowValues(false);
    const QImage shot = stage_->grab().toImage().convertToFormat(QImage::Format_RGB32);
    const double dpr = shot.devicePixelRatio();
    const QColor background = stage_->palette().color(QPalette::Window);
    const auto pixel = [&](QPoint p) { return shot.pixelColor((QPointF(p) * dpr).toPoint()); };
    for (int g = 1; g <= padding; ++g)
        QVERIFY2(pixel(stage_->inputCellRect(-g, -g).center()) != background, qPrintable(QString::number(g)));
    // Just outside the ghost ring: the stage's background.
    const QPoint outside = stage_->inputCellRect(-padding, -padding).topLeft() - QPoint(3, 3);
    QCOMPARE(pixel(outside), background);
    // Ghost cells are not input cells: hovering one links nothing.
    if (padding > 0) {
        QTest::mouseMove(stage_, stage_->inputCellRect(-1, 3).center());
        QVERIFY(!session_->hoveredInput());
        QVERIFY(stage_->highlightedOutputCells().empty());
    }
}

void TestStageView::mapsShowTheFocusedChannel_data()
{
    QTest::addColumn<int>("channel");
    for (int c = 0; c < 4; ++c)
        QTest::addRow("channel %d", c) << c;
}

void TestStageView::mapsShowTheFocusedChannel()
{
    QFETCH(int, channel);
    session_->setFocusedChannel(channel);
    session_->setStep(session_->stepCount() - 1); // every output computed, window at the far corner
    stage_->setShowValues(false);
    const auto r = session_->result();
    const ChannelImages images = colorizeChannel(*r, channel);
    const QImage shot = stage_->grab().toImage();
    const double dpr = shot.devicePixelRatio();
    const auto pixel = [&](QPoint p) { return shot.pixel((QPointF(p) * dpr).toPoint()); };
    for (auto [y, x] : {std::pair{3, 4}, std::pair{10, 20}, std::pair{20, 9}})
        QCOMPARE(QColor(pixel(stage_->inputCellRect(y, x).center())), QColor(images.input.pixel(x, y)));
    for (auto [y, x] : {std::pair{1, 2}, std::pair{6, 9}})
        QCOMPARE(QColor(pixel(stage_->outputCellRect(y, x).center())), QColor(images.output.pixel(x, y)));
}

void TestStageView::renderFrameShowsProgress()
{
    stage_->setRevealAsItGoes(true);
    stage_->setShowValues(false);
    const QSize size(1200, 700);
    const int step = 20;
    const QImage frame = stage_->renderFrame(size, step);
    QCOMPARE(frame.size(), size);
    // Where renderFrame puts the output map: fitted, centred.
    const auto r = session_->result();
    const int c = session_->focusedChannel();
    const MapExtent in = inputExtent(*r, c), out = outputExtent(*r);
    const StageLayout layout = layoutStage(size, stage_->font(), in, out);
    const MapPlacement m = placeMap(layout.outputViewport(), out, fitZoom(layout, in, out), {0.5, 0.5});
    const QImage colours = colorizeChannel(*r, c).output;
    const QColor background = stage_->palette().color(QPalette::Window);
    const int w = out.cols;
    // (Cells left of the one being written are skipped: the connector's arrow runs over them.)
    for (int i : {0, 5, w - 1, step, step + 1, step + 30}) {
        const int oy = i / w, ox = i % w;
        const QColor seen = frame.pixelColor(m.cellRect(oy, ox).center().toPoint());
        const QColor cell = colours.pixelColor(ox, oy);
        if (i <= step) {
            QCOMPARE(seen, cell); // computed: the value's colour
        } else {
            QCOMPARE(seen, background); // not computed yet: empty
        }
    }
}

void TestStageView::renderFrameIsDeterministic()
{
    const QSize size(800, 450);
    const QImage a = stage_->renderFrame(size, 12.0);
    QCOMPARE(stage_->renderFrame(size, 12.0), a);
    QVERIFY(stage_->renderFrame(size, 40.0) != a);
    // The on-screen zoom and hover do not leak into exported frames.
    stage_->viewTransform()->setZoom(77);
    QTest::mouseMove(stage_, stage_->outputCellRect(2, 2).center());
    QCOMPARE(stage_->renderFrame(size, 12.0), a);
}

void TestStageView::valuesWrittenWhenCellsAreLarge_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("written");
    QTest::newRow("small cells: colour only") << QSize(500, 300) << false;
    QTest::newRow("large cells: numbers") << QSize(2400, 1400) << true;
}

void TestStageView::valuesWrittenWhenCellsAreLarge()
{
    QFETCH(QSize, size);
    QFETCH(bool, written);
    const QImage with = stage_->renderFrame(size, 30);
    stage_->setShowValues(false);
    const QImage without = stage_->renderFrame(size, 30);
    QCOMPARE(with != without, written);
}

namespace {

// Wheel notches sent to a map at a point in stage coordinates.
void wheel(StageView* stage, QWidget* map, QPoint at, int notches)
{
    const QPointF local = map->mapFrom(stage, at);
    QWheelEvent event(local, map->mapToGlobal(local), QPoint(), QPoint(0, 120 * notches), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(map, &event);
}

// The current window's cells and its output cell lie inside their viewports.
QString offScreen(const StageView* stage)
{
    const QRectF w = stage->currentWindowCells();
    const QRectF o = stage->currentOutputCellRect();
    const QRect in = stage->inputViewport().adjusted(-1, -1, 1, 1);
    const QRect out = stage->outputViewport().adjusted(-1, -1, 1, 1);
    if (!in.contains(stage->inputCellRect(int(w.top()), int(w.left()))) ||
        !in.contains(stage->inputCellRect(int(w.bottom()) - 1, int(w.right()) - 1)))
        return QStringLiteral("window %1 off the input viewport").arg(str(w));
    if (!out.contains(stage->outputCellRect(int(o.top()), int(o.left()))))
        return QStringLiteral("output cell %1 off the output viewport").arg(str(o));
    return {};
}

} // namespace

void TestStageView::initialViewShowsValues()
{
    // The stage of the default layout at 1920x1080, docks on both sides.
    StageView stage(session_);
    stage.resize(1150, 800);
    stage.show();
    QVERIFY(QTest::qWaitForWindowExposed(&stage));
    QVERIFY2(stage.valueFontPixelSize() >= 9, qPrintable(QString::number(stage.valueFontPixelSize())));
    QVERIFY(stage.viewTransform()->zoom() >= stage.readableZoom() - 1e-9);
    for (int step : {0, 57, session_->stepCount() - 1}) {
        session_->setStep(step);
        const QString off = offScreen(&stage);
        QVERIFY2(off.isEmpty(), qPrintable(off));
    }
    // F fits both maps whole, values or not.
    stage.fitToWindow();
    const MapShape& in = session_->result()->poolInputShape;
    QVERIFY(stage.inputViewport().contains(stage.inputCellRect(in.height - 1, in.width - 1)));
    QVERIFY(stage.inputViewport().contains(stage.inputCellRect(0, 0)));
}

void TestStageView::zoomEnlargesCellsInFixedPanels()
{
    const QRect inPanel = stage_->inputMap()->geometry(), outPanel = stage_->outputMap()->geometry();
    const int cellBefore = stage_->inputCellRect(5, 5).width();
    for (int i = 0; i < 3; ++i)
        wheel(stage_, stage_->inputMap(), stage_->inputViewport().center(), 1);
    QCOMPARE(stage_->inputMap()->geometry(), inPanel);
    QCOMPARE(stage_->outputMap()->geometry(), outPanel);
    QVERIFY(stage_->inputCellRect(5, 5).width() > cellBefore);
    // Larger than its viewport, a map covers it: no empty band beside a small box.
    const MapShape& in = session_->result()->poolInputShape;
    const QRect map = stage_->inputCellRect(0, 0).united(stage_->inputCellRect(in.height - 1, in.width - 1));
    QVERIFY(map.contains(stage_->inputViewport().adjusted(1, 1, -1, -1)));
    // The zoom stays shared: cells compare in size.
    QVERIFY(std::abs(stage_->inputCellRect(0, 0).width() - stage_->outputCellRect(0, 0).width()) <= 1);
}

void TestStageView::followKeepsEachMapOnItsCell()
{
    // Zoomed in with the wheel far past the maps' size, the sweep driven far away.
    ManualAnimationClock clock;
    Animator animator(session_, &clock);
    for (int i = 0; i < 8; ++i)
        wheel(stage_, stage_->inputMap(), stage_->inputViewport().center(), 1);
    QVERIFY(stage_->isFollowing());
    animator.toEnd();
    QString off = offScreen(stage_);
    QVERIFY2(off.isEmpty(), qPrintable(off));
    // Each map has its own pan: here the window and its cell sit at different relative places.
    animator.seek(6 * session_->result()->outputShape.width + 13);
    off = offScreen(stage_);
    QVERIFY2(off.isEmpty(), qPrintable(off));
    for (int i = 0; i < 40; ++i) {
        animator.stepBack();
        off = offScreen(stage_);
        QVERIFY2(off.isEmpty(), qPrintable(off));
    }
}

void TestStageView::followCanBeTurnedOff()
{
    QSignalSpy spy(stage_, &StageView::followWindowChanged);
    QVERIFY(stage_->followWindow());
    stage_->setFollowWindow(false);
    QCOMPARE(spy.count(), 1);
    QVERIFY(!stage_->isFollowing());
    stage_->viewTransform()->setZoom(90);
    const QRect before = stage_->inputCellRect(0, 0);
    session_->setStep(session_->stepCount() - 1);
    QCOMPARE(stage_->inputCellRect(0, 0), before); // not followed: the maps stay put
    stage_->setFollowWindow(true);
    QCOMPARE(spy.count(), 2);
    const QString off = offScreen(stage_);
    QVERIFY2(off.isEmpty(), qPrintable(off));
}

void TestStageView::titlesAreNeverCut_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<PoolSpec>("pool");
    QTest::newRow("1280x720 full screen") << QSize(1280, 640) << spec(PoolOp::Max, 2, 2);
    QTest::newRow("1280x720 with docks") << QSize(640, 560) << spec(PoolOp::Max, 3, 2, 1, 2, true);
    QTest::newRow("1920x1080 with docks") << QSize(1150, 800) << spec(PoolOp::Avg, 3, 2, 1, 1, true);
    QTest::newRow("narrow") << QSize(420, 500) << spec(PoolOp::Max, 3, 2, 1, 2, true);
}

void TestStageView::titlesAreNeverCut()
{
    QFETCH(QSize, size);
    QFETCH(PoolSpec, pool);
    usePool(pool);
    stage_->resize(size);
    QCoreApplication::processEvents();
    const StageStyle style = StageStyle::from(stage_->palette(), stage_->font());
    for (MapRole role : {MapRole::Input, MapRole::Output}) {
        const QRect rect = stage_->titleRect(role);
        QVERIFY(stage_->rect().contains(rect));
        const MapTitle title = stage_->titleText(role);
        const TitleLayout t = layoutTitle(rect, title, style);
        // Every word is there (lines break only after a comma) ...
        QCOMPARE(t.headingLines.join(QLatin1Char(' ')), title.heading);
        QCOMPARE(t.detailLines.join(QLatin1Char(' ')), title.detail);
        // ... and every line fits the width, inside the title's band.
        for (int i = 0; i < t.headingLines.size(); ++i)
            QVERIFY(QFontMetrics(t.headingFont).horizontalAdvance(t.headingLines[i]) <= rect.width());
        for (int i = 0; i < t.detailLines.size(); ++i) {
            QVERIFY2(QFontMetrics(t.detailFont).horizontalAdvance(t.detailLines[i]) <= rect.width(),
                     qPrintable(t.detailLines[i]));
            QVERIFY(t.detailRects[std::size_t(i)].bottom() <= rect.bottom() + 2);
        }
        QVERIFY(QFontInfo(t.detailFont).pixelSize() >= QFontInfo(style.font).pixelSize() * 0.74);
    }
}

void TestStageView::presentationReadsFromTheBackRow()
{
    // A full-screen stage on a 1280x720 projector, the default sample and pool.
    QWidget screen;
    screen.resize(1280, 720);
    auto* stage = new StageView(session_, &screen);
    stage->setGeometry(screen.rect());
    screen.show();
    QVERIFY(QTest::qWaitForWindowExposed(&screen));
    QSignalSpy spy(stage, &StageView::presentationChanged);
    QVERIFY(stage->arithmeticRect().isEmpty()); // not outside presentation
    stage->setPresentation(true);
    QCOMPARE(spy.count(), 1);
    QVERIFY(stage->presentation());
    ManualAnimationClock clock;
    Animator animator(session_, &clock);
    const int count = session_->stepCount();
    for (int step : {0, 19, count / 2 + 3, count - 1}) {
        animator.seek(step);
        QVERIFY2(stage->valueFontPixelSize() >= 24, qPrintable(QString::number(stage->valueFontPixelSize())));
        QVERIFY(stage->arithmeticFontPixelSize() >= 28);
        const QString off = offScreen(stage);
        QVERIFY2(off.isEmpty(), qPrintable(off));
        // The arithmetic is the math panel's, on the canvas in one or two lines,
        // not over the window.
        const WindowTrace* t = session_->currentTrace();
        QVERIFY(t);
        QCOMPARE(stage->arithmeticText(),
                 explainTrace(*t, session_->pool(), session_->result()->poolInputShape.width).operation);
        const QRect caption = stage->arithmeticRect();
        QVERIFY(stage->inputViewport().adjusted(-1, -1, 1, 1).contains(caption));
        const QRectF w = stage->currentWindowCells();
        const QRect window = stage->inputCellRect(int(w.top()), int(w.left()))
                                 .united(stage->inputCellRect(int(w.bottom()) - 1, int(w.right()) - 1));
        QVERIFY(!caption.intersects(window.adjusted(2, 2, -2, -2)));
        QVERIFY(caption.height() <= 3 * stage->arithmeticFontPixelSize() * 1.6);
        QCOMPARE(stage->canvasNote().value(0), QStringLiteral("step %1 / %2").arg(step + 1).arg(count));
        QCOMPARE(stage->canvasNote().value(1),
                 pytorchPoolCode(session_->pool(), session_->result()->channels()));
    }
    stage->setPresentation(false);
    QVERIFY(stage->arithmeticRect().isEmpty());
    QVERIFY(stage->valueFontPixelSize() < 24);
}

void TestStageView::canvasNoteWrapsBetweenArguments_data()
{
    QTest::addColumn<double>("width");
    for (double w : {900.0, 420.0, 300.0, 220.0})
        QTest::newRow(qPrintable(QString::number(w))) << w;
}

// The step and the PyTorch layer never run past the output's viewport: a long call
// breaks after a comma or an opening parenthesis, never inside an argument.
void TestStageView::canvasNoteWrapsBetweenArguments()
{
    QFETCH(double, width);
    QFont font = stage_->font();
    font.setPixelSize(26);
    const QString code = QStringLiteral("nn.FractionalMaxPool2d(kernel_size=3, output_ratio=(0.5, 0.5), "
                                        "return_indices=False)");
    const QStringList lines{QStringLiteral("step 66 / 196"), code};
    const QRectF area(10, 10, width, 400);
    const CanvasNote note = layoutCanvasNote(lines, font, area);
    QVERIFY(area.contains(note.box));
    const QFontMetricsF fm(note.font);
    QString joined;
    for (const QString& line : note.lines) {
        QVERIFY2(fm.horizontalAdvance(line) <= note.box.width() - 2 * note.padding + 0.5, qPrintable(line));
        joined += line.trimmed();
    }
    // Rejoined, the text is the same but for spaces: nothing was cut or elided.
    QCOMPARE(joined.remove(QLatin1Char(' ')), lines.join(QString()).remove(QLatin1Char(' ')));
    for (qsizetype i = 0; i + 1 < note.lines.size(); ++i) {
        const QString end = note.lines[i];
        QVERIFY2(i == 0 || end.endsWith(QLatin1Char(',')) || end.endsWith(QLatin1Char('(')), qPrintable(end));
    }
}

void TestStageView::renderFrameScalesAndWritesArithmetic()
{
    const QSize size(800, 450);
    const QImage plain = stage_->renderFrame(size, 12.0);
    const QImage doubled = stage_->renderFrame(size, 12.0, {false, 2.0});
    QCOMPARE(doubled.size(), size * 2);
    QCOMPARE(doubled.devicePixelRatio(), 2.0);
    QVERIFY(stage_->renderFrame(size, 12.0, {true, 1.0}) != plain); // the caption is drawn
}

void TestStageView::wholeOutputUnlessRevealing()
{
    stage_->fitToWindow();
    stage_->setShowValues(false);
    session_->setStep(20);
    const auto r = session_->result();
    const QImage colours = colorizeChannel(*r, session_->focusedChannel()).output;
    const QColor background = stage_->palette().color(QPalette::Window);
    const int w = r->outputShape.width;
    const auto seen = [&](int i) {
        const QImage shot = stage_->grab().toImage();
        const QPoint at = stage_->outputCellRect(i / w, i % w).center();
        return shot.pixelColor((QPointF(at) * shot.devicePixelRatio()).toPoint());
    };
    // Cells ahead of the window are painted with their values' colours ...
    for (int i : {60, 100, session_->stepCount() - 1})
        QCOMPARE(seen(i), colours.pixelColor(i % w, i / w));
    // ... unless revealing as it goes, where they are still empty.
    QSignalSpy spy(stage_, &StageView::revealAsItGoesChanged);
    stage_->setRevealAsItGoes(true);
    QCOMPARE(spy.count(), 1);
    for (int i : {60, 100, session_->stepCount() - 1})
        QCOMPARE(seen(i), background);
    QCOMPARE(seen(5), colours.pixelColor(5, 0));
}

void TestStageView::noHatchWhereTheOpDoesNotPad()
{
    usePool(spec(PoolOp::Max, 3, 2, 1));
    stage_->fitToWindow();
    stage_->setShowValues(false);
    const QColor background = stage_->palette().color(QPalette::Window);
    const auto pixel = [&](QPoint p) {
        const QImage shot = stage_->grab().toImage();
        return shot.pixelColor((QPointF(p) * shot.devicePixelRatio()).toPoint());
    };
    QVERIFY(pixel(stage_->inputCellRect(-1, 5).center()) != background); // padded: hatched
    PoolSpec adaptive = sized(PoolOp::AdaptiveMax, 7);
    adaptive.padding = square(1); // left over from the max pool's form
    usePool(adaptive);
    QCOMPARE(pixel(stage_->inputCellRect(-1, 5).center()), background);
    QVERIFY(!stage_->titleText(MapRole::Output).detail.contains(QStringLiteral("padding")));
}

void TestStageView::staleResultSaysSo()
{
    QVERIFY(stage_->staleBanner().isEmpty());
    QVERIFY(stage_->staleBannerRect().isEmpty());
    const MapTitle before = stage_->titleText(MapRole::Output);
    session_->setPool(spec(PoolOp::Max, 2, 2, 2)); // padding over half the kernel: refused
    session_->waitForIdle();
    QVERIFY(!session_->poolError().isEmpty());
    const QString banner = stage_->staleBanner();
    QVERIFY2(banner.startsWith(QStringLiteral("Not updated: ")), qPrintable(banner));
    QVERIFY(banner.contains(session_->poolError().simplified()));
    QVERIFY(banner.contains(QStringLiteral("kernel 2, stride 2")));
    // The titles describe the result shown, not the form.
    QCOMPARE(stage_->titleText(MapRole::Output).detail, before.detail);
    const QRect box = stage_->staleBannerRect();
    QVERIFY(stage_->rect().contains(box));
    const QImage shot = stage_->grab().toImage();
    QCOMPARE(shot.pixelColor(
                 (QPointF(box.topLeft() + QPoint(4, box.height() / 2)) * shot.devicePixelRatio()).toPoint()),
             QColor(255, 196, 0));
    usePool(spec(PoolOp::Max, 2, 2));
    QVERIFY(stage_->staleBanner().isEmpty());
}

void TestStageView::clickOnInputJumpsToItsFirstReader_data()
{
    QTest::addColumn<PoolSpec>("pool");
    QTest::addColumn<int>("y");
    QTest::addColumn<int>("x");
    QTest::newRow("max 2x2 stride 2") << spec(PoolOp::Max, 2, 2) << 9 << 17;
    QTest::newRow("max 3x3 stride 1: the reader above and left") << spec(PoolOp::Max, 3, 1) << 12 << 20;
    QTest::newRow("max 3x3 stride 2 padding 1") << spec(PoolOp::Max, 3, 2, 1) << 27 << 27;
}

void TestStageView::clickOnInputJumpsToItsFirstReader()
{
    QFETCH(PoolSpec, pool);
    QFETCH(int, y);
    QFETCH(int, x);
    usePool(pool);
    stage_->fitToWindow();
    const auto r = session_->result();
    const PoolGeometry& g = r->geometry;
    int want = -1; // the first window in raster order that reads (y, x), from the definitions
    for (int i = 0; i < g.out.h * g.out.w && want < 0; ++i)
        if (expectedWindow(pool, g, i / g.out.w, i % g.out.w).count({x, y}))
            want = i;
    QVERIFY(want >= 0);
    session_->setStep(want == 0 ? 1 : 0);
    FeatureMapView* map = stage_->inputMap();
    QTest::mouseClick(map, Qt::LeftButton, {}, map->mapFrom(stage_, stage_->inputCellRect(y, x).center()));
    QCOMPARE(session_->step(), want);
}

QTEST_MAIN(TestStageView)
#include "test_stage_view.moc"
