#include "ui/stage/stage_view.h"

#include <algorithm>
#include <cmath>

#include <QDataStream>
#include <QEvent>
#include <QFontInfo>
#include <QFontMetrics>
#include <QFontMetricsF>
#include <QIODevice>
#include <QPainter>
#include <QRegion>

#include "core/shape/coverage.h"
#include "ui/model/session.h"
#include "ui/stage/coverage_layer.h"
#include "ui/stage/hover_map.h"
#include "ui/stage/map_painter.h"
#include "ui/stage/view_transform.h"
#include "ui/text/channel_names.h"
#include "ui/text/display_names.h"
#include "ui/text/math_text.h"
#include "ui/text/pytorch_code.h"

namespace poolscope::ui {

namespace {

QRectF lerp(const QRectF& a, const QRectF& b, double t)
{
    const auto mix = [t](double u, double v) { return u + (v - u) * t; };
    return QRectF(QPointF(mix(a.left(), b.left()), mix(a.top(), b.top())),
                  QPointF(mix(a.right(), b.right()), mix(a.bottom(), b.bottom())));
}

} // namespace

// Draws the connector above both maps; it spans them, so neither map can own it.
class StageView::ConnectorOverlay : public QWidget {
public:
    explicit ConnectorOverlay(StageView* stage) : QWidget(stage), stage_(stage)
    {
        setAttribute(Qt::WA_TransparentForMouseEvents);
        setAttribute(Qt::WA_NoSystemBackground);
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter p(this);
        const ViewTransform* t = stage_->viewTransform();
        stage_->paintConnectorIn(p, stage_->layout_, t->zoom(), t->focus(0), t->focus(1), stage_->frame_,
                                 stage_->stageStyle());
        stage_->paintPresentation(p);
        stage_->paintStaleBanner(p);
    }

private:
    StageView* stage_;
};

StageView::StageView(Session* session, QWidget* parent)
    : QWidget(parent), session_(session), transform_(new ViewTransform(this))
{
    input_ = new FeatureMapView(MapRole::Input, this);
    output_ = new FeatureMapView(MapRole::Output, this);
    input_->setObjectName(QStringLiteral("inputMap"));
    output_->setObjectName(QStringLiteral("outputMap"));
    overlay_ = new ConnectorOverlay(this);
    overlay_->raise();
    setMinimumSize(320, 200);

    connect(session_, &Session::resultChanged, this, &StageView::onResultChanged);
    connect(session_, &Session::focusedChannelChanged, this, &StageView::onChannelChanged);
    connect(session_, &Session::focusedMapsChanged, this, &StageView::onMapsChanged);
    // The thumbnails that stand in for maps still being computed.
    connect(session_, &Session::resultCompleted, this, [this] {
        if (zoomMode_ == ZoomMode::Auto)
            applyAutoZoom(); // the value range the readable zoom depends on may only be known now
        if (!session_->focusedMaps())
            updateMaps();
    });
    connect(session_, &Session::positionChanged, this, &StageView::onPositionChanged);
    connect(session_, &Session::stepChanged, this, &StageView::onStepChanged);
    connect(session_, &Session::hoverChanged, this, &StageView::onHoverChanged);
    connect(session_, &Session::regionChanged, this, &StageView::onRegionChanged);
    connect(session_, &Session::labViewChanged, this, [this] {
        relayout(); // the input's title says what the lab view shows
        updateMaps();
    });
    connect(session_, &Session::errorsChanged, this, &StageView::updateMaps);
    connect(transform_, &ViewTransform::changed, this, &StageView::onTransformChanged);
    onResultChanged();
}

StageView::~StageView() = default;

void StageView::setRevealAsItGoes(bool on)
{
    if (on == reveal_)
        return;
    reveal_ = on;
    refreshFrame();
    updateMaps();
    emit revealAsItGoesChanged(on);
}

void StageView::setFollowWindow(bool on)
{
    if (on == follow_)
        return;
    follow_ = on;
    keepWindowInView();
    emit followWindowChanged(on);
}

bool StageView::isFollowing() const
{
    return follow_ && (!placementIn(MapRole::Input, layout_.inputPanel).fits() ||
                       !placementIn(MapRole::Output, layout_.outputPanel).fits());
}

void StageView::setPresentation(bool on)
{
    if (on == presentation_)
        return;
    presentation_ = on;
    zoomMode_ = ZoomMode::Auto; // the zoom for the type of the mode
    relayout();
    keepWindowInView();
    emit presentationChanged(on);
}

QFont StageView::stageFont() const
{
    if (!presentation_)
        return font();
    QFont f = font();
    const int px = QFontInfo(f).pixelSize();
    f.setPixelSize(std::max(24, int(std::round(px * 1.6))));
    return f;
}

StageStyle StageView::stageStyle() const
{
    StageStyle s = StageStyle::from(palette(), stageFont());
    if (presentation_) {
        s.stroke = 1.8;
        s.halo = QColor(0, 0, 0);
        s.grid = QColor(90, 90, 90, 160);
    }
    return s;
}

ArithmeticCaption StageView::captionFor(const StageFrame& frame, const MapPlacement& in, double fontPx) const
{
    if (!frame.valid() || !frame.trace || frame.trace->taps.empty())
        return {};
    const QString text =
        explainTrace(*frame.trace, frame.result->pool, frame.result->poolInputShape.width).operation;
    return layoutArithmeticCaption(text, stageFont(), fontPx, in.cellsRect(frame.window), in.viewport);
}

ArithmeticCaption StageView::liveCaption() const
{
    if (!presentation_)
        return {};
    return captionFor(frame_, placementIn(MapRole::Input, layout_.inputPanel), 30);
}

QString StageView::arithmeticText() const
{
    if (!frame_.valid() || !frame_.trace)
        return {};
    return explainTrace(*frame_.trace, frame_.result->pool, frame_.result->poolInputShape.width).operation;
}

double StageView::arithmeticFontPixelSize() const
{
    const ArithmeticCaption c = liveCaption();
    return c.empty() ? 0 : c.font.pixelSize();
}

QRect StageView::arithmeticRect() const
{
    return liveCaption().box.toAlignedRect();
}

QStringList StageView::canvasNote() const
{
    const auto r = session_->result();
    if (!r || !frame_.valid())
        return {};
    return {tr("step %1 / %2").arg(frame_.step + 1).arg(frame_.stepCount),
            pytorchPoolCode(r->pool, r->channels())};
}

QString StageView::staleBanner() const
{
    const QString error = !session_->poolError().isEmpty() ? session_->poolError() : session_->convError();
    if (error.isEmpty() || !session_->result())
        return {};
    const QString reason = error.simplified(); // one line
    const QString shown = title(MapRole::Output).detail;
    return tr("Not updated: %1; showing %2 as last computed").arg(reason, shown);
}

QRect StageView::staleBannerRect() const
{
    const QString text = staleBanner();
    if (text.isEmpty())
        return {};
    const QFontMetrics fm(staleFont());
    const QRect span(layout_.inputPanel.left(), layout_.inputViewport().top(),
                     layout_.outputPanel.right() - layout_.inputPanel.left() + 1, 1);
    const int pad = fm.height() / 3;
    const QRect text_ = fm.boundingRect(span.adjusted(pad, 0, -pad, 10000), Qt::TextWordWrap, text);
    QRect box(span.left(), span.top(), span.width(), text_.height() + 2 * pad);
    // Never over the window or its output cell: at the bottom when they are at the top.
    const QRectF window = placementIn(MapRole::Input, layout_.inputPanel).cellsRect(frame_.window);
    const QRectF cell = placementIn(MapRole::Output, layout_.outputPanel).cellsRect(frame_.outputCell);
    if (window.intersects(box) || cell.intersects(box))
        box.moveBottom(std::max(layout_.inputViewport().bottom(), layout_.outputViewport().bottom()));
    return box;
}

QFont StageView::staleFont() const
{
    QFont f = stageFont();
    f.setBold(true);
    return f;
}

void StageView::paintStaleBanner(QPainter& p) const
{
    // Over the maps' top: the result shown is not what the form says.
    const QRect box = staleBannerRect();
    if (box.isEmpty())
        return;
    const int pad = QFontMetrics(staleFont()).height() / 3;
    p.save();
    p.fillRect(box, QColor(255, 196, 0));
    p.setPen(QPen(QColor(0, 0, 0), 2));
    p.drawRect(box.adjusted(1, 1, -1, -1));
    p.setFont(staleFont());
    p.drawText(box.adjusted(pad, pad, -pad, -pad), Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignVCenter,
               staleBanner());
    p.restore();
}

void StageView::paintPresentation(QPainter& p) const
{
    if (!presentation_ || !frame_.valid())
        return;
    const StageStyle style = stageStyle();
    // The step and the layer in the output's corner, away from the output cell.
    const MapPlacement out = placementIn(MapRole::Output, layout_.outputPanel);
    const QRectF cell = out.cellsRect(frame_.outputCell);
    const QFontMetricsF fm(style.font);
    const double noteH = fm.height() * 4;
    QRectF area = out.viewport;
    if (cell.bottom() > area.bottom() - noteH)
        area.setBottom(area.top() + noteH);
    paintCanvasNote(p, canvasNote(), style.font, area);
    paintArithmeticCaption(p, liveCaption(), style);
}

void StageView::setShowValues(bool on)
{
    if (on == showValues_)
        return;
    showValues_ = on;
    frame_.showValues = on;
    updateMaps();
    emit showValuesChanged(on);
}

// ---- session and view changes

MapExtent StageView::focusedInputExtent(const PipelineResult& r) const
{
    const std::optional<ChannelPlanes> planes = session_->focusedPlanes();
    return inputExtent(r, session_->focusedChannel(), planes ? &*planes : nullptr);
}

void StageView::onResultChanged()
{
    const MapExtent oldIn = inExtent_, oldOut = outExtent_;
    if (const auto r = session_->result()) {
        inExtent_ = focusedInputExtent(*r);
        outExtent_ = outputExtent(*r);
    } else {
        inExtent_ = outExtent_ = MapExtent{};
    }
    // A new shape starts again from a view where the values read.
    if (oldIn.rows != inExtent_.rows || oldIn.cols != inExtent_.cols || oldOut.rows != outExtent_.rows ||
        oldOut.cols != outExtent_.cols)
        zoomMode_ = ZoomMode::Auto;
    refreshFrame();
    relayout();
    onHoverChanged(); // links of the new geometry (also refreshes the frame)
}

void StageView::onChannelChanged()
{
    if (const auto r = session_->result()) {
        // Fractional windows differ per channel, and so may their reach.
        const MapExtent e = focusedInputExtent(*r);
        const bool moved = e.ghostTop != inExtent_.ghostTop || e.ghostLeft != inExtent_.ghostLeft ||
                           e.ghostBottom != inExtent_.ghostBottom || e.ghostRight != inExtent_.ghostRight;
        inExtent_ = e;
        if (moved)
            relayout();
    }
    onHoverChanged();
}

void StageView::onMapsChanged()
{
    // Traces found nothing while the planes were missing.
    for (TraceEntry& e : traces_)
        e = TraceEntry{};
    if (zoomMode_ == ZoomMode::Auto)
        applyAutoZoom();
    onChannelChanged();
}

void StageView::onPositionChanged()
{
    // Half a step or more between two updates: the sweep runs too fast for a
    // glide to be seen, and a half-way window would only flicker. Show each
    // window crisply instead.
    const double position = session_->position();
    crisp_ = std::abs(position - lastPosition_) >= 0.5;
    lastPosition_ = position;
    refreshFrame();
    updateMaps();
}

void StageView::onStepChanged()
{
    keepWindowInView();
}

void StageView::onHoverChanged()
{
    litInput_.reset();
    litOutput_.reset();
    if (const auto r = session_->result()) {
        const int c = session_->focusedChannel();
        if (const auto out = session_->hoveredOutput())
            litInput_ =
                std::make_shared<const std::vector<QPoint>>(inputCellsReadBy(*r, c, out->y(), out->x()));
        if (const auto in = session_->hoveredInput())
            litOutput_ =
                std::make_shared<const std::vector<QPoint>>(outputCellsReading(*r, c, in->y(), in->x()));
    }
    refreshFrame();
    updateMaps();
}

void StageView::onRegionChanged()
{
    // The same step is another cell now.
    for (TraceEntry& e : traces_)
        e = TraceEntry{};
    refreshFrame();
    keepWindowInView();
    updateMaps();
}

void StageView::onTransformChanged()
{
    // A zoom set from outside (a tool, a test) is the user's from then on.
    const ViewTransform* t = transform_;
    if ((zoomMode_ == ZoomMode::Fit && !t->isFitted()) ||
        (zoomMode_ == ZoomMode::Auto && std::abs(t->zoom() - autoZoom_) > 1e-9))
        zoomMode_ = ZoomMode::Manual;
    updateMaps();
}

void StageView::refreshFrame()
{
    frame_ = frameAt(session_->position(), true);
}

void StageView::updateMaps()
{
    input_->update();
    output_->update();
    overlay_->update();
}

void StageView::relayout()
{
    layout_ = layoutStage(size(), stageFont(), inExtent_, outExtent_);
    fitTitles(layout_);
    input_->setGeometry(layout_.inputPanel);
    output_->setGeometry(layout_.outputPanel);
    overlay_->setGeometry(rect());
    if (zoomMode_ == ZoomMode::Fit)
        transform_->fit(fitZoom(layout_, inExtent_, outExtent_));
    else if (zoomMode_ == ZoomMode::Auto)
        applyAutoZoom();
    update();
    updateMaps();
}

QRectF StageView::stepTarget(MapRole role) const
{
    const auto r = session_->result();
    const int w = r ? r->outputShape.width : 0;
    if (!r || w == 0 || r->outputShape.height == 0)
        return {};
    const int step = session_->step();
    if (role == MapRole::Output)
        return QRectF(session_->stepCell(step), QSizeF(1, 1));
    const auto t = traceFor(step);
    return t ? traceBounds(*t) : QRectF();
}

void StageView::fitTitles(StageLayout& layout) const
{
    // A narrow panel may need a third title line: its map gives up the room.
    const StageStyle style = stageStyle();
    for (MapRole role : {MapRole::Input, MapRole::Output}) {
        const QRect panel = role == MapRole::Input ? layout.inputPanel : layout.outputPanel;
        const TitleLayout t =
            layoutTitle(QRect(panel.topLeft(), QSize(panel.width(), 1)), title(role), style);
        const int bottom = !t.detailRects.empty()    ? t.detailRects.back().bottom()
                           : !t.headingRects.empty() ? t.headingRects.back().bottom()
                                                     : panel.top();
        layout.titleHeight =
            std::max(layout.titleHeight, bottom - panel.top() + 1 + QFontMetrics(style.font).height() / 2);
    }
}

void StageView::keepWindowInView()
{
    if (!isFollowing())
        return;
    for (MapRole role : {MapRole::Input, MapRole::Output}) {
        const QRectF target = stepTarget(role);
        if (target.isEmpty())
            continue;
        const QRect panel = role == MapRole::Input ? layout_.inputPanel : layout_.outputPanel;
        const MapPlacement m = placementIn(role, panel);
        // A region in view holds every window of the sweep: the view stays on it.
        if (const auto region = session_->region()) {
            const QRect cells = role == MapRole::Input ? *region : session_->stepRect();
            if (m.viewport.contains(m.cellsRect(QRectF(cells))))
                continue;
        }
        const double margin = std::min(m.zoom, m.viewport.width() * 0.1);
        if (m.viewport.adjusted(margin, margin, -margin, -margin).contains(m.cellsRect(target)))
            continue;
        const MapExtent& e = extent(role);
        const QSizeF cells = e.cells();
        const QPointF centre = target.center() + QPointF(e.ghostLeft, e.ghostTop);
        transform_->setFocus(int(role), QPointF(centre.x() / cells.width(), centre.y() / cells.height()));
    }
}

// ---- zoom

double StageView::readableZoom() const
{
    const Picture pic = picture(MapRole::Input);
    const ValueRange range = pic.image.isNull() ? ValueRange{0.0f, 1.0f} : pic.range;
    const QFont f = stageStyle().font;
    // Presentation: values for the back row.
    const double minPx = presentation_ ? 24 : 1;
    for (double z = 8; z < 400; z *= 1.02)
        if (chooseValueFormat(z, f, range).fontPx >= minPx)
            return z;
    return 400;
}

double StageView::valueFontPixelSize() const
{
    const Picture pic = picture(MapRole::Input);
    if (!showValues_ || pic.values.empty())
        return 0;
    return chooseValueFormat(transform_->zoom(), stageStyle().font, pic.range).fontPx;
}

void StageView::applyAutoZoom()
{
    const double fit = fitZoom(layout_, inExtent_, outExtent_);
    const double readable = readableZoom();
    autoZoom_ = std::clamp(std::max(fit, readable), ViewTransform::kMinZoom, ViewTransform::kMaxZoom);
    if (readable <= fit) {
        autoZoom_ = std::clamp(fit, ViewTransform::kMinZoom, ViewTransform::kMaxZoom);
        transform_->fit(fit);
        return;
    }
    transform_->setView(autoZoom_, QPointF(0.5, 0.5), QPointF(0.5, 0.5));
    keepWindowInView();
}

void StageView::zoomIn()
{
    zoomBy(1.25);
}

void StageView::zoomOut()
{
    zoomBy(1 / 1.25);
}

void StageView::zoomBy(double factor)
{
    // From the keyboard or menu there is no cursor: zoom toward the current
    // window, and the output toward its cell, where they show.
    QPointF anchors[2];
    for (MapRole role : {MapRole::Input, MapRole::Output}) {
        const MapPlacement m =
            placementIn(role, role == MapRole::Input ? layout_.inputPanel : layout_.outputPanel);
        const QPointF target = m.cellsRect(stepTarget(role)).center();
        anchors[int(role)] = frame_.valid() && m.viewport.contains(target) ? target : m.viewport.center();
    }
    zoomAnchored(transform_->zoom() * factor, anchors);
    keepWindowInView(); // the pan stops at the map's edges, so the window may still drift out
}

void StageView::zoomAnchored(double zoom, const QPointF anchor[2])
{
    zoomMode_ = ZoomMode::Manual;
    const double z = std::clamp(zoom, ViewTransform::kMinZoom, ViewTransform::kMaxZoom);
    QPointF focus[2];
    for (MapRole role : {MapRole::Input, MapRole::Output}) {
        const MapPlacement m =
            placementIn(role, role == MapRole::Input ? layout_.inputPanel : layout_.outputPanel);
        const QPointF a = anchor[int(role)];
        const QPointF cell = (a - m.origin) / m.zoom; // ghost-inclusive cells under the anchor
        const QPointF origin = a - cell * z;
        const QSizeF e = m.extent.cells();
        const QPointF c = m.viewport.center();
        focus[int(role)] = QPointF((c.x() - origin.x()) / std::max(e.width() * z, 1e-9),
                                   (c.y() - origin.y()) / std::max(e.height() * z, 1e-9));
    }
    transform_->setView(z, focus[0], focus[1]);
}

void StageView::wheelZoom(MapRole role, QPointF at, double factor)
{
    // The cell under the cursor stays; the other map zooms around its centre.
    QPointF anchors[2];
    for (MapRole r : {MapRole::Input, MapRole::Output})
        anchors[int(r)] =
            placementIn(r, r == MapRole::Input ? layout_.inputPanel : layout_.outputPanel).viewport.center();
    const QWidget* map = role == MapRole::Input ? static_cast<QWidget*>(input_) : output_;
    anchors[int(role)] = map->mapTo(this, at);
    zoomAnchored(transform_->zoom() * factor, anchors);
}

void StageView::panMaps(MapRole role, QPointF delta)
{
    zoomMode_ = ZoomMode::Manual;
    // From where the maps are (a pan asked beyond an edge is not stored up), the
    // same share of each map, so both move to corresponding regions.
    const MapPlacement in = placementIn(MapRole::Input, layout_.inputPanel);
    const MapPlacement out = placementIn(MapRole::Output, layout_.outputPanel);
    const QSizeF e = extent(role).cells();
    const double z = transform_->zoom();
    const QPointF d(delta.x() / (z * std::max(e.width(), 1e-9)),
                    delta.y() / (z * std::max(e.height(), 1e-9)));
    transform_->setView(z, in.focus() - d, out.focus() - d);
}

void StageView::fitToWindow()
{
    zoomMode_ = ZoomMode::Fit;
    transform_->fit(fitZoom(layout_, inExtent_, outExtent_));
}

void StageView::readableSize()
{
    zoomMode_ = ZoomMode::Manual;
    transform_->setView(readableZoom(), transform_->focus(0), transform_->focus(1));
    keepWindowInView();
}

// ---- region of interest

bool StageView::selectRegion(const QRect& cells)
{
    if (cells.isEmpty())
        return false;
    if (!session_->setRegion(cells)) {
        const QRect c = cells.normalized();
        emit notice(tr("No window reads rows %1 to %2, columns %3 to %4 with these settings: the region "
                       "stays as it was. Pick cells the windows reach.")
                        .arg(c.top())
                        .arg(c.bottom())
                        .arg(c.left())
                        .arg(c.right()));
        return false;
    }
    zoomToRegion();
    return true;
}

void StageView::cropToView()
{
    const MapPlacement in = placementIn(MapRole::Input, layout_.inputPanel);
    const QRect cells = in.cellsTouching(in.viewport);
    if (cells.isEmpty())
        return;
    if (cells == QRect(0, 0, inExtent_.cols, inExtent_.rows)) {
        emit notice(tr("The whole input is in view, so cropping to it changes nothing: zoom in on the part "
                       "to animate first, or hold Shift and drag a rectangle on the input."));
        return;
    }
    if (!session_->setRegion(cells))
        emit notice(tr("No window reads the cells in view with these settings: the region stays as it was."));
}

void StageView::clearRegion()
{
    session_->clearRegion();
}

std::optional<StageView::MapsView> StageView::regionView(const StageLayout& layout) const
{
    const auto region = session_->region();
    const QRect sweep = session_->stepRect();
    if (!region || region->isEmpty() || sweep.isEmpty())
        return std::nullopt;
    const QRectF in = QRectF(layout.inputPanel).adjusted(0, layout.titleHeight, 0, 0);
    const QRectF out = QRectF(layout.outputPanel).adjusted(0, layout.titleHeight, 0, -layout.barHeight);
    // A tenth of room around it, never smaller than the whole maps fitted.
    const double z = 0.9 * std::min({in.width() / region->width(), in.height() / region->height(),
                                     out.width() / sweep.width(), out.height() / sweep.height()});
    const double fit = fitZoom(layout, inExtent_, outExtent_);
    const auto focusOn = [](const QRect& cells, const MapExtent& e) {
        const QSizeF all = e.cells();
        const QPointF c = QRectF(cells).center() + QPointF(e.ghostLeft, e.ghostTop);
        return QPointF(c.x() / std::max(all.width(), 1e-9), c.y() / std::max(all.height(), 1e-9));
    };
    MapsView v;
    v.zoom = std::clamp(std::max(z, fit), ViewTransform::kMinZoom, ViewTransform::kMaxZoom);
    v.focus[0] = focusOn(*region, inExtent_);
    v.focus[1] = focusOn(sweep, outExtent_);
    return v;
}

void StageView::zoomToRegion()
{
    const auto v = regionView(layout_);
    if (!v)
        return;
    zoomMode_ = ZoomMode::Manual;
    transform_->setView(v->zoom, v->focus[0], v->focus[1]);
    keepWindowInView();
}

// ---- frames

std::shared_ptr<const WindowTrace> StageView::traceFor(int step) const
{
    const auto r = session_->result();
    const int w = r ? r->outputShape.width : 0;
    if (!r || w == 0)
        return nullptr;
    const int channel = session_->focusedChannel();
    for (int i = 0; i < 2; ++i) {
        const TraceEntry& e = traces_[i];
        if (e.generation == r->generation && e.channel == channel && e.step == step) {
            if (i == 1)
                std::swap(traces_[0], traces_[1]); // most recently used first
            return traces_[0].trace;
        }
    }
    std::shared_ptr<const WindowTrace> t;
    const QPoint cell = session_->stepCell(step);
    if (auto found = session_->traceAt(cell.y(), cell.x()))
        t = std::make_shared<const WindowTrace>(std::move(*found));
    traces_[1] = traces_[0];
    traces_[0] = TraceEntry{r->generation, channel, step, t};
    return t;
}

StageFrame StageView::frameAt(double position, bool withHover) const
{
    StageFrame f;
    f.showValues = showValues_;
    f.reveal = reveal_;
    f.result = session_->result();
    if (!f.result)
        return f;
    f.sweep = session_->stepRect();
    f.region = session_->region();
    f.stepCount = f.sweep.width() * f.sweep.height();
    if (f.stepCount == 0)
        return f;
    f.channel = session_->focusedChannel();
    const double pos = std::clamp(std::isfinite(position) ? position : 0.0, 0.0, double(f.stepCount - 1));
    f.step = int(std::floor(pos));
    f.trace = traceFor(f.step);
    f.window = f.trace ? traceBounds(*f.trace) : QRectF();
    const auto cellBox = [this](int step) { return QRectF(session_->stepCell(step), QSizeF(1, 1)); };
    f.outputCell = cellBox(f.step);
    if (f.step + 1 < f.stepCount && !(withHover && crisp_)) {
        const double g = glideProgress(pos - f.step);
        if (g > 0) {
            const auto next = traceFor(f.step + 1);
            if (next && f.trace) {
                f.glide = g;
                f.window = lerp(f.window, traceBounds(*next), g);
                f.outputCell = lerp(f.outputCell, cellBox(f.step + 1), g);
            }
        }
    }
    if (withHover) {
        // A hover kept from before a recompute may lie outside the new maps.
        const auto inside = [](std::optional<QPoint> c, const MapExtent& e) {
            return c && c->x() >= 0 && c->y() >= 0 && c->x() < e.cols && c->y() < e.rows ? c : std::nullopt;
        };
        f.hoveredInput = inside(session_->hoveredInput(), inExtent_);
        f.hoveredOutput = inside(session_->hoveredOutput(), outExtent_);
        f.litInput = litInput_;
        f.litOutput = litOutput_;
    }
    return f;
}

// ---- queries

QRect StageView::inputCellRect(int y, int x) const
{
    return placementIn(MapRole::Input, layout_.inputPanel).cellRect(y, x).toRect();
}

QRect StageView::outputCellRect(int oy, int ox) const
{
    return placementIn(MapRole::Output, layout_.outputPanel).cellRect(oy, ox).toRect();
}

QRect StageView::outputViewport() const
{
    return placementIn(MapRole::Output, layout_.outputPanel).viewport.toRect();
}

QRect StageView::inputViewport() const
{
    return placementIn(MapRole::Input, layout_.inputPanel).viewport.toRect();
}

QRect StageView::titleRect(MapRole role) const
{
    const QRect panel = role == MapRole::Input ? layout_.inputPanel : layout_.outputPanel;
    return titleRectIn(role, panel, placementIn(role, panel));
}

QRect StageView::titleRectIn(MapRole role, const QRect& panel, const MapPlacement& m) const
{
    // Above the map, from its left edge when the title fits there, else from the panel's.
    const QRectF map = m.cellsRect(
        QRectF(-m.extent.ghostLeft, -m.extent.ghostTop, m.extent.cells().width(), m.extent.cells().height()));
    const int top = std::max(panel.top(), int(std::floor(map.top())) - layout_.titleHeight);
    const int left = std::clamp(int(std::floor(map.left())), panel.left(), panel.right());
    const StageStyle style = stageStyle();
    const MapTitle t = title(role);
    const int need = std::max(QFontMetrics(style.titleFont).horizontalAdvance(t.heading),
                              QFontMetrics(style.font).horizontalAdvance(t.detail));
    const int from = panel.right() + 1 - left >= need ? left : panel.left();
    return QRect(from, top, panel.right() + 1 - from, layout_.titleHeight);
}

std::vector<QPoint> StageView::highlightedOutputCells() const
{
    return litOutput_ ? *litOutput_ : std::vector<QPoint>{};
}

std::vector<QPoint> StageView::highlightedInputCells() const
{
    return litInput_ ? *litInput_ : std::vector<QPoint>{};
}

MapTitle StageView::title(MapRole role) const
{
    const auto r = session_->result();
    if (!r)
        return {};
    const auto pair = [](Size2 v) {
        return v.h == v.w ? QString::number(v.h) : QStringLiteral("%1 x %2").arg(v.h).arg(v.w);
    };
    if (role == MapRole::Output) {
        QString detail = poolOpDisplayName(r->pool.op);
        if (pool_op_traits(r->pool.op).sliding) {
            const PoolGeometry& g = r->geometry;
            detail += tr(", kernel %1, stride %2").arg(pair(g.kernel), pair(g.stride));
            if (pool_op_traits(r->pool.op).padding && (g.padding.h || g.padding.w))
                detail += tr(", padding %1").arg(pair(g.padding));
            if (g.dilation.h > 1 || g.dilation.w > 1)
                detail += tr(", dilation %1").arg(pair(g.dilation));
            if (g.ceil_mode)
                detail += tr(", ceil_mode");
        }
        return {tr("Output  %1 x %2").arg(outExtent_.rows).arg(outExtent_.cols), detail};
    }
    const int c = session_->focusedChannel();
    QString detail = tr("channel %1: %2").arg(c).arg(channelName(*r, c));
    if (session_->labView() == LabView::Coverage)
        if (const auto coverage = session_->coverage())
            detail = tr("coverage: each cell read by 0 to %1 windows, %2 never read (crossed out)")
                         .arg(coverage->max_count)
                         .arg(coverage->never_read);
    return {tr("Pool input  %1 x %2").arg(inExtent_.rows).arg(inExtent_.cols), detail};
}

// ---- painting (shared by the widgets and renderFrame)

MapPlacement StageView::placementIn(MapRole role, const QRect& panel) const
{
    return placementIn(role, panel, transform_->zoom(), transform_->focus(int(role)));
}

MapPlacement StageView::placementIn(MapRole role, const QRect& panel, double zoom, QPointF focus) const
{
    const int bottom = role == MapRole::Output ? layout_.barHeight : 0;
    const QRectF viewport = QRectF(panel).adjusted(0, layout_.titleHeight, 0, -bottom);
    return placeMap(viewport, extent(role), zoom, focus);
}

void StageView::paintPanelBase(QPainter& p, MapRole role, const QRect& panel) const
{
    paintPanelBase(p, role, panel, placementIn(role, panel), stageStyle());
}

void StageView::paintPanelBase(QPainter& p, MapRole role, const QRect& panel, const MapPlacement& m,
                               const StageStyle& style) const
{
    p.fillRect(panel, style.background);
    const auto r = session_->result();
    if (!r)
        return;
    // Title above the map and colour bar below it, hugging the map when it is
    // smaller than its viewport, pinned to the panel's edges when it is not.
    const QRectF map = m.cellsRect(
        QRectF(-m.extent.ghostLeft, -m.extent.ghostTop, m.extent.cells().width(), m.extent.cells().height()));
    const int left = std::clamp(int(std::floor(map.left())), panel.left(), panel.right());
    paintTitle(p, titleRectIn(role, panel, m), title(role), style);
    const Picture picture = this->picture(role);
    if (picture.image.isNull())
        return;
    if (role == MapRole::Output) {
        const int gap = QFontMetrics(style.font).height() / 2;
        const int barTop =
            std::min(panel.bottom() + 1 - layout_.barHeight, int(std::ceil(map.bottom())) + gap);
        paintColorBar(p, QRect(left, barTop, panel.right() - left, layout_.barHeight), picture.range,
                      picture.map, style);
    }
    const ValueFormat format = showValues_ && !picture.values.empty()
                                   ? chooseValueFormat(m.zoom, style.font, picture.range)
                                   : ValueFormat{};
    paintMapBase(p, m, picture.image, picture.halvings, picture.values, style, format);
}

StageView::Picture StageView::picture(MapRole role) const
{
    Picture pic;
    const auto r = session_->result();
    if (!r)
        return pic;
    const bool input = role == MapRole::Input;
    if (const auto maps = session_->focusedMaps()) {
        pic.image = input ? maps->images.input : maps->images.output;
        pic.halvings = input ? maps->images.inputHalvings : maps->images.outputHalvings;
        pic.values = input ? maps->planes.inputPlane() : maps->planes.outputPlane();
        pic.maps = maps;
        pic.range = maps->images.range;
        pic.map = maps->images.map;
        return pic;
    }
    const std::size_t c = std::size_t(session_->focusedChannel());
    if (c < r->thumbnails.size() && r->thumbnails[c].ready()) {
        const ChannelThumbnail& t = r->thumbnails[c];
        pic.image = input ? t.input : t.output;
        pic.range = t.range;
        pic.map = t.map;
    }
    return pic;
}

QByteArray StageView::baseKey(MapRole role) const
{
    QByteArray key;
    QDataStream s(&key, QIODevice::WriteOnly);
    const MapTitle t = title(role);
    const MapExtent& e = extent(role);
    const Picture pic = picture(role);
    s << t.heading << t.detail << e.rows << e.cols << e.padH << e.padW << e.ghostTop << e.ghostLeft
      << e.ghostBottom << e.ghostRight << layout_.titleHeight << layout_.barHeight << pic.image.cacheKey()
      << pic.range.lo << pic.range.hi << int(pic.map) << !pic.values.empty();
    return key;
}

void StageView::paintPanelOverlay(QPainter& p, MapRole role, const QRect& panel,
                                  const StageFrame& frame) const
{
    paintPanelOverlay(p, role, placementIn(role, panel), frame, stageStyle());
}

void StageView::paintPanelOverlay(QPainter& p, MapRole role, const MapPlacement& m, const StageFrame& frame,
                                  const StageStyle& style) const
{
    if (!frame.valid())
        return;
    static const std::vector<QPoint> none;
    if (role == MapRole::Input && session_->labView() == LabView::Coverage)
        if (const auto coverage = session_->coverage()) {
            if (coverageOf_ != coverage) {
                coverageImage_ = coverageImage(*coverage);
                coverageOf_ = coverage;
            }
            paintCoverage(p, m, *coverage, coverageImage_, style);
        }
    if (frame.region)
        paintRegion(p, m, role == MapRole::Input ? *frame.region : frame.sweep, style);
    if (role == MapRole::Input) {
        paintWindow(p, m, frame, style);
        paintHover(p, m, frame.litInput ? *frame.litInput : none, frame.hoveredInput, style);
    } else {
        if (frame.reveal)
            paintPending(p, m, frame.sweep, frame.step, style);
        paintOutputCursor(p, m, frame, style);
        paintHover(p, m, frame.litOutput ? *frame.litOutput : none, frame.hoveredOutput, style);
    }
}

void StageView::paintConnectorIn(QPainter& p, const StageLayout& layout, double zoom, QPointF focusIn,
                                 QPointF focusOut, const StageFrame& frame, const StageStyle& style) const
{
    const MapPlacement in = placementIn(MapRole::Input, layout.inputPanel, zoom, focusIn);
    const MapPlacement out = placementIn(MapRole::Output, layout.outputPanel, zoom, focusOut);
    // The connector never crosses a title.
    QRegion clip(QRect(QPoint(-100000, -100000), QSize(200000, 200000)));
    clip -= titleRectIn(MapRole::Input, layout.inputPanel, in);
    clip -= titleRectIn(MapRole::Output, layout.outputPanel, out);
    p.save();
    p.setClipRegion(clip);
    paintConnector(p, in, out, frame, style);
    p.restore();
}

void StageView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const StageStyle style = stageStyle();
    p.fillRect(rect(), style.background);
    if (!session_->result()) {
        p.setPen(style.text);
        p.setFont(style.titleFont);
        p.drawText(rect(), Qt::AlignCenter, tr("Computing\u2026"));
        return;
    }
}

