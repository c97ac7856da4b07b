#pragma once
// One map of the stage (the pool input or the pooled output) with its title.
// It paints what its StageView says at the shared zoom and pan, and turns the
// mouse into hover links, zoom (wheel, around the cursor), pan (drag) and,
// on the input, a region of interest (Shift+drag).
#include <QPixmap>
#include <QPoint>
#include <QPointF>
#include <QRubberBand>
#include <QWidget>

namespace poolscope::ui {

class StageView;

enum class MapRole { Input, Output };

class FeatureMapView : public QWidget {
    Q_OBJECT
public:
    FeatureMapView(MapRole role, StageView* stage);
    MapRole role() const { return role_; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void updateHover(QPointF pos);
    const QPixmap& basePixmap();

    MapRole role_;
    StageView* stage_;
    // The map without the animation on top, redrawn only when what it shows changes.
    QPixmap base_;
    QByteArray baseKey_;
    // Dragging pans; a press and release without moving is a click; with Shift
    // on the input, dragging draws the rectangle of a region of interest.
    bool pressed_ = false, dragging_ = false, selecting_ = false;
    QPointF pressPos_, lastPos_;
    QRubberBand* band_ = nullptr;
};

} // namespace poolscope::ui
