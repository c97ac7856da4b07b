#pragma once
// Coverage: how many windows read each input cell (padding excluded), which cells
// no window reads, and how the counts are distributed: what the GUI paints as a
// heat map and the CLI's `coverage` writes.
#include <cstdint>
#include <vector>

#include "core/shape/convention_shape.h"
#include "core/shape/pool_shape.h"
#include "core/spec/pool_spec.h"

namespace poolscope {

struct Coverage {
    PoolGeometry geometry;
    // Row-major in.h x in.w: the number of output cells whose window reads the cell.
    std::vector<std::int64_t> counts;
    long long never_read = 0; // cells with count 0 (stride past the kernel, the floor rule's dropped edge)
    std::int64_t max_count = 0;
    // histogram[k]: how many cells are read by exactly k windows, k = 0..max_count.
    std::vector<long long> histogram;

    std::int64_t at(int y, int x) const { return counts[std::size_t(y) * geometry.in.w + x]; }
};

// Every window is a row set times a column set (pool_cells.h), so a cell's count is
// the number of output rows reading its row times the number of output columns
// reading its column. Fractional windows depend on the channel's sample.
// Throws ParamError on an invalid spec.
Coverage pool_coverage(const PoolSpec& spec, int in_h, int in_w, int channel = 0);

// The same under a framework's convention (max and avg windows; PyTorch's is the
// above). The geometry's padding is the top/left padding.
Coverage pool_coverage(const PoolSpec& spec, Convention c, int in_h, int in_w, int channel = 0);

} // namespace poolscope
