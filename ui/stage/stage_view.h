#pragma once
// The stage: the pool's input map and its output side by side, at one shared
// zoom and pan, with the animated window, the connector to the output cell it
// writes, hover links both ways, and the colour bar. Views only paint: the
// numbers come from the session's result and traces.
#include <memory>
#include <optional>
#include <vector>

#include <QImage>
#include <QPoint>
#include <QRect>
#include <QStringList>
#include <QWidget>

#include "ui/model/map_images.h"
#include "ui/stage/arithmetic_caption.h"
#include "ui/stage/feature_map_view.h"
#include "ui/stage/map_painter.h"
#include "ui/stage/stage_frame.h"
#include "ui/stage/stage_layout.h"

namespace poolscope {
struct Coverage;
}

namespace poolscope::ui {

struct ChannelMaps;
class Session;
class ViewTransform;

// How an exported frame is drawn: with the arithmetic caption beside the
// window, at `scale` device pixels per logical pixel.
struct RenderOptions {
    bool arithmetic = false;
    double scale = 1.0;
};

class StageView : public QWidget {
    Q_OBJECT
public:
    explicit StageView(Session* session, QWidget* parent = nullptr);
    ~StageView() override;

    Session* session() const { return session_; }
    ViewTransform* viewTransform() const { return transform_; }

    bool showValues() const { return showValues_; }
    void setShowValues(bool on);

    // The output is shown whole, the current cell framed; with "reveal as it
    // goes" its cells fill in as the window passes. Off by default.
    bool revealAsItGoes() const { return reveal_; }
    void setRevealAsItGoes(bool on);

    // While a map does not fit its viewport, keep the current window (input) and
    // its output cell (output) in view, each map panned on its own. On by default.
    bool followWindow() const { return follow_; }
    void setFollowWindow(bool on);
    // True when following is on and some map is larger than its viewport.
    bool isFollowing() const;

    // The zoom (px per cell) at which the maps' values are written in their cells.
    double readableZoom() const;
    // The pixel size of the values written in the cells now; 0 when none are.
    double valueFontPixelSize() const;

    // Presentation mode: type for the back row (values at least 24 px, titles
    // larger), thicker strokes, and the window's arithmetic, the step and the
    // PyTorch layer written on the canvas; the zoom is chosen for the values,
    // following the window.
    bool presentation() const { return presentation_; }
    void setPresentation(bool on);

    // The whole stage painted off screen at an animation position, both maps
    // fitted whole or, with a region of interest, framed on it (the on-screen
    // zoom does not apply), without hover: for export.
    // The image is size * scale pixels, with that device pixel ratio.
    QImage renderFrame(QSize size, double position, const RenderOptions& options = {}) const;
    // The zoom (px per cell) of the maps in renderFrame() at `size`.
    double frameZoom(QSize size) const;
    // The same onto any painter of `size` logical pixels (an SVG generator keeps text as text).
    void renderFrameTo(QPainter& p, QSize size, double position, const RenderOptions& options = {}) const;

    // ---- what presentation mode writes on the canvas (tests, tools)
    QString arithmeticText() const;         // the current window's arithmetic; empty without one
    double arithmeticFontPixelSize() const; // 0 when no caption is shown
    QRect arithmeticRect() const;           // the caption's box; empty when none is shown
    QStringList canvasNote() const;         // the step and the PyTorch layer

    // While the form holds an invalid setting the maps show the last result: a
    // banner on the canvas says so and why. Empty without an error.
    QString staleBanner() const;
    QRect staleBannerRect() const;

    // ---- what is on screen, in this widget's coordinates (tests, tools)
    QRect inputCellRect(int y, int x) const;
    QRect outputCellRect(int oy, int ox) const;
    // Where the output map's cells show: below its title, above its colour bar.
    // A cell's rect may reach past it, under the title, where a click does nothing.
    QRect outputViewport() const;
    QRect inputViewport() const;
    // Where a map's title is written and what it says (tests check nothing is cut).
    QRect titleRect(MapRole role) const;
    MapTitle titleText(MapRole role) const { return title(role); }
    // The current window's bounding box in input cells (padding may be negative),
    // interpolated while it glides to the next step; empty without a result.
    QRectF currentWindowCells() const { return frame_.window; }
    // The output cell being written (its box, gliding likewise), in output cells.
    QRectF currentOutputCellRect() const { return frame_.outputCell; }
    // Cells lit by hovering: outputs reading the hovered input cell, inputs read
    // by the hovered output cell. QPoint(x, y).
    std::vector<QPoint> highlightedOutputCells() const;
    std::vector<QPoint> highlightedInputCells() const;
    FeatureMapView* inputMap() const { return input_; }
    FeatureMapView* outputMap() const { return output_; }

    // ---- region of interest (Session::region()): Shift+drag on the input map
    // picks one. Sets the session's region to `cells` (pool-input cells) and
    // zooms so it fills the stage; false, with a notice(), when no window reads it.
    bool selectRegion(const QRect& cells);

public slots:
    // The region becomes the input cells in view; a notice() when the whole input is.
    void cropToView();
    void clearRegion();
    void zoomIn();
    void zoomOut();
    void fitToWindow(); // both maps whole
    // The smallest zoom at which values are written, following the window: what
    // "actual size" gave a thumbnail of, made useful. actualSize() is the same.
    void readableSize();
    void actualSize() { readableSize(); }

signals:
    void showValuesChanged(bool on);
    void followWindowChanged(bool on);
    void revealAsItGoesChanged(bool on);
    void presentationChanged(bool on);
    // Something the user should read (the window's message bar shows it).
    void notice(const QString& text);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    friend class FeatureMapView;
    class ConnectorOverlay;

