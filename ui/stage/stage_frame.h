#pragma once
// Everything the stage paints at one animation position: the window being
// computed (with its smooth glide toward the next one), the output cell being
// written, and the cells linked by hovering.
#include <memory>
#include <optional>
#include <vector>

#include <QPoint>
#include <QRect>
#include <QRectF>

#include "core/pool/window_trace.h"

namespace poolscope::ui {

struct PipelineResult;

struct StageFrame {
    std::shared_ptr<const PipelineResult> result;
    int channel = 0;
    int step = 0;                // raster index, within `sweep`, of the output cell being written
    int stepCount = 0;           // cells `sweep` holds; cells past `step` are not computed yet
    QRect sweep;                 // the output cells the steps visit (the whole output without a region)
    std::optional<QRect> region; // the region of interest, in pool-input cells
    double glide = 0;            // 0..1 eased progress of the move toward the next window
    std::shared_ptr<const WindowTrace> trace; // window at `step` (shared: global windows are big)
    QRectF window;     // its bounding box on the way to the next one, input cells (x, y, w, h)
    QRectF outputCell; // the output cell being written, gliding likewise, output cells
    // Hover links (empty when nothing is hovered or when exporting).
    std::optional<QPoint> hoveredInput, hoveredOutput; // QPoint(x, y)
    std::shared_ptr<const std::vector<QPoint>> litInput, litOutput;
    bool showValues = true;
    bool reveal = false; // cells of `sweep` after `step` shown empty (filled in as the window passes)

    bool valid() const { return result != nullptr && stepCount > 0; }
};

// Bounding box of a trace's taps in input cells, padding taps included.
QRectF traceBounds(const WindowTrace& t);

// Glide curve: the window rests for the first part of a step so the class can
// read it, then eases (in and out) to the next position.
double glideProgress(double fraction);

} // namespace poolscope::ui