QImage StageView::renderFrame(QSize size, double position, const RenderOptions& options) const
{
    const double scale = std::max(0.01, options.scale);
    QImage image((QSizeF(size) * scale).toSize(), QImage::Format_RGB32);
    image.setDevicePixelRatio(scale);
    image.fill(stageStyle().background);
    if (size.isEmpty())
        return image;
    QPainter p(&image);
    renderFrameTo(p, size, position, options);
    return image;
}

StageLayout StageView::frameLayout(QSize size) const
{
    StageLayout layout = layoutStage(size, stageFont(), inExtent_, outExtent_);
    fitTitles(layout);
    return layout;
}

StageView::MapsView StageView::frameView(const StageLayout& layout) const
{
    if (const auto region = regionView(layout))
        return *region;
    return MapsView{fitZoom(layout, inExtent_, outExtent_), {QPointF(0.5, 0.5), QPointF(0.5, 0.5)}};
}

double StageView::frameZoom(QSize size) const
{
    return frameView(frameLayout(size)).zoom;
}

void StageView::renderFrameTo(QPainter& p, QSize size, double position, const RenderOptions& options) const
{
    const StageStyle style = stageStyle();
    p.fillRect(QRect(QPoint(0, 0), size), style.background);
    if (!session_->result() || size.isEmpty())
        return;
    const StageLayout layout = frameLayout(size);
    const MapsView view = frameView(layout);
    const double zoom = view.zoom;
    const StageFrame frame = frameAt(position, false);
    for (MapRole role : {MapRole::Input, MapRole::Output}) {
        const QRect panel = role == MapRole::Input ? layout.inputPanel : layout.outputPanel;
        const MapPlacement m = placementIn(role, panel, zoom, view.focus[int(role)]);
        paintPanelBase(p, role, panel, m, style);
        paintPanelOverlay(p, role, m, frame, style);
    }
    paintConnectorIn(p, layout, zoom, view.focus[0], view.focus[1], frame, style);
    if (options.arithmetic) {
        const MapPlacement in = placementIn(MapRole::Input, layout.inputPanel, zoom, view.focus[0]);
        const double px = std::max(16.0, QFontInfo(style.font).pixelSize() * 1.4);
        paintArithmeticCaption(p, captionFor(frame, in, px), style);
    }
}

// ---- widget events

void StageView::resizeEvent(QResizeEvent*)
{
    relayout();
}

void StageView::changeEvent(QEvent* event)
{
    switch (event->type()) {
    case QEvent::FontChange:
    case QEvent::PaletteChange:
    case QEvent::StyleChange:
        relayout();
        break;
    default:
        break;
    }
    QWidget::changeEvent(event);
}

} // namespace poolscope::ui