    void onResultChanged();
    void onChannelChanged();
    void onMapsChanged();
    void onPositionChanged();
    void onStepChanged();
    void onHoverChanged();
    void onRegionChanged();
    // Zooms so the region (input) and the cells it animates (output) fill their panels.
    void zoomToRegion();
    // The zoom and the pans (input, output) that frame the region in `layout`,
    // never smaller than both maps fitted; none without a region.
    struct MapsView {
        double zoom = 1;
        QPointF focus[2];
    };
    std::optional<MapsView> regionView(const StageLayout& layout) const;
    // An exported frame's view: framed on the region, else both maps fitted whole.
    MapsView frameView(const StageLayout& layout) const;
    StageLayout frameLayout(QSize size) const;
    void onTransformChanged();
    void relayout();
    void refreshFrame();
    // Pans each map that needs it so the window / output cell of the current step
    // shows (only while following).
    void keepWindowInView();
    void zoomBy(double factor);
    // Zooms to `zoom` keeping the point `anchor[i]` (widget coordinates) of map i where it is.
    void zoomAnchored(double zoom, const QPointF anchor[2]);
    void wheelZoom(MapRole role, QPointF at, double factor);
    void panMaps(MapRole role, QPointF delta);
    void applyAutoZoom();
    // Grows the title band when a title needs more lines than the layout gave it.
    void fitTitles(StageLayout& layout) const;
    // What the current step shows, in each map's cells: the window and its output cell.
    QRectF stepTarget(MapRole role) const;
    QRect titleRectIn(MapRole role, const QRect& panel, const MapPlacement& m) const;
    // The stage's font and look, larger and bolder in presentation mode.
    QFont stageFont() const;
    StageStyle stageStyle() const;
    ArithmeticCaption captionFor(const StageFrame& frame, const MapPlacement& in, double fontPx) const;
    ArithmeticCaption liveCaption() const;
    void paintPresentation(QPainter& p) const;
    QFont staleFont() const;
    void paintStaleBanner(QPainter& p) const;
    void updateMaps();

    // withHover: the live frame (hover links, crisp at high speed); without: an export frame.
    StageFrame frameAt(double position, bool withHover) const;
    std::shared_ptr<const WindowTrace> traceFor(int step) const;
    const MapExtent& extent(MapRole role) const { return role == MapRole::Input ? inExtent_ : outExtent_; }
    const StageFrame& frame() const { return frame_; }
    MapTitle title(MapRole role) const;
    // What a panel's map shows: the focused channel's pictures and values, or its
    // thumbnail while they are computed (no values then); null image without either.
    struct Picture {
        QImage image;
        std::vector<QImage> halvings;
        ConstPlaneView values;                   // of `maps`' planes, while they are there
        std::shared_ptr<const ChannelMaps> maps; // keeps the values' floats alive
        ValueRange range;
        ColorMap map = ColorMap::Viridis;
    };
    Picture picture(MapRole role) const;
    // Everything a panel's static part is painted from, for the maps' cached bases.
    QByteArray baseKey(MapRole role) const;
    // Ghost cells of the focused channel's input from the planes at hand.
    MapExtent focusedInputExtent(const PipelineResult& r) const;

    // Placement of a map whose panel (title + viewport) is `panel`, at the shared zoom and pan.
    MapPlacement placementIn(MapRole role, const QRect& panel) const;
    MapPlacement placementIn(MapRole role, const QRect& panel, double zoom, QPointF focus) const;
    // The shared painting code: the static part of a panel (title, map) and what moves on top.
    void paintPanelBase(QPainter& p, MapRole role, const QRect& panel) const;
    void paintPanelBase(QPainter& p, MapRole role, const QRect& panel, const MapPlacement& m,
                        const StageStyle& style) const;
    void paintPanelOverlay(QPainter& p, MapRole role, const QRect& panel, const StageFrame& frame) const;
    void paintPanelOverlay(QPainter& p, MapRole role, const MapPlacement& m, const StageFrame& frame,
                           const StageStyle& style) const;
    void paintConnectorIn(QPainter& p, const StageLayout& layout, double zoom, QPointF focusIn,
                          QPointF focusOut, const StageFrame& frame, const StageStyle& style) const;

    Session* session_;
    ViewTransform* transform_;
    FeatureMapView* input_;
    FeatureMapView* output_;
    ConnectorOverlay* overlay_;
    bool showValues_ = true;
    bool follow_ = true;
    bool reveal_ = false;
    bool presentation_ = false;
    // Auto: the larger of fit and readable (the start, and after a new shape);
    // Fit: both maps whole; Manual: the user's zoom and pan.
    enum class ZoomMode { Auto, Fit, Manual } zoomMode_ = ZoomMode::Auto;
    double autoZoom_ = 0; // the zoom Auto last chose

    StageLayout layout_;
    MapExtent inExtent_, outExtent_;
    StageFrame frame_;
    double lastPosition_ = 0;
    bool crisp_ = false; // on screen, no glide while the sweep moves faster than it could show
    std::shared_ptr<const std::vector<QPoint>> litInput_, litOutput_;

    // Traces of the current and next windows (the glide needs both), per result and
    // channel; cleared when the focused channel's maps arrive.
    struct TraceEntry {
        quint64 generation = 0;
        int channel = -1, step = -1;
        std::shared_ptr<const WindowTrace> trace;
    };
    mutable TraceEntry traces_[2];
    // The coverage view's picture, made once per coverage.
    mutable std::shared_ptr<const Coverage> coverageOf_;
    mutable QImage coverageImage_;
};

} // namespace poolscope::ui
