#pragma once
// Plays the raster sweep: moves the session's position at a speed in steps per
// second, read from an AnimationClock so the motion follows time, not tick counts.
#include <QObject>

#include "core/spec/spec_limits.h"

namespace poolscope::ui {

class AnimationClock;
class Session;

class Animator : public QObject {
    Q_OBJECT
public:
    // From one step every two seconds to a speed at which a large map still finishes in seconds.
    static constexpr double kMinSpeed = limits::kAnimationSpeed.lo;
    static constexpr double kMaxSpeed = limits::kAnimationSpeed.hi;
    static constexpr double kDefaultSpeed = 4.0;

    Animator(Session* session, AnimationClock* clock, QObject* parent = nullptr);

    bool isPlaying() const { return playing_; }
    double speed() const { return speed_; }
    bool loops() const { return loop_; }
    // Last position of the sweep (stepCount - 1), 0 without a result.
    int lastStep() const;

public slots:
    void play();
    void pause();
    void toggle();
    // Stepping pauses: the class looks at one window at a time.
    void stepForward();
    void stepBack();
    void toStart();
    void toEnd();
    void seek(double position);
    void setSpeed(double stepsPerSecond); // clamped to [kMinSpeed, kMaxSpeed]
    void setLoop(bool on);

signals:
    void playingChanged(bool playing);
    void speedChanged(double stepsPerSecond);
    void loopChanged(bool on);
    void finished(); // reached the last step while not looping

private:
    void onTick();
    void setPlaying(bool on);
    void moveTo(double position);

    Session* session_;
    AnimationClock* clock_;
    bool playing_ = false;
    bool loop_ = false;
    double speed_ = kDefaultSpeed;
    qint64 lastTickMs_ = 0;
    // The sweep runs on a continuous position that may sit past the last step
    // while looping (the last cell stays on screen for one full step); the
    // session only sees the clamped value, so remember what was sent.
    double sweep_ = 0;
    double sent_ = -1;
};

} // namespace poolscope::ui
