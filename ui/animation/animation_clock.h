#pragma once
// Where animation time comes from. The animator reads nowMs() on every tick, so
// tests can drive it with a manual clock instead of real time.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace poolscope::ui {

class AnimationClock : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    // Monotonic milliseconds; only differences matter.
    virtual qint64 nowMs() const = 0;
    // Ticks are only needed while something animates.
    virtual void start() = 0;
    virtual void stop() = 0;
    virtual bool isRunning() const = 0;

signals:
    void tick();
};

// Real time: a precise timer at the usual screen refresh (about 60 Hz).
class SystemAnimationClock : public AnimationClock {
    Q_OBJECT
public:
    explicit SystemAnimationClock(QObject* parent = nullptr);
    qint64 nowMs() const override;
    void start() override;
    void stop() override;
    bool isRunning() const override;

    static constexpr int kIntervalMs = 16;

private:
    QTimer timer_;
    QElapsedTimer elapsed_;
};

// Time that moves only when told to: advance(ms) moves it and emits tick while running.
class ManualAnimationClock : public AnimationClock {
    Q_OBJECT
public:
    using AnimationClock::AnimationClock;
    qint64 nowMs() const override { return now_; }
    void start() override { running_ = true; }
    void stop() override { running_ = false; }
    bool isRunning() const override { return running_; }
    void advance(qint64 ms);

private:
    qint64 now_ = 0;
    bool running_ = false;
};

} // namespace poolscope::ui
