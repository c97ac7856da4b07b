#include "core/shape/coverage.h"

#include <algorithm>

#include "core/pool/pool_cells.h"
#include "core/pool/pool_window.h"

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

// A convention's windows along one axis: the inside taps of each.
std::vector<std::int64_t> convention_counts(const ConventionAxis& a)
{
    std::vector<std::int64_t> n(std::size_t(a.in), 0);
    for (int o = 0; o < a.out; ++o) {
        const detail::AxisTaps t =
            detail::sliding_taps(o, a.in, a.kernel, a.stride, a.pad_before, a.dilation);
        for (int i = 0; i < t.count; ++i)
            ++n[std::size_t(t.first() + i * t.step)];
    }
    return n;
}

Coverage from_factors(PoolGeometry g, const std::vector<std::int64_t>& rows,
                      const std::vector<std::int64_t>& cols)
{
    Coverage c;
    c.geometry = g;
    const int in_h = g.in.h, in_w = g.in.w;
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

} // namespace

Coverage pool_coverage(const PoolSpec& spec, int in_h, int in_w, int channel)
{
    const PoolGeometry g = resolve_geometry(spec, in_h, in_w);
    return from_factors(g, axis_counts(spec, g, true, channel), axis_counts(spec, g, false, channel));
}

Coverage pool_coverage(const PoolSpec& spec, Convention c, int in_h, int in_w, int channel)
{
    if (c == Convention::PyTorch)
        return pool_coverage(spec, in_h, in_w, channel);
    const ConventionGeometry cg = convention_geometry(c, spec, in_h, in_w);
    PoolGeometry g;
    g.in = cg.in();
    g.out = cg.out();
    g.kernel = {cg.h.kernel, cg.w.kernel};
    g.stride = {cg.h.stride, cg.w.stride};
    g.dilation = {cg.h.dilation, cg.w.dilation};
    g.padding = {cg.h.pad_before, cg.w.pad_before};
    return from_factors(g, convention_counts(cg.h), convention_counts(cg.w));
}

} // namespace poolscope
