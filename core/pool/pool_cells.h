#pragma once
// Which input rows and columns an output cell reads. Every op's window is a
// product of a row set and a column set, so hover maps and coverage are built
// from these two lists.
#include <vector>

#include "core/shape/pool_shape.h"
#include "core/spec/pool_spec.h"

namespace poolscope::detail {

// The input rows (rows = true) or columns read by output row (column) o: inside the
// input, ascending, each once. Fractional windows depend on the channel's sample.
std::vector<int> window_axis_cells(const PoolSpec& spec, const PoolGeometry& g, int o, bool rows,
                                   int channel);

} // namespace poolscope::detail
