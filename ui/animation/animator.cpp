#include "ui/animation/animator.h"

#include <algorithm>
#include <cmath>

#include "ui/animation/animation_clock.h"
#include "ui/model/session.h"

namespace poolscope::ui {

Animator::Animator(Session* session, AnimationClock* clock, QObject* parent)
    : QObject(parent), session_(session), clock_(clock)
{
    connect(clock_, &AnimationClock::tick, this, &Animator::onTick);
}

int Animator::lastStep() const
{
    return std::max(0, session_->stepCount() - 1);
}

void Animator::setPlaying(bool on)
{
    if (playing_ == on)
        return;
    playing_ = on;
    if (on) {
        lastTickMs_ = clock_->nowMs();
        clock_->start();
    } else {
        clock_->stop();
        // Paused, the window rests on the step it is on (the one the panels
        // describe), never frozen half-way in a glide.
        const double p = session_->position();
        if (p != std::floor(p))
            moveTo(std::floor(p));
    }
    emit playingChanged(on);
}

void Animator::play()
{
    if (session_->stepCount() == 0)
        return;
    // Playing from the end starts the sweep again, as media players do.
    if (!loop_ && session_->position() >= lastStep())
        moveTo(0);
    setPlaying(true);
}

void Animator::pause()
{
    setPlaying(false);
}

void Animator::toggle()
{
    if (playing_)
        pause();
    else
        play();
}

void Animator::moveTo(double position)
{
    sweep_ = std::clamp(position, 0.0, double(lastStep()));
    session_->setPosition(sweep_);
    sent_ = session_->position();
}

void Animator::stepForward()
{
    pause();
    moveTo(std::floor(session_->position()) + 1);
}

void Animator::stepBack()
{
    const double from = session_->position(); // before the pause rests it on its step
    pause();
    moveTo(std::ceil(from) - 1);
}

void Animator::toStart()
{
    pause();
    moveTo(0);
}

void Animator::toEnd()
{
    pause();
    moveTo(lastStep());
}

void Animator::seek(double position)
{
    moveTo(position);
}

void Animator::setSpeed(double stepsPerSecond)
{
    const double v = std::clamp(stepsPerSecond, kMinSpeed, kMaxSpeed);
    if (v == speed_)
        return;
    speed_ = v;
    emit speedChanged(v);
}

void Animator::setLoop(bool on)
{
    if (loop_ == on)
        return;
    loop_ = on;
    emit loopChanged(on);
}

void Animator::onTick()
{
    const qint64 now = clock_->nowMs();
    const qint64 dt = now - lastTickMs_;
    lastTickMs_ = now;
    if (!playing_)
        return;
    const int count = session_->stepCount();
    if (count == 0)
        return;
    // Someone else moved the position (scrubber, a click, a recompute that kept
    // the relative place): continue from there.
    if (session_->position() != sent_)
        sweep_ = session_->position();

    double next = sweep_ + speed_ * double(dt) / 1000.0;
    const double last = count - 1;
    if (loop_) {
        next = std::fmod(next, double(count));
        sweep_ = next;
        session_->setPosition(std::min(next, last));
        sent_ = session_->position();
        return;
    }
    if (next >= last) {
        moveTo(last);
        setPlaying(false);
        emit finished();
        return;
    }
    moveTo(next);
}

} // namespace poolscope::ui
