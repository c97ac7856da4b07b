#include "ui/stage/view_transform.h"

#include <algorithm>

namespace poolscope::ui {

ViewTransform::ViewTransform(QObject* parent) : QObject(parent)
{
}

void ViewTransform::setZoom(double zoom)
{
    const double z = std::clamp(zoom, kMinZoom, kMaxZoom);
    const bool changedAny = z != zoom_ || fitted_;
    zoom_ = z;
    fitted_ = false;
    if (changedAny)
        emit changed();
}

void ViewTransform::setFocus(QPointF focus)
{
    const QPointF f(std::clamp(focus.x(), 0.0, 1.0), std::clamp(focus.y(), 0.0, 1.0));
    if (f == focus_)
        return;
    focus_ = f;
    emit changed();
}

void ViewTransform::fit(double fitZoom)
{
    const double z = std::clamp(fitZoom, kMinZoom, kMaxZoom);
    if (z == zoom_ && fitted_ && focus_ == QPointF(0.5, 0.5))
        return;
    zoom_ = z;
    focus_ = {0.5, 0.5};
    fitted_ = true;
    emit changed();
}

QPointF ViewTransform::cellToView(QPointF cell, QSizeF extent, QPointF centre) const
{
    return {centre.x() + (cell.x() - focus_.x() * extent.width()) * zoom_,
            centre.y() + (cell.y() - focus_.y() * extent.height()) * zoom_};
}

QPointF ViewTransform::viewToCell(QPointF view, QSizeF extent, QPointF centre) const
{
    return {focus_.x() * extent.width() + (view.x() - centre.x()) / zoom_,
            focus_.y() * extent.height() + (view.y() - centre.y()) / zoom_};
}

void ViewTransform::zoomAround(double factor, QPointF anchor, QSizeF extent, QPointF centre)
{
    const QPointF cell = viewToCell(anchor, extent, centre);
    const double z = std::clamp(zoom_ * factor, kMinZoom, kMaxZoom);
    // Solve anchor = centre + (cell - f*extent) * z for f.
    const QPointF f((cell.x() - (anchor.x() - centre.x()) / z) / std::max(extent.width(), 1e-9),
                    (cell.y() - (anchor.y() - centre.y()) / z) / std::max(extent.height(), 1e-9));
    zoom_ = z;
    fitted_ = false;
    focus_ = {std::clamp(f.x(), 0.0, 1.0), std::clamp(f.y(), 0.0, 1.0)};
    emit changed();
}

void ViewTransform::panBy(QPointF delta, QSizeF extent)
{
    if (delta.isNull())
        return;
    fitted_ = false;
    focus_ = {std::clamp(focus_.x() - delta.x() / (zoom_ * std::max(extent.width(), 1e-9)), 0.0, 1.0),
              std::clamp(focus_.y() - delta.y() / (zoom_ * std::max(extent.height(), 1e-9)), 0.0, 1.0)};
    emit changed();
}

} // namespace poolscope::ui
