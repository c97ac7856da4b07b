#include "ui/stage/feature_map_view.h"

#include <cmath>

#include <QApplication>
#include <QDataStream>
#include <QMouseEvent>
#include <QPainter>
#include <QRubberBand>
#include <QWheelEvent>

#include "ui/model/session.h"
#include "ui/stage/hover_map.h"
#include "ui/stage/stage_view.h"
#include "ui/stage/view_transform.h"

namespace poolscope::ui {

FeatureMapView::FeatureMapView(MapRole role, StageView* stage) : QWidget(stage), role_(role), stage_(stage)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setCursor(Qt::OpenHandCursor);
    setToolTip(
        role == MapRole::Input
            ? tr("The map the pool reads. Hover a cell to see every output cell that reads it; "
                 "click it to jump to the first window that reads it; drag to pan, wheel to zoom.")
            : tr("The pooled map. Hover a cell to see its window; click it to jump the animation there."));
}

const QPixmap& FeatureMapView::basePixmap()
{
    // Everything the base depends on, so a stale picture is never shown.
    // The picture's key stands for the values too: a picture is only reused with
    // the planes it was made from. So a pool change that keeps the input's
    // picture and extent keeps its base.
    QByteArray key = stage_->baseKey(role_);
    {
        QDataStream s(&key, QIODevice::Append);
        const ViewTransform* t = stage_->viewTransform();
        s << t->zoom() << t->focus(0) << t->focus(1) << size() << devicePixelRatioF() << stage_->showValues()
          << palette().cacheKey() << font().toString() << stage_->presentation();
    }
    if (key != baseKey_ || base_.isNull()) {
        const qreal dpr = devicePixelRatioF();
        const QSize px = (QSizeF(size()) * dpr).toSize();
        if (base_.size() != px || base_.devicePixelRatio() != dpr) {
            // Painted over in full below; a new buffer only for a new size (fresh memory costs page faults).
            base_ = QPixmap(px);
            base_.setDevicePixelRatio(dpr);
        }
        QPainter p(&base_);
        stage_->paintPanelBase(p, role_, rect());
        baseKey_ = key;
    }
    return base_;
}

void FeatureMapView::paintEvent(QPaintEvent*)
{
    const QPixmap& base = basePixmap();
    QPainter p(this);
    p.drawPixmap(0, 0, base);
    stage_->paintPanelOverlay(p, role_, rect(), stage_->frame());
}

void FeatureMapView::updateHover(QPointF pos)
{
    Session* session = stage_->session();
    const std::optional<QPoint> cell = stage_->placementIn(role_, rect()).cellAt(pos);
    if (role_ == MapRole::Input) {
        session->setHoveredOutput(std::nullopt);
        session->setHoveredInput(cell);
    } else {
        session->setHoveredInput(std::nullopt);
        session->setHoveredOutput(cell);
    }
}

void FeatureMapView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    pressed_ = true;
    dragging_ = false;
    pressPos_ = lastPos_ = event->position();
    selecting_ = role_ == MapRole::Input && (event->modifiers() & Qt::ShiftModifier);
}

void FeatureMapView::mouseMoveEvent(QMouseEvent* event)
{
    const QPointF pos = event->position();
    if (pressed_) {
        if (!dragging_ && (pos - pressPos_).manhattanLength() >= QApplication::startDragDistance()) {
            dragging_ = true;
            setCursor(selecting_ ? Qt::CrossCursor : Qt::ClosedHandCursor);
        }
        if (dragging_ && selecting_) {
            if (!band_)
                band_ = new QRubberBand(QRubberBand::Rectangle, this);
            band_->setGeometry(QRectF(pressPos_, pos).normalized().toAlignedRect());
            band_->show();
            return;
        }
        if (dragging_) {
            stage_->panMaps(role_, pos - lastPos_);
            lastPos_ = pos;
            return;
        }
    }
    updateHover(pos);
}

void FeatureMapView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !pressed_)
        return QWidget::mouseReleaseEvent(event);
    pressed_ = false;
    if (dragging_) {
        dragging_ = false;
        setCursor(Qt::OpenHandCursor);
        if (selecting_) {
            selecting_ = false;
            if (band_)
                band_->hide();
            const QRectF drawn = QRectF(pressPos_, event->position()).normalized();
            stage_->selectRegion(stage_->placementIn(role_, rect()).cellsTouching(drawn));
        }
        return;
    }
    selecting_ = false;
    // A click on an output cell moves the animation to the step that writes it;
    // on an input cell, to the first window (raster order) that reads it.
    const auto cell = stage_->placementIn(role_, rect()).cellAt(event->position());
    if (!cell)
        return;
    // Cells outside the region of interest have no step.
    Session* session = stage_->session();
    if (role_ == MapRole::Output) {
        if (const auto step = session->stepOf(*cell))
            session->setStep(*step);
    } else if (const auto r = session->result()) {
        for (const QPoint& reader : outputCellsReading(*r, session->focusedChannel(), cell->y(), cell->x()))
            if (const auto step = session->stepOf(reader)) {
                session->setStep(*step);
                break;
            }
    }
}

void FeatureMapView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        stage_->fitToWindow();
}

void FeatureMapView::wheelEvent(QWheelEvent* event)
{
    const double notches = event->angleDelta().y() / 120.0;
    if (notches == 0)
        return;
    stage_->wheelZoom(role_, event->position(), std::pow(1.25, notches));
    updateHover(event->position());
    event->accept();
}

void FeatureMapView::leaveEvent(QEvent* event)
{
    Session* session = stage_->session();
    if (role_ == MapRole::Input)
        session->setHoveredInput(std::nullopt);
    else
        session->setHoveredOutput(std::nullopt);
    QWidget::leaveEvent(event);
}

} // namespace poolscope::ui
