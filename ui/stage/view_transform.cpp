#include "ui/stage/view_transform.h"

#include <algorithm>

namespace poolscope::ui {

namespace {

QPointF clamped(QPointF f)
{
    return QPointF(std::clamp(f.x(), 0.0, 1.0), std::clamp(f.y(), 0.0, 1.0));
}

} // namespace

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
    const QPointF f = clamped(focus);
    if (f == focus_[0] && f == focus_[1])
        return;
    focus_[0] = focus_[1] = f;
    emit changed();
}

void ViewTransform::setFocus(int map, QPointF focus)
{
    const QPointF f = clamped(focus);
    QPointF& mine = focus_[map == 0 ? 0 : 1];
    if (f == mine)
        return;
    mine = f;
    emit changed();
}

void ViewTransform::setView(double zoom, QPointF inputFocus, QPointF outputFocus)
{
    const double z = std::clamp(zoom, kMinZoom, kMaxZoom);
    const QPointF fi = clamped(inputFocus), fo = clamped(outputFocus);
    if (z == zoom_ && !fitted_ && fi == focus_[0] && fo == focus_[1])
        return;
    zoom_ = z;
    fitted_ = false;
    focus_[0] = fi;
    focus_[1] = fo;
    emit changed();
}

void ViewTransform::fit(double fitZoom)
{
    const double z = std::clamp(fitZoom, kMinZoom, kMaxZoom);
    const QPointF centre(0.5, 0.5);
    if (z == zoom_ && fitted_ && focus_[0] == centre && focus_[1] == centre)
        return;
    zoom_ = z;
    focus_[0] = focus_[1] = centre;
    fitted_ = true;
    emit changed();
}

QPointF ViewTransform::cellToView(QPointF cell, QSizeF extent, QPointF centre) const
{
    return {centre.x() + (cell.x() - focus_[0].x() * extent.width()) * zoom_,
            centre.y() + (cell.y() - focus_[0].y() * extent.height()) * zoom_};
}

QPointF ViewTransform::viewToCell(QPointF view, QSizeF extent, QPointF centre) const
{
    return {focus_[0].x() * extent.width() + (view.x() - centre.x()) / zoom_,
            focus_[0].y() * extent.height() + (view.y() - centre.y()) / zoom_};
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
    focus_[0] = focus_[1] = clamped(f);
    emit changed();
}

void ViewTransform::panBy(QPointF delta, QSizeF extent)
{
    if (delta.isNull())
        return;
    fitted_ = false;
    // The same share of each map, so both move to corresponding regions.
    const QPointF d(delta.x() / (zoom_ * std::max(extent.width(), 1e-9)),
                    delta.y() / (zoom_ * std::max(extent.height(), 1e-9)));
    focus_[0] = clamped(focus_[0] - d);
    focus_[1] = clamped(focus_[1] - d);
    emit changed();
}

} // namespace poolscope::ui
