// TransportBar: every button by mouse click, the scrubber by dragging its
// handle, the logarithmic speed slider by keyboard, and the step counter.
#include <QLabel>
#include <QSignalSpy>
#include <QSlider>
#include <QStyle>
#include <QStyleOptionSlider>
#include <QToolButton>
#include <QtTest>

#include "ui/animation/animation_clock.h"
#include "ui/animation/animator.h"
#include "ui/animation/transport_bar.h"
#include "ui/model/session.h"

using namespace poolscope;
using namespace poolscope::ui;

namespace {

QPoint handleCentre(QSlider* slider)
{
    QStyleOptionSlider opt;
    opt.initFrom(slider);
    opt.orientation = slider->orientation();
    opt.minimum = slider->minimum();
    opt.maximum = slider->maximum();
    opt.sliderPosition = slider->sliderPosition();
    opt.sliderValue = slider->value();
    opt.subControls = QStyle::SC_SliderGroove | QStyle::SC_SliderHandle;
    return slider->style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderHandle, slider).center();
}

} // namespace

class TestTransportBar : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void buttons_data();
    void buttons();
    void playPauseToggles();
    void loopButtonSetsLoop();
    void scrubberDragSeeksAndResumes();
    void scrubberFollowsSession();
    void stepCounter_data();
    void stepCounter();
    void speedSliderIsLogarithmic_data();
    void speedSliderIsLogarithmic();
    void speedSliderByKeyboard();

private:
    Session* session_ = nullptr;
    ManualAnimationClock* clock_ = nullptr;
    Animator* animator_ = nullptr;
    TransportBar* bar_ = nullptr;
    template <typename T> T* child(const char* name) const
    {
        T* w = bar_->findChild<T*>(QLatin1String(name));
        if (!w)
            qFatal("no child %s", name);
        return w;
    }
};

void TestTransportBar::init()
{
    session_ = new Session;
    session_->waitForIdle();
    clock_ = new ManualAnimationClock;
    animator_ = new Animator(session_, clock_);
    bar_ = new TransportBar(session_, animator_);
    bar_->resize(1000, bar_->sizeHint().height());
    bar_->show();
    QVERIFY(QTest::qWaitForWindowExposed(bar_));
}

void TestTransportBar::cleanup()
{
    delete bar_;
    delete animator_;
    delete clock_;
    delete session_;
}

void TestTransportBar::buttons_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<double>("start");
    QTest::addColumn<double>("expected"); // -1: the last step
    QTest::newRow("step forward") << "stepForward" << 5.0 << 6.0;
    QTest::newRow("step back") << "stepBack" << 5.0 << 4.0;
    QTest::newRow("to start") << "toStart" << 40.0 << 0.0;
    QTest::newRow("to end") << "toEnd" << 3.0 << -1.0;
}

void TestTransportBar::buttons()
{
    QFETCH(QString, button);
    QFETCH(double, start);
    QFETCH(double, expected);
    session_->setPosition(start);
    QTest::mouseClick(child<QToolButton>(button.toLatin1().constData()), Qt::LeftButton);
    QCOMPARE(session_->position(), expected < 0 ? double(session_->stepCount() - 1) : expected);
    QCOMPARE(child<QSlider>("scrubber")->value(), session_->step());
}

void TestTransportBar::playPauseToggles()
{
    session_->setPosition(0); // a new input starts at its first informative window
    auto* play = child<QToolButton>("playPause");
    QVERIFY(!animator_->isPlaying());
    QTest::mouseClick(play, Qt::LeftButton);
    QVERIFY(animator_->isPlaying());
    const QString playingTip = play->toolTip();
    animator_->setSpeed(10);
    clock_->advance(300);
    QCOMPARE(session_->position(), 3.0);
    QTest::mouseClick(play, Qt::LeftButton);
    QVERIFY(!animator_->isPlaying());
    QVERIFY(play->toolTip() != playingTip); // says what a click will do
}

void TestTransportBar::loopButtonSetsLoop()
{
    auto* loop = child<QToolButton>("loop");
    QVERIFY(loop->isCheckable());
    QTest::mouseClick(loop, Qt::LeftButton);
    QVERIFY(animator_->loops());
    QTest::mouseClick(loop, Qt::LeftButton);
    QVERIFY(!animator_->loops());
    animator_->setLoop(true); // and the button follows the animator
    QVERIFY(loop->isChecked());
}

