// Keys that mean one thing: Left/Right step, Up/Down change the channel and
// Home/End go to the first/last step whichever control has the focus (a clicked
// thumbnail, a combo box, the scrubber, a button); a spin box keeps its keys.
#include <QComboBox>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QtTest>

#include "tests/ui/window_fixture.h"
#include "ui/animation/animation_clock.h"
#include "ui/animation/animator.h"
#include "ui/animation/transport_bar.h"
#include "ui/model/session.h"
#include "ui/panels/pool_panel.h"
#include "ui/shell/main_window.h"
#include "ui/shell/theme.h"
#include "ui/stage/channel_strip.h"

using namespace poolscope::ui;

namespace {

struct Fixture : WindowFixture {
    Fixture() : WindowFixture(QSize(1400, 900))
    {
        window.animator()->pause();
        session()->setStep(5);
    }
};

// A key as a person presses it: to whatever has the focus.
void press(Qt::Key key)
{
    QWidget* focus = QApplication::focusWidget();
    QVERIFY(focus);
    QTest::keyClick(focus, key);
}

} // namespace

class TestKeys : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { Theme::apply(ThemeKind::Light); }
    void clickedThumbnailLeavesStepKeys();
    void anyControlLeavesStepKeys_data();
    void anyControlLeavesStepKeys();
    void spinBoxKeepsItsKeys();
};

void TestKeys::clickedThumbnailLeavesStepKeys()
{
    Fixture f;
    ChannelStrip* strip = f.window.channelStrip();
    QTest::mouseClick(strip, Qt::LeftButton, {}, strip->thumbnailRect(1).center());
    QCOMPARE(f.session()->focusedChannel(), 1);
    QVERIFY(strip->hasFocus());
    press(Qt::Key_Right);
    QCOMPARE(f.session()->step(), 6);
    press(Qt::Key_Left);
    press(Qt::Key_Left);
    QCOMPARE(f.session()->step(), 4);
    press(Qt::Key_End);
    QCOMPARE(f.session()->step(), f.session()->stepCount() - 1);
    press(Qt::Key_Home);
    QCOMPARE(f.session()->step(), 0);
    QCOMPARE(f.session()->focusedChannel(), 1); // none of those touched the channel
    press(Qt::Key_Down);
    QCOMPARE(f.session()->focusedChannel(), 2);
    press(Qt::Key_Up);
    press(Qt::Key_Up);
    QCOMPARE(f.session()->focusedChannel(), 0);
    press(Qt::Key_Up); // stays on the first
    QCOMPARE(f.session()->focusedChannel(), 0);
    QCOMPARE(f.session()->step(), 0);
}

void TestKeys::anyControlLeavesStepKeys_data()
{
    QTest::addColumn<QString>("control");
    QTest::newRow("operation combo box") << "combo";
    QTest::newRow("scrubber") << "scrubber";
    QTest::newRow("speed slider") << "speed";
    QTest::newRow("transport button") << "button";
}

void TestKeys::anyControlLeavesStepKeys()
{
    QFETCH(QString, control);
    Fixture f;
    QWidget* w = nullptr;
    if (control == "combo")
        w = f.window.poolPanel()->findChild<QComboBox*>();
    else if (control == "button")
        w = f.window.transportBar()->findChild<QToolButton*>();
    else
        w = f.window.transportBar()->findChild<QSlider*>(control);
    QVERIFY(w);
    w->setFocus(Qt::TabFocusReason);
    QCOMPARE(QApplication::focusWidget(), w);
    auto* combo = qobject_cast<QComboBox*>(w);
    const int comboIndex = combo ? combo->currentIndex() : -1;
    auto* slider = qobject_cast<QSlider*>(w);
    const int sliderValue = slider ? slider->value() : 0;
    const bool speed = control == "speed";

    press(Qt::Key_Right);
    QCOMPARE(f.session()->step(), 6);
    press(Qt::Key_Down);
    QCOMPARE(f.session()->focusedChannel(), 1);
    press(Qt::Key_End);
    QCOMPARE(f.session()->step(), f.session()->stepCount() - 1);
    press(Qt::Key_Up);
    QCOMPARE(f.session()->focusedChannel(), 0);
    press(Qt::Key_Home);
    QCOMPARE(f.session()->step(), 0);
    if (combo)
        QCOMPARE(combo->currentIndex(), comboIndex);
    if (speed)
        QCOMPARE(slider->value(), sliderValue);
}

void TestKeys::spinBoxKeepsItsKeys()
{
    Fixture f;
    QSpinBox* box = nullptr; // the kernel size: the first one that can go up
    for (QSpinBox* b : f.window.poolPanel()->findChildren<QSpinBox*>())
        if (!box && b->isEnabled() && b->isVisible() && b->value() < b->maximum())
            box = b;
    QVERIFY(box);
    box->setFocus(Qt::TabFocusReason);
    const int value = box->value();
    press(Qt::Key_Up);
    QCOMPARE(box->value(), value + 1);
    QCOMPARE(f.session()->focusedChannel(), 0);
    press(Qt::Key_Down);
    QCOMPARE(box->value(), value);
    press(Qt::Key_Left);
    press(Qt::Key_End);
    QCOMPARE(f.session()->step(), 5);
}

QTEST_MAIN(TestKeys)
#include "test_keys.moc"
