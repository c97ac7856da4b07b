#include "core/pool/pool_cells.h"

#include <algorithm>

#include "core/pool/pool_adaptive.h"
#include "core/pool/pool_blur.h"
#include "core/pool/pool_fractional.h"

namespace poolscope::detail {

namespace {

void append_inside(std::vector<int>& cells, const AxisTaps& t)
{
    for (int i = 0; i < t.count; ++i)
        cells.push_back(t.first() + i * t.step);
}

} // namespace

std::vector<int> window_axis_cells(const PoolSpec& spec, const PoolGeometry& g, int o, bool rows, int channel)
{
    const int in = rows ? g.in.h : g.in.w, out = rows ? g.out.h : g.out.w;
    const int k = rows ? g.kernel.h : g.kernel.w, s = rows ? g.stride.h : g.stride.w;
    const int p = rows ? g.padding.h : g.padding.w, d = rows ? g.dilation.h : g.dilation.w;
    std::vector<int> cells;
    switch (spec.op) {
    case PoolOp::AdaptiveMax:
    case PoolOp::AdaptiveAvg:
    case PoolOp::GlobalMax:
    case PoolOp::GlobalAvg:
        append_inside(cells, adaptive_taps(o, in, out));
        break;
    case PoolOp::FractionalMax:
        append_inside(cells,
                      rows ? fractional_taps_y(spec, g, channel, o) : fractional_taps_x(spec, g, channel, o));
        break;
    case PoolOp::BlurPool: {
        const BlurFilter f = blur_filter(spec.blur_size);
        const int map = int(pooling_output_size(in, k, p, 1, d, false));
        for (int i = 0; i < f.size; ++i)
            append_inside(cells, sliding_taps(blur_map_index(o, i, s, f, map), in, k, 1, p, d));
        std::ranges::sort(cells);
        cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
        break;
    }
    default:
        append_inside(cells, sliding_taps(o, in, k, s, p, d));
        break;
    }
    return cells;
}

} // namespace poolscope::detail
