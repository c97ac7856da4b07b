// Lab > Coverage (O): the pool input's cells coloured by how many windows read
// them (the core's pool_coverage()), never-read cells marked, the counts'
// histogram in the Shapes panel, the title saying what is shown; O again goes
// back to the values.
#include <QLabel>
#include <QtTest>

#include "core/shape/coverage.h"
#include "tests/ui/window_fixture.h"
#include "ui/animation/animation_clock.h"
#include "ui/animation/animator.h"
#include "ui/model/session.h"
#include "ui/shell/main_window.h"
#include "ui/shell/theme.h"
#include "ui/stage/coverage_layer.h"
#include "ui/stage/stage_view.h"
#include "ui/stage/view_transform.h"

using namespace poolscope;
using namespace poolscope::ui;

namespace {

struct Fixture : WindowFixture {
    Fixture() : WindowFixture(QSize(1400, 900))
    {
        window.animator()->pause();
        // Kernel 2, stride 3: rows and columns 2, 5, ... and 26, 27 are never read.
        PoolSpec pool = Session::defaultPool();
        pool.stride = Size2{3, 3};
        session()->setPool(pool);
        session()->waitForIdle();
        session()->setStep(0);
        stage()->viewTransform()->setZoom(30);
    }
    StageView* stage() const { return window.stageView(); }
    // The colour on screen inside input cell (y, x), away from its centre's text and its cross.
    QRgb colourIn(int y, int x) const
    {
        QCoreApplication::processEvents();
        const QImage shot = stage()->grab().toImage();
        const QRect cell = stage()->inputCellRect(y, x);
        const QPoint at(cell.left() + cell.width() / 2, cell.top() + 3);
        return shot.pixel(at * shot.devicePixelRatio());
    }
};

void pressO(Fixture& f)
{
    QTest::mouseClick(f.stage(), Qt::LeftButton, {}, QPoint(2, 2));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_O);
}

} // namespace

class TestCoverageView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { Theme::apply(ThemeKind::Light); }
    void showsEachCellsWindowCount();
    void histogramAndTitleSayWhatIsShown();
};

void TestCoverageView::showsEachCellsWindowCount()
{
    Fixture f;
    const QRgb valueColour = f.colourIn(10, 10);
    pressO(f);
    QCOMPARE(f.session()->labView(), LabView::Coverage);
    const Coverage expected = pool_coverage(f.session()->pool(), 28, 28);
    QCOMPARE(f.session()->coverage()->counts, expected.counts);
    // Read once (rows and columns 9-10 are in one window each), never read (row 11), and as painted.
    QCOMPARE(expected.at(10, 10), std::int64_t(1));
    QCOMPARE(expected.at(11, 10), std::int64_t(0));
    QCOMPARE(f.colourIn(10, 10), coverageColor(1, expected.max_count));
    QCOMPARE(f.colourIn(11, 10), coverageColor(0, expected.max_count));
    QVERIFY(coverageColor(0, 1) != coverageColor(1, 1));
    // O again: the values' colours are back.
    pressO(f);
    QCOMPARE(f.session()->labView(), LabView::None);
    QCOMPARE(f.colourIn(10, 10), valueColour);
}

void TestCoverageView::histogramAndTitleSayWhatIsShown()
{
    Fixture f;
    auto* histogram = f.window.findChild<QLabel*>("coverageHistogram");
    QVERIFY(histogram);
    QVERIFY(!histogram->isVisibleTo(&f.window));
    pressO(f);
    QCoreApplication::processEvents();
    QVERIFY(histogram->isVisibleTo(&f.window));
    // 9 windows of 2 along each axis read 18 of 28 rows and columns: 18 x 18 = 324 cells once, 460 never.
    const Coverage c = pool_coverage(f.session()->pool(), 28, 28);
    QCOMPARE(c.never_read, 28LL * 28 - 18 * 18);
    QVERIFY2(histogram->text().contains("by 0 windows: 460 cells (never read); by 1: 324"),
             qPrintable(histogram->text()));
    const MapTitle title = f.stage()->titleText(MapRole::Input);
    QVERIFY2(title.detail.contains("0 to 1 windows, 460 never read"), qPrintable(title.detail));
}

QTEST_MAIN(TestCoverageView)
#include "test_coverage_view.moc"
