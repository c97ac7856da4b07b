#pragma once
// Where an animation should start: the first window (raster order) whose
// in-image values are not all equal, so the first picture a class sees shows the
// operation doing something rather than max(0, 0, 0, 0) = 0.
#include "core/shape/cell_rect.h"
#include "core/shape/pool_shape.h"
#include "core/spec/pool_spec.h"
#include "core/tensor/tensor.h"

namespace poolscope {

// Step (oy * out_w + ox) of the first informative window of `channel` of `input`
// (a C x H x W pool input, or a single plane with channel 0); 0 when every window
// reads equal values or the output is a single cell (global pooling). Windows are
// those of window_cells(); it stops at the first one found.
int first_informative_step(const Tensor& input, int channel, const PoolSpec& spec, const PoolGeometry& g);

// The same over the output cells of `outputs` only (a region of interest's), in
// its raster order: the step counts from the rectangle's first cell, row by row
// of its width. 0 when none is informative or the rectangle holds one cell.
int first_informative_step(const Tensor& input, int channel, const PoolSpec& spec, const PoolGeometry& g,
                           CellRect outputs);

} // namespace poolscope
