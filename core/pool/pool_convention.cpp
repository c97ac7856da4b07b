#include "core/pool/pool_convention.h"

#include <algorithm>
#include <vector>

#include "core/pool/pool_window.h"
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

} // namespace poolscope
