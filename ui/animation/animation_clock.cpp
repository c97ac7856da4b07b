#include "ui/animation/animation_clock.h"

namespace poolscope::ui {

SystemAnimationClock::SystemAnimationClock(QObject* parent) : AnimationClock(parent)
{
    timer_.setTimerType(Qt::PreciseTimer);
    timer_.setInterval(kIntervalMs);
    connect(&timer_, &QTimer::timeout, this, &AnimationClock::tick);
    elapsed_.start();
}

qint64 SystemAnimationClock::nowMs() const
{
    return elapsed_.elapsed();
}

void SystemAnimationClock::start()
{
    timer_.start();
}

void SystemAnimationClock::stop()
{
    timer_.stop();
}

bool SystemAnimationClock::isRunning() const
{
    return timer_.isActive();
}

void ManualAnimationClock::advance(qint64 ms)
{
    now_ += ms;
    if (running_)
        emit tick();
}

} // namespace poolscope::ui