void TestTransportBar::scrubberDragSeeksAndResumes()
{
    auto* scrubber = child<QSlider>("scrubber");
    QCOMPARE(scrubber->maximum(), session_->stepCount() - 1);
    animator_->play();
    QSignalSpy playing(animator_, &Animator::playingChanged);

    const QPoint from = handleCentre(scrubber);
    QTest::mousePress(scrubber, Qt::LeftButton, {}, from);
    QVERIFY(!animator_->isPlaying()); // the sweep holds still under the hand
    // Drag to about two thirds of the groove, in a few moves as a hand would.
    const QPoint to(scrubber->width() * 2 / 3, from.y());
    for (int i = 1; i <= 4; ++i) {
        QMouseEvent move(QEvent::MouseMove, from + (to - from) * i / 4,
                         scrubber->mapToGlobal(from + (to - from) * i / 4), Qt::NoButton, Qt::LeftButton,
                         Qt::NoModifier);
        QApplication::sendEvent(scrubber, &move);
    }
    QCOMPARE(session_->step(), scrubber->value());
    const double fraction = double(scrubber->value()) / scrubber->maximum();
    QVERIFY2(fraction > 0.55 && fraction < 0.75, qPrintable(QString::number(fraction)));
    QTest::mouseRelease(scrubber, Qt::LeftButton, {}, to);
    QVERIFY(animator_->isPlaying()); // resumes after the drag
    QCOMPARE(playing.count(), 2);
}

void TestTransportBar::scrubberFollowsSession()
{
    session_->setPosition(77.4);
    QCOMPARE(child<QSlider>("scrubber")->value(), 77);
    QCOMPARE(session_->position(), 77.4); // following must not snap the position
}

void TestTransportBar::stepCounter_data()
{
    QTest::addColumn<double>("position");
    QTest::addColumn<int>("shownStep"); // 1-based, as a class counts
    QTest::newRow("first") << 0.0 << 1;
    QTest::newRow("mid-glide shows the cell being written") << 36.7 << 37;
    QTest::newRow("last") << -1.0 << -1;
}

void TestTransportBar::stepCounter()
{
    QFETCH(double, position);
    QFETCH(int, shownStep);
    const int count = session_->stepCount();
    session_->setPosition(position < 0 ? count - 1 : position);
    const int shown = shownStep < 0 ? count : shownStep;
    QCOMPARE(child<QLabel>("stepLabel")->text(), QStringLiteral("step %1 / %2").arg(shown).arg(count));
}

void TestTransportBar::speedSliderIsLogarithmic_data()
{
    QTest::addColumn<int>("value");
    QTest::addColumn<double>("speed");
    // Equal slider moves multiply the speed equally: the middle is the geometric mean.
    QTest::newRow("left end") << 0 << Animator::kMinSpeed;
    QTest::newRow("right end") << TransportBar::kSpeedSteps << Animator::kMaxSpeed;
    QTest::newRow("middle") << TransportBar::kSpeedSteps / 2
                            << std::sqrt(Animator::kMinSpeed * Animator::kMaxSpeed);
    QTest::newRow("a quarter") << TransportBar::kSpeedSteps / 4
                               << Animator::kMinSpeed *
                                      std::pow(Animator::kMaxSpeed / Animator::kMinSpeed, 0.25);
}

void TestTransportBar::speedSliderIsLogarithmic()
{
    QFETCH(int, value);
    QFETCH(double, speed);
    QVERIFY(std::abs(TransportBar::speedForSlider(value) - speed) < 1e-9 * speed);
    QCOMPARE(TransportBar::sliderForSpeed(speed), value);
}

void TestTransportBar::speedSliderByKeyboard()
{
    auto* slider = child<QSlider>("speed");
    auto* label = child<QLabel>("speedLabel");
    slider->setFocus();
    QTest::keyClick(slider, Qt::Key_End);
    QCOMPARE(animator_->speed(), Animator::kMaxSpeed);
    QCOMPARE(label->text(), QStringLiteral("5000 steps/s"));
    QTest::keyClick(slider, Qt::Key_Home);
    QCOMPARE(animator_->speed(), Animator::kMinSpeed);
    QCOMPARE(label->text(), QStringLiteral("0.5 steps/s"));
    // And the slider follows a speed set elsewhere (e.g. from settings).
    animator_->setSpeed(4);
    QCOMPARE(slider->value(), TransportBar::sliderForSpeed(4));
    QCOMPARE(label->text(), QStringLiteral("4 steps/s"));
}

QTEST_MAIN(TestTransportBar)
#include "test_transport_bar.moc"
