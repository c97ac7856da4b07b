// The region of interest: Shift+drag on the input or Crop to View (C) limits the
// sweep to the output cells whose windows read the region (against the core's
// output_region() and first_informative_step()); the step count, the scrubber,
// End and clicks follow it; a region no window reads, or cropping to a view that
// holds the whole input, says so in the message bar; Esc clears it and keeps the
// output cell; a parameter change keeps it, a new input drops it; an export
// frame is framed on it.
#include <QSlider>
#include <QtTest>

#include "core/pool/first_step.h"
#include "core/pool/output_region.h"
#include "tests/ui/window_fixture.h"
#include "ui/animation/animation_clock.h"
#include "ui/animation/animator.h"
#include "ui/animation/transport_bar.h"
#include "ui/model/session.h"
#include "ui/shell/main_window.h"
#include "ui/shell/theme.h"
#include "ui/stage/stage_view.h"
#include "ui/stage/view_transform.h"
#include "ui/widgets/message_bar.h"

using namespace poolscope;
using namespace poolscope::ui;

namespace {

struct Fixture : WindowFixture {
    Fixture() : WindowFixture(QSize(1400, 900)) { window.animator()->pause(); }
    StageView* stage() const { return window.stageView(); }
    QString notice() const
    {
        return window.messageBar()->hasMessage() ? window.messageBar()->text() : QString();
    }
    // What the core says the region sweeps and where its lesson starts.
    QRect expectedSweep(const QRect& region) const
    {
        const auto r = session()->result();
        const CellRect out = output_region(
            r->pool, r->geometry, CellRect{region.y(), region.x(), region.height(), region.width()}, 0);
        return QRect(out.x, out.y, out.w, out.h);
    }
    int expectedFirstStep(const QRect& sweep) const
    {
        const auto r = session()->result();
        return first_informative_step(r->poolInput.for_reading(), session()->focusedChannel(), r->pool,
                                      r->geometry,
                                      CellRect{sweep.y(), sweep.x(), sweep.height(), sweep.width()});
    }
    void shiftDrag(QPoint fromCell, QPoint toCell) const // QPoint(x, y), stage cells' centres
    {
        QWidget* map = stage()->inputMap();
        const QPoint from =
            map->mapFrom(stage(), stage()->inputCellRect(fromCell.y(), fromCell.x()).center());
        const QPoint to = map->mapFrom(stage(), stage()->inputCellRect(toCell.y(), toCell.x()).center());
        QTest::mousePress(map, Qt::LeftButton, Qt::ShiftModifier, from);
        for (int i = 1; i <= 4; ++i) {
            const QPointF p = from + QPointF(to - from) * i / 4;
            QMouseEvent move(QEvent::MouseMove, p, map->mapToGlobal(p), Qt::NoButton, Qt::LeftButton,
                             Qt::ShiftModifier);
            QApplication::sendEvent(map, &move);
        }
        QTest::mouseRelease(map, Qt::LeftButton, Qt::ShiftModifier, to);
    }
};

void press(Qt::Key key)
{
    QWidget* focus = QApplication::focusWidget();
    QVERIFY(focus);
    QTest::keyClick(focus, key);
}

} // namespace

class TestRegion : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { Theme::apply(ThemeKind::Light); }
    void shiftDragSweepsTheRegion();
    void endClicksAndScrubberStayInside();
    void escClearsAndKeepsTheCell();
    void aRegionNoWindowReadsIsRefused();
    void cropToViewTakesTheCellsInView();
    void cropToViewOfTheWholeInputSaysSo();
    void parametersKeepItANewInputDropsIt();
    void exportFramesTheRegion();
};

