#pragma once
// Zoom and pan of the linked maps. Zoom is in logical pixels per cell, the
// same for every map, so cells compare in size; the pan is a normalised point
// (0..1 of a map's extent) shown at the centre of its viewport. Dragging moves
// both maps to corresponding regions; following the window may give each map
// its own pan, as the window and its output cell need not lie at the same
// relative place.
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
    QPointF focus() const { return focus_[0]; }                       // the input map's
    QPointF focus(int map) const { return focus_[map == 0 ? 0 : 1]; } // 0 input, 1 output
    // True while the view follows the fitted zoom (resizes and new shapes refit).
    bool isFitted() const { return fitted_; }

    void setZoom(double zoom);    // leaves fit mode
    void setFocus(QPointF focus); // both maps; clamped to [0,1] so a map never leaves its viewport
    void setFocus(int map, QPointF focus);
    // Zoom and both pans at once, one change signal; leaves fit mode.
    void setView(double zoom, QPointF inputFocus, QPointF outputFocus);
    void fit(double fitZoom); // zoom = fitZoom, centred, fit mode on

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
    QPointF focus_[2] = {{0.5, 0.5}, {0.5, 0.5}};
    bool fitted_ = true;
};

} // namespace poolscope::ui
