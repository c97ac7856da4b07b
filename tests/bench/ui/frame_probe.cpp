#include "frame_probe.h"

#include <QApplication>
#include <QEvent>
#include <QWidget>

#include "bench_clock.h"
#include "ui/model/session.h"
#include "ui/shell/main_window.h"
#include "ui/stage/stage_view.h"

namespace poolscope::bench {

FrameProbe::FrameProbe(ui::MainWindow* window, QObject* parent)
    : QObject(parent), window_(window), inputMap_(window->stageView()->inputMap()),
      outputMap_(window->stageView()->outputMap()), session_(window->session())
{
    // Installed last, so it runs before the window's own application filter.
    qApp->installEventFilter(this);
}

FrameProbe::~FrameProbe()
{
    qApp->removeEventFilter(this);
}

void FrameProbe::reset()
{
    frames_.clear();
    deliveries_.clear();
}

quint64 FrameProbe::currentGeneration() const
{
    const auto r = window_->session()->result();
    return r ? r->generation : 0;
}

quint64 FrameProbe::shownGeneration() const
{
    return inputShown_ == outputShown_ ? inputShown_ : 0;
}

std::optional<FrameProbe::Frame> FrameProbe::frameShowing(quint64 generation, std::int64_t afterNs) const
{
    for (const Frame& f : frames_)
        if (f.endNs > afterNs && f.shows(generation))
            return f;
    return std::nullopt;
}

std::optional<FrameProbe::Delivery> FrameProbe::deliveryOf(quint64 generation) const
{
    for (const Delivery& d : deliveries_)
        if (d.generation == generation)
            return d;
    return std::nullopt;
}

void FrameProbe::closePaint(std::int64_t atNs)
{
    if (paintKey_.isEmpty())
        return;
    building_.paintMs[paintKey_] += msBetween(paintStartNs_, atNs);
    paintKey_.clear();
}

bool FrameProbe::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::UpdateRequest:
        if (watched == window_) {
            stagePaintedInFrame_ = false;
            building_ = Frame{};
            building_.startNs = nowNs();
            inFrame_ = true;
            watched->event(event); // paints every dirty widget and flushes
            inFrame_ = false;
            building_.endNs = nowNs();
            closePaint(building_.endNs);
            building_.inputGeneration = inputShown_;
            building_.outputGeneration = outputShown_;
            building_.stagePainted = stagePaintedInFrame_;
            frames_.push_back(std::move(building_));
            emit frameFinished();
            return true;
        }
        break;
    case QEvent::Paint:
        if (auto* w = qobject_cast<QWidget*>(watched)) {
            // The maps paint from the session's result of this moment: that is what they show.
            if (watched == inputMap_ || watched == outputMap_) {
                (watched == inputMap_ ? inputShown_ : outputShown_) = currentGeneration();
                stagePaintedInFrame_ = true;
            }
            // Widgets paint one after the other, never nested: a paint lasts until the
            // next one starts or the frame ends. Not delivered here, because some
            // widgets (scroll area viewports) paint through their own event filters.
            if (!inFrame_)
                break;
            const std::int64_t t = nowNs();
            closePaint(t);
            paintKey_ = QString::fromLatin1(w->metaObject()->className());
            if (!w->objectName().isEmpty())
                paintKey_ += QLatin1Char('#') + w->objectName();
            paintStartNs_ = t;
        }
        break;
    case QEvent::MetaCall:
        if (watched == session_) {
            // The worker hands each outcome over as a queued call on the session.
            const quint64 before = currentGeneration();
            Delivery d;
            d.startNs = nowNs();
            watched->event(event);
            d.endNs = nowNs();
            d.generation = currentGeneration();
            if (d.generation != before) {
                deliveries_.push_back(d);
                emit resultDelivered();
            }
            return true;
        }
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace poolscope::bench
