#pragma once
// The lab's coverage view over the pool input: each cell coloured by how many
// windows read it, the count written in it when the cells are large enough, and
// the cells no window reads crossed out (a stride past the kernel, the edge the
// floor rule drops).
#include <QImage>

#include "ui/stage/map_painter.h"
#include "ui/stage/stage_layout.h"

namespace poolscope {
struct Coverage;
}

namespace poolscope::ui {

// One pixel per input cell: grey for never read, light to dark for 1 .. max windows.
QImage coverageImage(const Coverage& c);

// The colour of a count among counts up to `max` (what coverageImage() paints).
QRgb coverageColor(long long count, long long max);

void paintCoverage(QPainter& p, const MapPlacement& m, const Coverage& c, const QImage& image,
                   const StageStyle& s);

} // namespace poolscope::ui
