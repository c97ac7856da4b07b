#include "core/pool/window_trace.h"

#include <algorithm>
#include <cmath>

#include "core/pool/fast/fast_exp.h"
#include "core/pool/pool_adaptive.h"
#include "core/pool/pool_blur.h"
#include "core/pool/pool_cells.h"
#include "core/pool/pool_fractional.h"
#include "core/pool/window_values.h"
#include "core/tensor/errors.h"

namespace poolscope {

namespace {

using detail::AxisTaps;
using detail::CellResult;
using detail::Plane;

// The taps of a window grid, row-major; padding taps keep value 0 and weight 0.
// A trace holds every tap; beyond this a window is too large to list.
constexpr long long kMaxTraceTaps = 1LL << 22;

void fill_grid(WindowTrace& t, const Plane& p, const AxisTaps& ty, const AxisTaps& tx)
{
    if ((long long)ty.size * tx.size > kMaxTraceTaps)
        throw ParamError(
            cv::format("the window of output cell (%d, %d) is %dx%d taps; a trace lists at most %lld", t.oy,
                       t.ox, ty.size, tx.size, kMaxTraceTaps));
    t.window_h = ty.size;
    t.window_w = tx.size;
    t.taps.reserve(std::size_t(ty.size) * tx.size);
    for (int i = 0; i < ty.size; ++i)
        for (int j = 0; j < tx.size; ++j) {
            Tap tap;
            tap.y = ty.at(i);
            tap.x = tx.at(j);
            tap.inside = p.contains(tap.y, tap.x);
            tap.value = tap.inside ? p.at(tap.y, tap.x) : 0.f;
            t.taps.push_back(tap);
        }
}

int find_tap(const WindowTrace& t, int y, int x)
{
    for (std::size_t i = 0; i < t.taps.size(); ++i)
        if (t.taps[i].y == y && t.taps[i].x == x)
            return int(i);
    return -1;
}

// Marks the op's selected cell (if any) with weight `weight`.
void choose(WindowTrace& t, const CellResult& r, double weight)
{
    if (r.chosen_y < 0)
        return;
    t.chosen = find_tap(t, r.chosen_y, r.chosen_x);
    if (t.chosen >= 0)
        t.taps[std::size_t(t.chosen)].weight += weight;
}

// Every inside tap gets weight_of(value).
template <class F> void weigh_inside(WindowTrace& t, F&& weight_of)
{
    for (Tap& tap : t.taps)
        if (tap.inside)
            tap.weight = weight_of(tap.value);
}

void trace_sliding(WindowTrace& t, const Plane& p, const PoolSpec& spec, const PoolGeometry& g)
{
    const detail::SlidingWindows windows(spec, g);
    const auto y = windows.axis_y(t.oy), x = windows.axis_x(t.ox);
    const CellResult r = windows.eval(p, t.oy, t.ox, y, x, windows.row_context(p, t.channel, t.oy));
    t.result = r.value;
    fill_grid(t, p, y.taps, x.taps);
    switch (spec.op) {
    case PoolOp::Max:
    case PoolOp::Min:
        t.index = r.index;
        choose(t, r, 1.0);
        break;
    case PoolOp::Avg:
        t.divisor = r.divisor;
        weigh_inside(t, [&](float) { return 1.0 / r.divisor; });
        break;
    case PoolOp::Lp: {
        // Each tap's share x^p / S of the p-sum S, while S is positive and no term is
        // negative (a negative x raised to an odd p); otherwise no tap carries a share.
        t.p = spec.norm_type;
        t.lp_sum = r.sum;
        t.divisor = r.divisor;
        bool shares = r.sum > 0 && std::isfinite(r.sum);
        for (const Tap& tap : t.taps)
            shares = shares && !(tap.inside && detail::pow_like_torch(tap.value, spec.norm_type) < 0.f);
        if (shares)
            weigh_inside(t,
                         [&](float v) { return double(detail::pow_like_torch(v, spec.norm_type)) / r.sum; });
        break;
    }
    case PoolOp::Mixed:
        t.divisor = r.divisor;
        t.max_part = r.max_part;
        t.avg_part = r.avg_part;
        weigh_inside(t, [&](float) { return (1.0 - spec.alpha) / r.divisor; });
        choose(t, r, spec.alpha);
        break;
    case PoolOp::Stochastic:
        if (spec.train)
            choose(t, r, 1.0);
        else if (r.sum > 0 && std::isfinite(r.sum))
            weigh_inside(t, [&](float v) { return v > 0.f ? double(v) / r.sum : 0.0; });
        break;
    case PoolOp::SoftPool:
        if (r.sum > 0 && std::isfinite(r.sum))
            weigh_inside(t, [&](float v) { return double(detail::exp_f(v - float(r.shift))) / r.sum; });
        break;
    default:
        break;
    }
}

void trace_adaptive(WindowTrace& t, const Plane& p, const PoolSpec& spec, const PoolGeometry& g)
{
    const AxisTaps ty = detail::adaptive_taps(t.oy, g.in.h, g.out.h);
    const AxisTaps tx = detail::adaptive_taps(t.ox, g.in.w, g.out.w);
    const CellResult r = detail::adaptive_cell(p, spec.op, g.out, ty, tx);
    t.result = r.value;
    fill_grid(t, p, ty, tx);
    if (spec.op == PoolOp::AdaptiveMax || spec.op == PoolOp::GlobalMax) {
        t.index = r.index;
        choose(t, r, 1.0);
    } else {
        t.divisor = r.divisor;
        weigh_inside(t, [&](float) { return 1.0 / r.divisor; });
    }
}

void trace_fractional(WindowTrace& t, const Plane& p, const PoolSpec& spec, const PoolGeometry& g)
{
    const AxisTaps ty = detail::fractional_taps_y(spec, g, t.channel, t.oy);
    const AxisTaps tx = detail::fractional_taps_x(spec, g, t.channel, t.ox);
    const CellResult r = detail::fractional_cell(p, spec, g, t.channel, t.oy, t.ox);
    t.result = r.value;
    t.index = r.index;
    fill_grid(t, p, ty, tx);
    choose(t, r, 1.0);
}

// BlurPool's max-map rows (or columns) under the blur filter for output o.
std::vector<int> blur_map_indices(int o, int stride, const detail::BlurFilter& f, int map_size)
{
    std::vector<int> v(std::size_t(f.size));
    for (int i = 0; i < f.size; ++i)
        v[std::size_t(i)] = detail::blur_map_index(o, i, stride, f, map_size);
    return v;
}

// The input rows (or columns) spanned by the max windows at the given map positions.
AxisTaps blur_footprint(const std::vector<int>& map, int pad, int kernel, int dilation)
{
    const auto [lo, hi] = std::ranges::minmax(map);
    const long long begin = (long long)lo - pad,
                    end = (long long)hi - pad + (long long)(kernel - 1) * dilation + 1;
    if (end - begin > kMaxTraceTaps)
        throw ParamError(
            cv::format("the blurpool footprint spans %lld input rows or columns; a trace lists at most %lld "
                       "taps",
                       end - begin, kMaxTraceTaps));
    return {int(begin), int(end - begin), 1, 0, 0};
}

void trace_blur(WindowTrace& t, const Plane& p, const PoolSpec& spec, const PoolGeometry& g)
{
    const detail::BlurFilter f = detail::blur_filter(spec.blur_size);
    const Size2 m = detail::blur_map_size(g);
    const std::vector<int> rows = blur_map_indices(t.oy, g.stride.h, f, m.h);
    const std::vector<int> cols = blur_map_indices(t.ox, g.stride.w, f, m.w);
    std::vector<CellResult> cells;
    for (int i = 0; i < f.size; ++i)
        for (int j = 0; j < f.size; ++j)
            cells.push_back(detail::blur_max_cell(p, g, rows[std::size_t(i)], cols[std::size_t(j)]));
    t.result = detail::blur_value(f, [&](int i, int j) { return cells[std::size_t(i * f.size + j)].value; });

    const AxisTaps ty = blur_footprint(rows, g.padding.h, g.kernel.h, g.dilation.h);
    const AxisTaps tx = blur_footprint(cols, g.padding.w, g.kernel.w, g.dilation.w);
    fill_grid(t, p, ty, tx);
    // Each input cell weighs the blur weights of the max windows that chose it.
    for (std::size_t k = 0; k < cells.size(); ++k) {
        const CellResult& c = cells[k];
        if (c.chosen_y < 0)
            continue;
        const std::size_t tap =
            std::size_t(c.chosen_y - ty.start) * std::size_t(tx.size) + std::size_t(c.chosen_x - tx.start);
        t.taps[tap].weight += f.w[k];
    }
}

void check_cell(const Tensor& input, const PoolGeometry& g, int channel, int oy, int ox)
{
    if (channel < 0 || channel >= input.channels())
        throw ParamError(
            cv::format("channel %d is outside the input's channels 0..%d", channel, input.channels() - 1));
    if (oy < 0 || oy >= g.out.h || ox < 0 || ox >= g.out.w)
        throw ParamError(
            cv::format("output cell (%d, %d) is outside the %dx%d output", oy, ox, g.out.h, g.out.w));
}

} // namespace

WindowTrace trace(const Tensor& input, const PoolSpec& spec, int channel, int oy, int ox)
{
    const PoolGeometry g = resolve_geometry(spec, input.height(), input.width());
    check_cell(input, g, channel, oy, ox);
    WindowTrace t;
    t.op = spec.op;
    t.channel = channel;
    t.oy = oy;
    t.ox = ox;
    const Plane p = detail::plane_of(input, channel);
    switch (spec.op) {
    case PoolOp::AdaptiveMax:
    case PoolOp::AdaptiveAvg:
    case PoolOp::GlobalMax:
    case PoolOp::GlobalAvg:
        trace_adaptive(t, p, spec, g);
        break;
    case PoolOp::FractionalMax:
        detail::check_fractional_samples(spec, input.channels());
        trace_fractional(t, p, spec, g);
        break;
    case PoolOp::BlurPool:
        trace_blur(t, p, spec, g);
        break;
    default:
        trace_sliding(t, p, spec, g);
        break;
    }
    return t;
}

std::vector<cv::Point> window_cells(const PoolSpec& spec, const PoolGeometry& g, int oy, int ox, int channel)
{
    std::vector<cv::Point> cells;
    if (oy < 0 || oy >= g.out.h || ox < 0 || ox >= g.out.w)
        return cells;
    const std::vector<int> rows = detail::window_axis_cells(spec, g, oy, true, channel);
    const std::vector<int> cols = detail::window_axis_cells(spec, g, ox, false, channel);
    cells.reserve(rows.size() * cols.size());
    for (int y : rows)
        for (int x : cols)
            cells.emplace_back(x, y);
    return cells;
}

} // namespace poolscope
