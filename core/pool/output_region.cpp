#include "core/pool/output_region.h"

#include <algorithm>
#include <vector>

#include "core/pool/pool_cells.h"

namespace poolscope {

namespace {

// First and last output index along one axis whose window reads a cell of [lo, hi).
// Windows are scanned in order; the axis's lists are short (one per output index).
bool axisRange(const PoolSpec& spec, const PoolGeometry& g, bool rows, int lo, int hi, int channel,
               int& first, int& last)
{
    const int out = rows ? g.out.h : g.out.w;
    first = -1;
    last = -1;
    for (int o = 0; o < out; ++o) {
        const std::vector<int> cells = detail::window_axis_cells(spec, g, o, rows, channel);
        // Ascending: the window reads the range when some cell falls in it.
        const auto it = std::lower_bound(cells.begin(), cells.end(), lo);
        if (it != cells.end() && *it < hi) {
            if (first < 0)
                first = o;
            last = o;
        }
    }
    return first >= 0;
}

} // namespace

CellRect clip_region(CellRect r, int h, int w)
{
    const int y0 = std::clamp(r.y, 0, std::max(0, h)), x0 = std::clamp(r.x, 0, std::max(0, w));
    const int y1 = std::clamp(r.y + std::max(0, r.h), 0, std::max(0, h));
    const int x1 = std::clamp(r.x + std::max(0, r.w), 0, std::max(0, w));
    return {y0, x0, y1 - y0, x1 - x0};
}

CellRect output_region(const PoolSpec& spec, const PoolGeometry& g, CellRect region, int channel)
{
    const CellRect r = clip_region(region, g.in.h, g.in.w);
    if (r.empty() || g.out.h <= 0 || g.out.w <= 0)
        return {};
    int y0, y1, x0, x1;
    if (!axisRange(spec, g, true, r.y, r.y + r.h, channel, y0, y1) ||
        !axisRange(spec, g, false, r.x, r.x + r.w, channel, x0, x1))
        return {};
    return {y0, x0, y1 - y0 + 1, x1 - x0 + 1};
}

} // namespace poolscope
