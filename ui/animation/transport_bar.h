#pragma once
// Media-player controls for the sweep: to start, step back, play/pause, step
// forward, to end, loop; a scrubber over every step with "step 37 / 196"; and
// the speed on a logarithmic slider (0.5 to 5000 steps per second).
#include <QWidget>

class QLabel;
class QSlider;
class QToolButton;

namespace poolscope::ui {

class Animator;
class Session;

class TransportBar : public QWidget {
    Q_OBJECT
public:
    TransportBar(Session* session, Animator* animator, QWidget* parent = nullptr);

    // The speed slider is logarithmic: equal moves multiply the speed equally.
    static constexpr int kSpeedSteps = 1000;
    static int sliderForSpeed(double stepsPerSecond);
    static double speedForSlider(int value);
    static QString speedText(double stepsPerSecond); // "0.5 steps/s", "4 steps/s", "5000 steps/s"

    QSlider* scrubber() const { return scrubber_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    // The buttons' icons in the current palette's colours (again on a theme change).
    void updateIcons();
    void syncPosition();
    void syncRange();
    void syncPlaying(bool playing);
    void syncSpeed(double stepsPerSecond);

    Session* session_;
    Animator* animator_;
    QToolButton *toStart_, *stepBack_, *playPause_, *stepForward_, *toEnd_, *loop_;
    QSlider* scrubber_;
    QLabel* stepLabel_;
    QSlider* speed_;
    QLabel* speedLabel_;
    bool syncing_ = false; // widget updates from the model must not feed back
    bool resumeAfterDrag_ = false;
};

} // namespace poolscope::ui
