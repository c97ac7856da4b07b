#pragma once
// The output cells a region of the pool input animates: every output cell whose
// window reads at least one cell of the region. Windows move monotonically with
// the output index along each axis, so these cells lie in one rectangle of rows
// by columns; with dilation a window may step over a thin region, and the
// rectangle then also holds the few cells between (their windows straddle it).
#include "core/shape/cell_rect.h"
#include "core/shape/pool_shape.h"
#include "core/spec/pool_spec.h"

namespace poolscope {

// The smallest rectangle of output cells holding every window that reads a cell
// of `region` (pool input cells, clipped to the input first); empty when no
// window reads it (a region inside the edge the floor rule drops). Fractional
// windows depend on the channel's sample.
CellRect output_region(const PoolSpec& spec, const PoolGeometry& g, CellRect region, int channel);

// `region` clipped to an h x w map.
CellRect clip_region(CellRect region, int h, int w);

} // namespace poolscope
