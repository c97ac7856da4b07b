// The text size: Ctrl+= and Ctrl+- make the text of the whole window larger and
// smaller, Ctrl+0 brings it back, it is remembered; the plain + and - still zoom
// the maps.
#include <QAbstractButton>
#include <QLabel>
#include <QScrollArea>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "ui/animation/animation_clock.h"
#include "ui/model/session.h"
#include "ui/panels/pool_panel.h"
#include "ui/shell/app_settings.h"
#include "ui/shell/main_window.h"
#include "ui/shell/theme.h"
#include "ui/stage/stage_view.h"
#include "ui/stage/view_transform.h"

using namespace poolscope::ui;

namespace {

struct Fixture {
    ManualAnimationClock clock;
    MainWindow window;
    explicit Fixture(AppSettings* settings = nullptr) : window(settings, &clock)
    {
        window.resize(1280, 720);
        window.show();
        window.activateWindow();
        if (!QTest::qWaitForWindowActive(&window))
            qWarning("the window did not become active");
        window.session()->waitForIdle();
        window.stageView()->setFocus();
    }
    void press(int key, Qt::KeyboardModifiers m = Qt::NoModifier)
    {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key(key), m);
        QCoreApplication::processEvents(); // the widgets hear of a new application font by a posted event
    }
};

// A label of the pooling form ("Kernel size").
double panelPointSize(const MainWindow& w)
{
    for (const QLabel* l : w.poolPanel()->findChildren<QLabel*>())
        if (l->text() == "Kernel size")
            return l->font().pointSizeF();
    return -1;
}

} // namespace

class TestTextSize : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        Theme::apply(ThemeKind::Light);
        QApplication::setFont(Theme::classroomFont("DejaVu Sans"));
    }
    // A failed test leaves no larger text to the next.
    void cleanup() { QApplication::setFont(Theme::classroomFont("DejaVu Sans")); }
    void ctrlKeysScaleTheText();
    void formsAreNotClipped();
    void plainKeysStillZoomTheMaps();
    void remembered();
};

void TestTextSize::ctrlKeysScaleTheText()
{
    Fixture f;
    const double base = QApplication::font().pointSizeF();
    const double panel = panelPointSize(f.window);
    f.press(Qt::Key_Equal, Qt::ControlModifier);
    QVERIFY(QApplication::font().pointSizeF() > base);
    QVERIFY(panelPointSize(f.window) > panel);
    f.press(Qt::Key_Equal, Qt::ControlModifier);
    const double twice = QApplication::font().pointSizeF();
    f.press(Qt::Key_Minus, Qt::ControlModifier);
    QVERIFY(QApplication::font().pointSizeF() < twice);
    f.press(Qt::Key_Minus, Qt::ControlModifier);
    f.press(Qt::Key_Minus, Qt::ControlModifier);
    QVERIFY(QApplication::font().pointSizeF() < base);
    f.press(Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(QApplication::font().pointSizeF(), base);
    QCOMPARE(panelPointSize(f.window), panel);
    QCOMPARE(f.window.textScale(), 1.0);
}

// Larger text makes the parameter column wider, so nothing of the forms is cut off.
void TestTextSize::formsAreNotClipped()
{
    Fixture f;
    f.window.resize(1600, 900);
    f.press(Qt::Key_Equal, Qt::ControlModifier);
    f.press(Qt::Key_Equal, Qt::ControlModifier);
    QTest::qWait(50);
    QList<QAbstractButton*> buttons;
    for (QAbstractButton* b : f.window.poolPanel()->findChildren<QAbstractButton*>())
        if (b->text() == "H = W" && b->isVisible())
            buttons << b;
    QVERIFY(!buttons.isEmpty());
    QScrollArea* area = nullptr;
    for (QWidget* w = f.window.poolPanel(); w && !area; w = w->parentWidget())
        area = qobject_cast<QScrollArea*>(w);
    QVERIFY(area);
    for (QAbstractButton* b : buttons) {
        const QRect r(b->mapTo(area->viewport(), QPoint(0, 0)), b->size());
        QVERIFY2(r.right() < area->viewport()->width(),
                 qPrintable(QString("%1 of %2").arg(r.right()).arg(area->viewport()->width())));
    }
    f.press(Qt::Key_0, Qt::ControlModifier);
}

void TestTextSize::plainKeysStillZoomTheMaps()
{
    Fixture f;
    const double base = QApplication::font().pointSizeF();
    const double zoom = f.window.stageView()->viewTransform()->zoom();
    f.press(Qt::Key_Plus);
    QVERIFY(f.window.stageView()->viewTransform()->zoom() > zoom);
    QCOMPARE(QApplication::font().pointSizeF(), base);
}

void TestTextSize::remembered()
{
    QTemporaryDir dir;
    QSettings store(dir.filePath("settings.ini"), QSettings::IniFormat);
    AppSettings settings(&store);
    const double base = QApplication::font().pointSizeF();
    {
        Fixture f(&settings);
        f.press(Qt::Key_Equal, Qt::ControlModifier);
        f.window.close();
    }
    QVERIFY(settings.textScale().has_value());
    QApplication::setFont(Theme::classroomFont("DejaVu Sans")); // as main() starts
    {
        Fixture f(&settings);
        QVERIFY(QApplication::font().pointSizeF() > base);
        f.press(Qt::Key_0, Qt::ControlModifier);
        QCOMPARE(QApplication::font().pointSizeF(), base);
    }
}

QTEST_MAIN(TestTextSize)
#include "test_text_size.moc"
