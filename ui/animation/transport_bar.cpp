#include "ui/animation/transport_bar.h"

#include <algorithm>
#include <cmath>

#include <QBoxLayout>
#include <QEvent>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

#include "ui/animation/animator.h"
#include "ui/model/session.h"
#include "ui/widgets/label_holder.h"
#include "ui/widgets/themed_icon.h"

namespace poolscope::ui {

int TransportBar::sliderForSpeed(double v)
{
    const double t = std::log(std::clamp(v, Animator::kMinSpeed, Animator::kMaxSpeed) / Animator::kMinSpeed) /
                     std::log(Animator::kMaxSpeed / Animator::kMinSpeed);
    return int(std::lround(t * kSpeedSteps));
}

double TransportBar::speedForSlider(int value)
{
    const double t = std::clamp(value, 0, kSpeedSteps) / double(kSpeedSteps);
    return Animator::kMinSpeed * std::pow(Animator::kMaxSpeed / Animator::kMinSpeed, t);
}

QString TransportBar::speedText(double v)
{
    // Two significant figures are all a speed needs; small speeds keep one decimal.
    const double shown = v < 10 ? std::round(v * 10) / 10 : std::round(v);
    return tr("%1 steps/s").arg(QString::number(shown, 'g', shown < 10 ? 2 : 5));
}

TransportBar::TransportBar(Session* session, Animator* animator, QWidget* parent)
    : QWidget(parent), session_(session), animator_(animator)
{
    const int iconPx = int(fontMetrics().height() * 1.3);
    const auto button = [&](const char* name, const QString& tip) {
        auto* b = new QToolButton(this);
        b->setObjectName(QLatin1String(name));
        b->setIconSize(QSize(iconPx, iconPx));
        b->setToolTip(tip);
        b->setAccessibleName(tip);
        b->setAutoRaise(true);
        return b;
    };
    toStart_ = button("toStart", tr("Go to the first step (Home)."));
    stepBack_ = button("stepBack", tr("Step back one window (Left)."));
    playPause_ = button("playPause", tr("Play or pause the sweep (Space)."));
    stepForward_ = button("stepForward", tr("Step forward one window (Right)."));
    toEnd_ = button("toEnd", tr("Go to the last step (End)."));
    loop_ = button("loop", tr("Start again from the first step after the last."));
    loop_->setCheckable(true);
    loop_->setText(tr("Loop"));
    loop_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    scrubber_ = new QSlider(Qt::Horizontal, this);
    scrubber_->setObjectName(QStringLiteral("scrubber"));
    scrubber_->setMinimumWidth(fontMetrics().height() * 10);
    scrubber_->setToolTip(tr("Drag to any step of the sweep; one step computes one output cell."));
    stepLabel_ = new QLabel(this);
    stepLabel_->setObjectName(QStringLiteral("stepLabel"));
    stepLabel_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    stepLabel_->setToolTip(tr("The output cell being computed, of all the cells of one channel."));

    auto* speedTitle = new QLabel(tr("Speed"), this);
    speed_ = new QSlider(Qt::Horizontal, this);
    speed_->setObjectName(QStringLiteral("speed"));
    speed_->setRange(0, kSpeedSteps);
    speed_->setPageStep(kSpeedSteps / 8);
    speed_->setToolTip(tr("Animation speed, from one step every two seconds to 5000 steps per second."));
    speed_->setMinimumWidth(fontMetrics().height() * 8);
    speedTitle->setBuddy(speed_);
    speedLabel_ = new QLabel(this);
    speedLabel_->setObjectName(QStringLiteral("speedLabel"));
    speedLabel_->setToolTip(speed_->toolTip());
    speedLabel_->setMinimumWidth(fontMetrics().horizontalAdvance(speedText(Animator::kMaxSpeed)) + 4);

    // Two rows: the scrubber gets the full width (it is how a class is shown "where we
    // are"); the buttons and the speed share the row below.
    auto* rows = new QVBoxLayout(this);
    rows->setContentsMargins(4, 2, 4, 2);
    rows->setSpacing(2);
    auto* top = new QHBoxLayout;
    top->addWidget(scrubber_, 1);
    top->addWidget(new LabelHolder(stepLabel_)); // its text changes every frame of the sweep
    rows->addLayout(top);
    auto* bottom = new QHBoxLayout;
    for (QToolButton* b : {toStart_, stepBack_, playPause_, stepForward_, toEnd_, loop_})
        bottom->addWidget(b);
    bottom->addStretch(1);
    bottom->addWidget(speedTitle);
    bottom->addWidget(speed_);
    bottom->addWidget(speedLabel_);
    rows->addLayout(bottom);

    connect(toStart_, &QToolButton::clicked, animator_, &Animator::toStart);
    connect(stepBack_, &QToolButton::clicked, animator_, &Animator::stepBack);
    connect(playPause_, &QToolButton::clicked, animator_, &Animator::toggle);
    connect(stepForward_, &QToolButton::clicked, animator_, &Animator::stepForward);
    connect(toEnd_, &QToolButton::clicked, animator_, &Animator::toEnd);
    connect(loop_, &QToolButton::toggled, animator_, &Animator::setLoop);

    connect(scrubber_, &QSlider::valueChanged, this, [this](int v) {
        if (!syncing_)
            animator_->seek(v);
    });
    // Scrubbing pauses the sweep so it does not fight the hand, then resumes.
    connect(scrubber_, &QSlider::sliderPressed, this, [this] {
        resumeAfterDrag_ = animator_->isPlaying();
        animator_->pause();
    });
    connect(scrubber_, &QSlider::sliderReleased, this, [this] {
        if (resumeAfterDrag_)
            animator_->play();
        resumeAfterDrag_ = false;
    });
    connect(speed_, &QSlider::valueChanged, this, [this](int v) {
        if (!syncing_)
            animator_->setSpeed(speedForSlider(v));
    });

    connect(animator_, &Animator::playingChanged, this, &TransportBar::syncPlaying);
    connect(animator_, &Animator::speedChanged, this, &TransportBar::syncSpeed);
    connect(animator_, &Animator::loopChanged, this, [this](bool on) {
        const QSignalBlocker block(loop_);
        loop_->setChecked(on);
    });
    connect(session_, &Session::positionChanged, this, &TransportBar::syncPosition);
    connect(session_, &Session::resultChanged, this, &TransportBar::syncRange);
    connect(session_, &Session::regionChanged, this, &TransportBar::syncRange);

    loop_->setChecked(animator_->loops());
    updateIcons();
    syncPlaying(animator_->isPlaying());
    syncSpeed(animator_->speed());
    syncRange();
}

void TransportBar::syncRange()
{
    const int count = session_->stepCount();
    syncing_ = true;
    scrubber_->setRange(0, std::max(0, count - 1));
    scrubber_->setPageStep(std::max(1, session_->stepRect().width())); // one row of the sweep
    syncing_ = false;
    for (QWidget* w :
         std::initializer_list<QWidget*>{toStart_, stepBack_, playPause_, stepForward_, toEnd_, scrubber_})
        w->setEnabled(count > 0);
    const QString widest = tr("step %1 / %2").arg(std::max(count, 1)).arg(std::max(count, 1));
    stepLabel_->setMinimumWidth(fontMetrics().horizontalAdvance(widest) + 4);
    syncPosition();
}

void TransportBar::syncPosition()
{
    const int count = session_->stepCount();
    syncing_ = true;
    scrubber_->setValue(session_->step());
    syncing_ = false;
    stepLabel_->setText(count > 0 ? tr("step %1 / %2").arg(session_->step() + 1).arg(count) : QString());
}

void TransportBar::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateIcons();
}

void TransportBar::updateIcons()
{
    const QPalette& p = palette();
    toStart_->setIcon(themedIcon("to-start", p));
    stepBack_->setIcon(themedIcon("step-back", p));
    stepForward_->setIcon(themedIcon("step-forward", p));
    toEnd_->setIcon(themedIcon("to-end", p));
    loop_->setIcon(themedIcon("loop", p));
    playPause_->setIcon(themedIcon(animator_->isPlaying() ? "pause" : "play", p));
}

void TransportBar::syncPlaying(bool playing)
{
    playPause_->setIcon(themedIcon(playing ? "pause" : "play", palette()));
    playPause_->setToolTip(playing ? tr("Pause the sweep (Space).") : tr("Play the sweep (Space)."));
}

void TransportBar::syncSpeed(double v)
{
    syncing_ = true;
    speed_->setValue(sliderForSpeed(v));
    syncing_ = false;
    speedLabel_->setText(speedText(v));
}

} // namespace poolscope::ui
