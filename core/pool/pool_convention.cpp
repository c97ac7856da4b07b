#include "core/pool/pool_convention.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/pool/pool_window.h"
#include "core/tensor/errors.h"
#include "core/tensor/threads.h"

namespace poolscope {
namespace detail {

ConventionWindow convention_window(const ConventionAxis& a, int o)
{
    ConventionWindow w;
    w.taps = sliding_taps(o, a.in, a.kernel, a.stride, a.pad_before, a.dilation);
    const long long start = (long long)o * a.stride - a.pad_before;
    w.area = int(std::min<long long>(start + a.kernel, (long long)a.in + a.pad_after) - start);
    return w;
}

float convention_divisor(const ConventionGeometry& g, const ConventionWindow& y, const ConventionWindow& x)
{
    if (g.divisor == DivisorRule::PaddedArea)
        return float(y.area) * float(x.area);
    return float(y.taps.count) * float(x.taps.count);
}

} // namespace detail

PoolResult pool_convention(const Tensor& input, const PoolSpec& spec, Convention c,
                           const PoolOptions& options)
{
    if (c == Convention::PyTorch)
        return pool(input, spec, options);
    const ConventionGeometry g = convention_geometry(c, spec, input.height(), input.width());
    const bool max = spec.op == PoolOp::Max;
    PoolResult r;
    detail::prepare_result(r, input.channels(), g.out(), max && options.indices);
    std::vector<detail::ConventionWindow> ys, xs;
    for (int o = 0; o < g.h.out; ++o)
        ys.push_back(detail::convention_window(g.h, o));
    for (int o = 0; o < g.w.out; ++o)
        xs.push_back(detail::convention_window(g.w, o));
    parallel_for(cv::Range(0, input.channels()), options.threads, input.channels(),
                 [&](const cv::Range& range) {
                     for (int ch = range.start; ch < range.end; ++ch) {
                         const detail::Plane p = detail::plane_of(input, ch);
                         for (int oy = 0; oy < g.h.out; ++oy) {
                             float* out = r.output.row(ch, oy);
                             for (int ox = 0; ox < g.w.out; ++ox) {
                                 const detail::ConventionWindow& wy = ys[std::size_t(oy)];
                                 const detail::ConventionWindow& wx = xs[std::size_t(ox)];
                                 if (max) {
                                     const detail::CellResult cell =
                                         detail::extreme_window<false>(p, wy.taps, wx.taps);
                                     const bool empty = wy.taps.count == 0 || wx.taps.count == 0;
                                     out[ox] = empty && c == Convention::Caffe ? 0.f : cell.value;
                                     if (options.indices)
                                         r.indices.at(ch, oy, ox) = cell.index;
                                     continue;
                                 }
                                 float sum = 0.f;
                                 for (int i = 0; i < wy.taps.count; ++i) {
                                     const float* row = p.row(wy.taps.first() + i * wy.taps.step);
                                     for (int j = 0; j < wx.taps.count; ++j)
                                         sum += row[wx.taps.first() + j * wx.taps.step];
                                 }
                                 const float n = detail::convention_divisor(g, wy, wx);
                                 // OpenCV's layer multiplies by 1/area even for a window past the input and
                                 // its padding (area 0: NaN; negative: -0).
                                 if (c == Convention::Caffe)
                                     out[ox] = sum * float(1.0 / n);
                                 else
                                     out[ox] = n > 0.f ? sum / n : 0.f;
                             }
                         }
                     }
                 });
    return r;
}

WindowTrace trace(const Tensor& input, const PoolSpec& spec, Convention c, int channel, int oy, int ox)
{
    if (c == Convention::PyTorch)
        return trace(input, spec, channel, oy, ox);
    const ConventionGeometry g = convention_geometry(c, spec, input.height(), input.width());
    if (channel < 0 || channel >= input.channels() || oy < 0 || oy >= g.h.out || ox < 0 || ox >= g.w.out)
        throw ParamError("the cell (" + std::to_string(channel) + ", " + std::to_string(oy) + ", " +
                         std::to_string(ox) + ") is outside the output");
    const detail::ConventionWindow wy = detail::convention_window(g.h, oy),
                                   wx = detail::convention_window(g.w, ox);
    const detail::Plane p = detail::plane_of(input, channel);
    WindowTrace t;
    t.op = spec.op;
    t.channel = channel;
    t.oy = oy;
    t.ox = ox;
    t.window_h = g.h.kernel;
    t.window_w = g.w.kernel;
    const bool max = spec.op == PoolOp::Max;
    const bool empty = wy.taps.count == 0 || wx.taps.count == 0;
    detail::CellResult cell;
    if (max && !empty)
        cell = detail::extreme_window<false>(p, wy.taps, wx.taps);
    if (!max)
        t.divisor = detail::convention_divisor(g, wy, wx);
    for (int i = 0; i < g.h.kernel; ++i)
        for (int j = 0; j < g.w.kernel; ++j) {
            Tap tap;
            tap.y = wy.taps.at(i);
            tap.x = wx.taps.at(j);
            tap.inside = p.contains(tap.y, tap.x);
            tap.value = tap.inside ? p.at(tap.y, tap.x) : 0.f;
            if (max && tap.inside && tap.y == cell.chosen_y && tap.x == cell.chosen_x) {
                tap.weight = 1.0;
                t.chosen = int(t.taps.size());
                t.index = cell.index;
            } else if (!max && tap.inside) {
                tap.weight = 1.0 / t.divisor;
            }
            t.taps.push_back(tap);
        }
    // The full op's own value for the cell, computed from its window alone.
    Tensor one(1, input.height(), input.width());
    std::copy_n(input.row(channel, 0), std::size_t(input.height()) * input.width(), one.data());
    t.result = pool_convention(one, spec, c, {.indices = false, .threads = 1}).output.at(0, oy, ox);
    return t;
}

} // namespace poolscope
