#pragma once
// Zoom and pan shared by the linked maps. Zoom is in logical pixels per cell,
// the same for every map, so cells compare in size; the pan is a normalised
// point (0..1 of each map's extent) shown at the centre of every viewport, so
// the maps stay on corresponding regions even though their sizes differ.
#include <QObject>
#include <QPointF>
#include <QSizeF>

namespace poolscope::ui {

class ViewTransform : public QObject {
    Q_OBJECT
public:
    static constexpr double kMinZoom = 0.05;
    static constexpr double kMaxZoom = 512.0;

    explicit ViewTransform(QObject* parent = nullptr);

    double zoom() const { return zoom_; }
    QPointF focus() const { return focus_; }
    // True while the view follows the fitted zoom (resizes and new shapes refit).
    bool isFitted() const { return fitted_; }

    void setZoom(double zoom);    // leaves fit mode
    void setFocus(QPointF focus); // clamped to [0,1] so a map never leaves its viewport
    void fit(double fitZoom);     // zoom = fitZoom, centred, fit mode on

    // Screen position of a point given in cells of a map of `extent` cells whose
    // viewport is centred on `centre`.
    QPointF cellToView(QPointF cell, QSizeF extent, QPointF centre) const;
    QPointF viewToCell(QPointF view, QSizeF extent, QPointF centre) const;

    // Zooms by factor keeping the cell under `anchor` where it is.
    void zoomAround(double factor, QPointF anchor, QSizeF extent, QPointF centre);
    // Moves the maps by a screen distance.
    void panBy(QPointF delta, QSizeF extent);

signals:
    void changed();

private:
    double zoom_ = 16.0;
    QPointF focus_{0.5, 0.5};
    bool fitted_ = true;
};

} // namespace poolscope::ui
