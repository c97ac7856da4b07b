#include "core/shape/coverage.h"

#include <algorithm>

#include "core/pool/pool_cells.h"

namespace poolscope {
namespace {

// How many output rows (columns) read each input row (column).
std::vector<std::int64_t> axis_counts(const PoolSpec& spec, const PoolGeometry& g, bool rows, int channel)
{
    std::vector<std::int64_t> n(std::size_t(rows ? g.in.h : g.in.w), 0);
    for (int o = 0; o < (rows ? g.out.h : g.out.w); ++o)
        for (int i : detail::window_axis_cells(spec, g, o, rows, channel))
            ++n[std::size_t(i)];
    return n;
}

} // namespace

Coverage pool_coverage(const PoolSpec& spec, int in_h, int in_w, int channel)
{
    Coverage c;
    c.geometry = resolve_geometry(spec, in_h, in_w);
    const std::vector<std::int64_t> rows = axis_counts(spec, c.geometry, true, channel);
    const std::vector<std::int64_t> cols = axis_counts(spec, c.geometry, false, channel);
    const std::int64_t max_row = *std::max_element(rows.begin(), rows.end());
    const std::int64_t max_col = *std::max_element(cols.begin(), cols.end());
    c.max_count = max_row * max_col;
    c.histogram.assign(std::size_t(c.max_count) + 1, 0);
    c.counts.resize(std::size_t(in_h) * in_w);
    for (int y = 0; y < in_h; ++y)
        for (int x = 0; x < in_w; ++x) {
            const std::int64_t n = rows[std::size_t(y)] * cols[std::size_t(x)];
            c.counts[std::size_t(y) * in_w + x] = n;
            ++c.histogram[std::size_t(n)];
        }
    c.never_read = c.histogram[0];
    return c;
}

} // namespace poolscope