void TestRegion::shiftDragSweepsTheRegion()
{
    Fixture f;
    const double zoomBefore = f.stage()->viewTransform()->zoom();
    f.shiftDrag(QPoint(8, 6), QPoint(17, 13));
    const QRect region(8, 6, 10, 8); // every cell the rectangle touches
    QCOMPARE(f.session()->region(), std::optional<QRect>(region));
    const QRect sweep = f.expectedSweep(region);
    QCOMPARE(sweep, QRect(4, 3, 5, 4)); // max 2x2 stride 2: columns 4-8, rows 3-6
    QCOMPARE(f.session()->stepRect(), sweep);
    QCOMPARE(f.session()->stepCount(), 20);
    QCOMPARE(f.session()->stepCell(0), QPoint(4, 3));
    QCOMPARE(f.session()->stepCell(19), QPoint(8, 6));
    // It starts where the lesson is inside the region.
    QCOMPARE(f.session()->step(), f.expectedFirstStep(sweep));
    QCOMPARE(f.stage()->currentOutputCellRect(),
             QRectF(f.session()->stepCell(f.session()->step()), QSizeF(1, 1)));
    // The stage frames it: larger cells, every cell of the region in view.
    QVERIFY(f.stage()->viewTransform()->zoom() > zoomBefore);
    const QRect viewport = f.stage()->inputViewport();
    QVERIFY(viewport.contains(f.stage()->inputCellRect(region.top(), region.left())));
    QVERIFY(viewport.contains(f.stage()->inputCellRect(region.bottom(), region.right())));
    // A plain drag still pans, and leaves the region alone.
    QWidget* map = f.stage()->inputMap();
    const QPoint at = map->mapFrom(f.stage(), viewport.center());
    QTest::mousePress(map, Qt::LeftButton, {}, at);
    QMouseEvent move(QEvent::MouseMove, at + QPointF(-40, 0), map->mapToGlobal(at + QPointF(-40, 0)),
                     Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(map, &move);
    QTest::mouseRelease(map, Qt::LeftButton, {}, at + QPoint(-40, 0));
    QCOMPARE(f.session()->region(), std::optional<QRect>(region));
}

void TestRegion::endClicksAndScrubberStayInside()
{
    Fixture f;
    QVERIFY(f.session()->setRegion(QRect(8, 6, 10, 8)));
    const QRect sweep = f.session()->stepRect();
    auto* scrubber = f.window.transportBar()->findChild<QSlider*>();
    QVERIFY(scrubber);
    QCOMPARE(scrubber->maximum(), f.session()->stepCount() - 1);
    QTest::mouseClick(f.stage(), Qt::LeftButton, {}, QPoint(2, 2)); // focus on the stage
    press(Qt::Key_End);
    QCOMPARE(f.session()->stepCell(f.session()->step()), sweep.bottomRight());
    press(Qt::Key_Home);
    QCOMPARE(f.session()->stepCell(f.session()->step()), sweep.topLeft());
    press(Qt::Key_Right);
    QCOMPARE(f.session()->stepCell(f.session()->step()), sweep.topLeft() + QPoint(1, 0));
    // A click on an output cell inside moves there; outside (no step) changes nothing.
    QWidget* out = f.stage()->outputMap();
    const QPoint inside(6, 5), outside(12, 12);
    QTest::mouseClick(out, Qt::LeftButton, {},
                      out->mapFrom(f.stage(), f.stage()->outputCellRect(5, 6).center()));
    QCOMPARE(f.session()->stepCell(f.session()->step()), inside);
    f.stage()->fitToWindow();
    QTest::mouseClick(out, Qt::LeftButton, {},
                      out->mapFrom(f.stage(), f.stage()->outputCellRect(12, 12).center()));
    QCOMPARE(f.session()->stepCell(f.session()->step()), inside);
    QVERIFY(f.session()->stepOf(outside) == std::nullopt);
    // An input cell jumps to the first window inside the region that reads it.
    QWidget* in = f.stage()->inputMap();
    QTest::mouseClick(in, Qt::LeftButton, {},
                      in->mapFrom(f.stage(), f.stage()->inputCellRect(9, 13).center()));
    QCOMPARE(f.session()->stepCell(f.session()->step()), QPoint(6, 4));
}

void TestRegion::escClearsAndKeepsTheCell()
{
    Fixture f;
    QVERIFY(f.session()->setRegion(QRect(8, 6, 10, 8)));
    f.session()->setStep(7);
    const QPoint cell = f.session()->stepCell(7);
    QTest::mouseClick(f.stage(), Qt::LeftButton, {}, QPoint(2, 2));
    press(Qt::Key_Escape);
    QCOMPARE(f.session()->region(), std::nullopt);
    QCOMPARE(f.session()->stepCount(), 14 * 14);
    QCOMPARE(f.session()->stepCell(f.session()->step()), cell);
    QCOMPARE(f.window.transportBar()->findChild<QSlider*>()->maximum(), 14 * 14 - 1);
}

void TestRegion::aRegionNoWindowReadsIsRefused()
{
    Fixture f;
    PoolSpec pool = Session::defaultPool();
    pool.stride = Size2{3, 3}; // 28 cells: windows read 0-1, 3-4, ..., 24-25; 26 and 27 never
    f.session()->setPool(pool);
    f.session()->waitForIdle();
    QVERIFY(f.session()->setRegion(QRect(0, 0, 5, 5)));
    const auto before = f.session()->region();
    f.stage()->fitToWindow();
    f.shiftDrag(QPoint(26, 26), QPoint(27, 27));
    QCOMPARE(f.session()->region(), before);
    QVERIFY2(f.notice().contains("No window reads rows 26 to 27, columns 26 to 27"), qPrintable(f.notice()));
}

void TestRegion::cropToViewTakesTheCellsInView()
{
    Fixture f;
    f.stage()->viewTransform()->setZoom(80);
    QTest::mouseClick(f.stage(), Qt::LeftButton, {}, QPoint(2, 2));
    press(Qt::Key_C);
    const auto region = f.session()->region();
    QVERIFY(region);
    const QRect viewport = f.stage()->inputViewport();
    // Every cell of the region shows, at least in part; the cells beside it do not.
    QVERIFY(viewport.intersects(f.stage()->inputCellRect(region->top(), region->left())));
    QVERIFY(viewport.intersects(f.stage()->inputCellRect(region->bottom(), region->right())));
    if (region->left() > 0)
        QVERIFY(!viewport.intersects(f.stage()->inputCellRect(region->top(), region->left() - 1)));
    if (region->right() < 27)
        QVERIFY(!viewport.intersects(f.stage()->inputCellRect(region->top(), region->right() + 1)));
    QVERIFY(region->width() < 28 || region->height() < 28);
    QCOMPARE(f.session()->stepRect(), f.expectedSweep(*region));
}

void TestRegion::cropToViewOfTheWholeInputSaysSo()
{
    Fixture f;
    f.stage()->fitToWindow();
    QTest::mouseClick(f.stage(), Qt::LeftButton, {}, QPoint(2, 2));
    press(Qt::Key_C);
    QCOMPARE(f.session()->region(), std::nullopt);
    QVERIFY2(f.notice().contains("whole input is in view"), qPrintable(f.notice()));
}

void TestRegion::parametersKeepItANewInputDropsIt()
{
    Fixture f;
    const QRect region(8, 6, 10, 8);
    QVERIFY(f.session()->setRegion(region));
    PoolSpec pool = Session::defaultPool();
    pool.kernel = Size2{3, 3};
    pool.stride = Size2{1, 1};
    f.session()->setPool(pool);
    f.session()->waitForIdle();
    QCOMPARE(f.session()->region(), std::optional<QRect>(region));
    QCOMPARE(f.session()->stepRect(), f.expectedSweep(region));
    QCOMPARE(f.session()->stepRect(), QRect(6, 4, 12, 10)); // 3x3 stride 1: windows from 2 cells before
    QCOMPARE(f.window.transportBar()->findChild<QSlider*>()->maximum(), 12 * 10 - 1);
    QSignalSpy dropped(f.session(), &Session::regionChanged);
    QVERIFY(f.session()->loadSample("checkerboard"));
    f.session()->waitForIdle();
    QCOMPARE(f.session()->region(), std::nullopt);
    QCOMPARE(dropped.count(), 1);
}

void TestRegion::exportFramesTheRegion()
{
    Fixture f;
    const QSize size(1000, 500);
    const double whole = f.stage()->frameZoom(size);
    const QImage wholeFrame = f.stage()->renderFrame(size, f.session()->position());
    const QRect region(8, 6, 6, 4);
    QVERIFY(f.session()->setRegion(region));
    // 28 x 28 cells fitted against 6 x 4 framed with a tenth to spare: over three times larger.
    QVERIFY2(f.stage()->frameZoom(size) > 3 * whole,
             qPrintable(QStringLiteral("%1 against %2").arg(f.stage()->frameZoom(size)).arg(whole)));
    QVERIFY(f.stage()->renderFrame(size, f.session()->position()) != wholeFrame);
    // The steps an animation export records are the region's.
    const QRect sweep = f.expectedSweep(region);
    QCOMPARE(f.session()->stepCount(), sweep.width() * sweep.height());
    f.session()->clearRegion();
    QCOMPARE(f.stage()->frameZoom(size), whole);
}

QTEST_MAIN(TestRegion)
#include "test_region.moc"
