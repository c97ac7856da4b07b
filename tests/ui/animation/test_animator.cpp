// Animator: time-based motion at every speed, end and loop, stepping, speed
// limits, and how it follows position changes made by others (scrubber, a
// recompute that keeps the relative place). Time comes from a manual clock.
#include <QSignalSpy>
#include <QtTest>

#include "ui/animation/animation_clock.h"
#include "ui/animation/animator.h"
#include "ui/model/session.h"

using namespace poolscope;
using namespace poolscope::ui;

namespace {

// Advances the clock in screen-refresh sized ticks, as the real clock would.
void run(ManualAnimationClock& clock, qint64 ms, qint64 tick = 16)
{
    while (ms > 0) {
        const qint64 dt = std::min(tick, ms);
        clock.advance(dt);
        ms -= dt;
    }
}

} // namespace

class TestAnimator : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void speedMovesPositionWithTime_data();
    void speedMovesPositionWithTime();
    void stopsAtTheEnd();
    void loopWrapsAround_data();
    void loopWrapsAround();
    void stepping_data();
    void stepping();
    void speedIsClamped_data();
    void speedIsClamped();
    void playFromTheEndStartsAgain();
    void pausedClockDoesNotMove();
    void followsPositionSetElsewhere();
    void recomputeKeepsRelativePosition();
    void pauseRestsOnAWholeStep();

private:
    Session* session_ = nullptr;
    ManualAnimationClock* clock_ = nullptr;
    Animator* animator_ = nullptr;
};

void TestAnimator::init()
{
    session_ = new Session;
    session_->waitForIdle();
    QVERIFY(session_->stepCount() > 10);
    session_->setPosition(0); // the sweeps below count from the first window
    clock_ = new ManualAnimationClock;
    animator_ = new Animator(session_, clock_);
}

void TestAnimator::cleanup()
{
    delete animator_;
    delete clock_;
    delete session_;
}

void TestAnimator::speedMovesPositionWithTime_data()
{
    QTest::addColumn<double>("speed");
    QTest::addColumn<int>("ms");
    QTest::addColumn<int>("tick");
    QTest::newRow("slowest, 3 s") << 0.5 << 3000 << 16;
    QTest::newRow("classroom, 2.5 s") << 4.0 << 2500 << 16;
    QTest::newRow("fast, irregular ticks") << 37.0 << 1234 << 23;
    QTest::newRow("very fast, 0.3 s") << 250.0 << 300 << 16;
}

void TestAnimator::speedMovesPositionWithTime()
{
    QFETCH(double, speed);
    QFETCH(int, ms);
    QFETCH(int, tick);
    animator_->setSpeed(speed);
    QCOMPARE(animator_->speed(), speed);
    animator_->play();
    QVERIFY(animator_->isPlaying());
    QVERIFY(clock_->isRunning());
    run(*clock_, ms, tick);
    const double expected = std::min(speed * ms / 1000.0, double(session_->stepCount() - 1));
    QVERIFY2(std::abs(session_->position() - expected) < 1e-9,
             qPrintable(QStringLiteral("position %1, expected %2").arg(session_->position()).arg(expected)));
}

void TestAnimator::stopsAtTheEnd()
{
    QSignalSpy finished(animator_, &Animator::finished);
    QSignalSpy playing(animator_, &Animator::playingChanged);
    animator_->setSpeed(Animator::kMaxSpeed);
    animator_->play();
    // 5000 steps/s: a whole 14 x 14 sweep takes well under a second.
    run(*clock_, 1000);
    QCOMPARE(session_->position(), double(session_->stepCount() - 1));
    QVERIFY(!animator_->isPlaying());
    QVERIFY(!clock_->isRunning());
    QCOMPARE(finished.count(), 1);
    QCOMPARE(playing.count(), 2); // on, then off
}

void TestAnimator::loopWrapsAround_data()
{
    QTest::addColumn<double>("stepsPastTheEnd");
    QTest::newRow("half a step past") << 0.5;
    QTest::newRow("a few steps") << 3.5;
}

void TestAnimator::loopWrapsAround()
{
    QFETCH(double, stepsPastTheEnd);
    const int count = session_->stepCount();
    QSignalSpy finished(animator_, &Animator::finished);
    animator_->setLoop(true);
    animator_->setSpeed(100);
    animator_->play();
    // (count + extra) steps at 100 steps/s, in 10 ms ticks: every tick moves exactly one step.
    run(*clock_, qint64(std::llround((count + stepsPastTheEnd) * 10)), 10);
    QVERIFY(animator_->isPlaying());
    QCOMPARE(finished.count(), 0);
    QVERIFY2(std::abs(session_->position() - stepsPastTheEnd) < 1e-9,
             qPrintable(QString::number(session_->position())));
}

