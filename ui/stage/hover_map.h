#pragma once
// Which cells are linked across the pool: the input cells an output cell reads,
// and the output cells that read an input cell. Used to light up both maps.
#include <cstddef>
#include <vector>

#include <QPoint>

namespace poolscope::ui {

struct PipelineResult;

// Input cells (inside the image) read by output cell (oy, ox); QPoint(x, y).
std::vector<QPoint> inputCellsReadBy(const PipelineResult& r, int channel, int oy, int ox);

// Output cells whose window reads input cell (y, x), in raster order; QPoint(ox, oy).
// Sliding windows are inverted from the geometry (exact and cheap at any size);
// other ops (adaptive, fractional, blur) visit every output's window, and give up
// (empty result) once more than `workCap` window cells would be visited.
std::vector<QPoint> outputCellsReading(const PipelineResult& r, int channel, int y, int x,
                                       std::size_t workCap = 4'000'000);

} // namespace poolscope::ui
