// Where the window opens: inside a 1280x720 projector's screen with the stage
// given at least half the width (the side panels then share one column), the
// same on a 1080p screen with the panels in two columns, and a window saved on
// a bigger screen brought back inside.
#include <QDockWidget>
#include <QtTest>

#include "ui/animation/animation_clock.h"
#include "ui/model/session.h"
#include "ui/shell/main_window.h"
#include "ui/shell/theme.h"
#include "ui/shell/window_geometry.h"
#include "ui/stage/stage_view.h"

using namespace poolscope::ui;

class TestWindowGeometry : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        Theme::apply(ThemeKind::Light);
        QApplication::setFont(Theme::classroomFont("DejaVu Sans"));
    }
    void fitsInsideTheScreen_data();
    void fitsInsideTheScreen();
    void savedOnABiggerScreenIsBroughtBack();
};

void TestWindowGeometry::fitsInsideTheScreen_data()
{
    QTest::addColumn<QRect>("available");
    QTest::addColumn<bool>("tabbed");
    QTest::newRow("1280x720 projector") << QRect(0, 0, 1280, 720 - 30) << true;
    QTest::newRow("1080p") << QRect(0, 0, 1920, 1080 - 40) << false;
    QTest::newRow("second screen, 1280x720") << QRect(1920, 0, 1280, 720) << true;
}

void TestWindowGeometry::fitsInsideTheScreen()
{
    QFETCH(QRect, available);
    QFETCH(bool, tabbed);
    ManualAnimationClock clock;
    MainWindow window(nullptr, &clock);
    window.fitToScreen(available);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.session()->waitForIdle();
    QCoreApplication::processEvents();
    QVERIFY2(
        available.contains(window.frameGeometry()),
        qPrintable(
            QString("%1,%2 %3x%4").arg(window.x()).arg(window.y()).arg(window.width()).arg(window.height())));
    QCOMPARE(window.sidePanelsTabbed(), tabbed);
    const int stage = window.stageView()->width();
    QVERIFY2(stage * 2 >= window.width(), qPrintable(QString::number(stage)));
    if (available.width() <= 1280) // a projector: half of the whole screen
        QVERIFY2(stage * 2 >= available.width(), qPrintable(QString::number(stage)));
    // Every panel is still there, a tab away at most.
    for (QDockWidget* dock : window.findChildren<QDockWidget*>())
        QVERIFY(!dock->isFloating());
}

void TestWindowGeometry::savedOnABiggerScreenIsBroughtBack()
{
    const QRect screen(0, 0, 1280, 720);
    QCOMPARE(fitInto(QRect(300, 200, 2400, 1300), screen), screen);
    QCOMPARE(fitInto(QRect(900, 500, 800, 400), screen), QRect(480, 320, 800, 400));
    QCOMPARE(fitInto(QRect(-50, -20, 400, 300), screen), QRect(0, 0, 400, 300));
    QCOMPARE(fitInto(QRect(100, 100, 400, 300), screen), QRect(100, 100, 400, 300));
    QVERIFY(screen.contains(initialWindowGeometry(screen)));
}

QTEST_MAIN(TestWindowGeometry)
#include "test_window_geometry.moc"