void TestAnimator::stepping_data()
{
    QTest::addColumn<double>("start");
    QTest::addColumn<QString>("action");
    QTest::addColumn<double>("expected"); // negative: counted from the end (-1 = last)
    QTest::newRow("forward from a step") << 3.0 << "forward" << 4.0;
    QTest::newRow("forward mid-glide") << 3.6 << "forward" << 4.0;
    QTest::newRow("back from a step") << 3.0 << "back" << 2.0;
    QTest::newRow("back mid-glide returns to its step") << 3.6 << "back" << 3.0;
    QTest::newRow("back at the start stays") << 0.0 << "back" << 0.0;
    QTest::newRow("forward at the end stays") << -1.0 << "forward" << -1.0;
    QTest::newRow("to start") << 17.5 << "start" << 0.0;
    QTest::newRow("to end") << 2.0 << "end" << -1.0;
}

void TestAnimator::stepping()
{
    QFETCH(double, start);
    QFETCH(QString, action);
    QFETCH(double, expected);
    const double last = session_->stepCount() - 1;
    animator_->play(); // (before moving: playing from the end would start again)
    session_->setPosition(start < 0 ? last + 1 + start : start);
    if (action == "forward")
        animator_->stepForward();
    else if (action == "back")
        animator_->stepBack();
    else if (action == "start")
        animator_->toStart();
    else
        animator_->toEnd();
    QCOMPARE(session_->position(), expected < 0 ? last + 1 + expected : expected);
    QVERIFY(!animator_->isPlaying()); // stepping pauses
}

void TestAnimator::speedIsClamped_data()
{
    QTest::addColumn<double>("asked");
    QTest::addColumn<double>("expected");
    QTest::newRow("below the slowest") << 0.1 << Animator::kMinSpeed;
    QTest::newRow("above the fastest") << 1e6 << Animator::kMaxSpeed;
    QTest::newRow("in range") << 12.5 << 12.5;
}

void TestAnimator::speedIsClamped()
{
    QFETCH(double, asked);
    QFETCH(double, expected);
    animator_->setSpeed(asked);
    QCOMPARE(animator_->speed(), expected);
}

void TestAnimator::playFromTheEndStartsAgain()
{
    animator_->toEnd();
    animator_->setSpeed(10);
    animator_->play();
    QCOMPARE(session_->position(), 0.0);
    run(*clock_, 200);
    QCOMPARE(session_->position(), 2.0);
}

void TestAnimator::pausedClockDoesNotMove()
{
    animator_->setSpeed(10);
    animator_->play();
    run(*clock_, 100);
    animator_->pause();
    const double held = session_->position();
    clock_->start(); // even a clock that ticks on must not move a paused sweep
    run(*clock_, 500);
    QCOMPARE(session_->position(), held);
    // Resuming does not count the paused time.
    animator_->play();
    run(*clock_, 100);
    QVERIFY(std::abs(session_->position() - (held + 1.0)) < 1e-9);
}

void TestAnimator::followsPositionSetElsewhere()
{
    animator_->setSpeed(4);
    animator_->play();
    run(*clock_, 500);
    session_->setPosition(50); // e.g. the scrubber or a click on an output cell
    run(*clock_, 1000);
    QVERIFY2(std::abs(session_->position() - 54.0) < 1e-9, qPrintable(QString::number(session_->position())));
}

void TestAnimator::recomputeKeepsRelativePosition()
{
    const int before = session_->stepCount(); // 14 x 14 with the 2x2 default
    session_->setPosition(before / 2.0);
    PoolSpec p = session_->pool();
    p.kernel = {4, 4};
    p.stride = Size2{4, 4};
    session_->setPool(p);
    session_->waitForIdle();
    const int after = session_->stepCount();
    QVERIFY(after != before);
    QVERIFY(std::abs(session_->position() / after - 0.5) < 1e-9);
    // The animation continues from the kept place at its speed.
    animator_->setSpeed(2);
    animator_->play();
    const double kept = session_->position();
    run(*clock_, 1000);
    QVERIFY(std::abs(session_->position() - (kept + 2.0)) < 1e-9);
}

void TestAnimator::pauseRestsOnAWholeStep()
{
    animator_->setSpeed(2);
    animator_->play();
    run(*clock_, 1400); // 2.8 steps: gliding from step 2 to step 3
    QVERIFY(session_->position() != std::floor(session_->position()));
    animator_->pause();
    QCOMPARE(session_->position(), 2.0);
    QCOMPARE(session_->step(), 2);
}

QTEST_MAIN(TestAnimator)
#include "test_animator.moc"
