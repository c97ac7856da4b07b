#include "core/grad/pool_backward.h"

#include <cmath>
#include <string>

#include "core/pool/pool_blur.h"
#include "core/pool/pool_ops.h"
#include "core/pool/window_values.h"
#include "core/shape/pool_shape.h"
#include "core/tensor/errors.h"
#include "core/tensor/threads.h"

namespace poolscope {
namespace {

using detail::Plane;
using detail::plane_of;

std::string shape_text(int c, int h, int w)
{
    return std::to_string(c) + "x" + std::to_string(h) + "x" + std::to_string(w);
}

// Every output's gradient, times `scale`, to the input cell its index names, in
// raster order as ATen's max_pool backward adds them.
void route_to_indices(const Tensor& grad_out, const IndexTensor& idx, float scale, Tensor& grad_in, int c)
{
    float* gin = grad_in.row(c, 0);
    const std::int64_t cells = std::int64_t(grad_in.height()) * grad_in.width();
    for (int oy = 0; oy < grad_out.height(); ++oy) {
        const float* g = grad_out.row(c, oy);
        for (int ox = 0; ox < grad_out.width(); ++ox) {
            const std::int64_t i = idx.at(c, oy, ox);
            if (i >= 0 && i < cells) // a window with no tap inside chose nothing
                gin[i] += scale == 1.f ? g[ox] : g[ox] * scale;
        }
    }
}

// avg_pool2d's backward for one channel: grad * scale / divisor to each inside tap.
void avg_backward(const Tensor& grad_out, const PoolGeometry& g, const PoolSpec& spec, float scale,
                  Tensor& grad_in, int c)
{
    for (int oy = 0; oy < g.out.h; ++oy) {
        const detail::AvgAxis ay = detail::avg_axis(oy, g.in.h, g.kernel.h, g.stride.h, g.padding.h);
        const float* go = grad_out.row(c, oy);
        for (int ox = 0; ox < g.out.w; ++ox) {
            const detail::AvgAxis ax = detail::avg_axis(ox, g.in.w, g.kernel.w, g.stride.w, g.padding.w);
            const long long divisor = spec.divisor_override    ? *spec.divisor_override
                                      : spec.count_include_pad ? (long long)ay.pool * ax.pool
                                                               : (long long)ay.count() * ax.count();
            const float v = scale == 1.f ? go[ox] : go[ox] * scale;
            const float delta = v / float(divisor);
            for (int y = ay.lo; y < ay.hi; ++y) {
                float* row = grad_in.row(c, y);
                for (int x = ax.lo; x < ax.hi; ++x)
                    row[x] += delta;
            }
        }
    }
}

void adaptive_avg_backward(const Tensor& grad_out, const PoolGeometry& g, Tensor& grad_in, int c)
{
    const bool mean = g.out.h == 1 && g.out.w == 1; // PyTorch takes mean(): grad / numel
    for (int oy = 0; oy < g.out.h; ++oy) {
        const int y0 = adaptive_start(oy, g.in.h, g.out.h), y1 = adaptive_end(oy, g.in.h, g.out.h);
        for (int ox = 0; ox < g.out.w; ++ox) {
            const int x0 = adaptive_start(ox, g.in.w, g.out.w), x1 = adaptive_end(ox, g.in.w, g.out.w);
            const float go = grad_out.at(c, oy, ox);
            const float delta =
                mean ? go / float(double(g.in.h) * g.in.w) : go / float(y1 - y0) / float(x1 - x0);
            for (int y = y0; y < y1; ++y)
                for (int x = x0; x < x1; ++x)
                    grad_in.at(c, y, x) += delta;
        }
    }
}

// Autograd through lp_pool2d = (sign(a) * relu(|a|) * kw*kh)^(1/p), a = avg_pool2d(x^p),
// in float and in the order autograd runs it.
void lp_backward(const Tensor& input, const Tensor& grad_out, const PoolGeometry& g, const PoolSpec& spec,
                 Tensor& grad_in, int c)
{
    const double p = spec.norm_type;
    const float k = float(g.kernel.h * g.kernel.w);
    const Plane plane = plane_of(input, c);
    for (int oy = 0; oy < g.out.h; ++oy) {
        const detail::AvgAxis ay = detail::avg_axis(oy, g.in.h, g.kernel.h, g.stride.h, 0);
        for (int ox = 0; ox < g.out.w; ++ox) {
            const detail::AvgAxis ax = detail::avg_axis(ox, g.in.w, g.kernel.w, g.stride.w, 0);
            const detail::CellResult r = detail::lp_window(plane, ay, ax, g.kernel, p);
            const float a = float(r.sum) / float(r.divisor);
            const float u = detail::lp_rectify(a) * k;
            const float go = grad_out.at(c, oy, ox);
            // pow's backward: grad * (e * u^(e-1)), e = 1/p (u^0 = 1 at p = 1).
            const double e = 1.0 / p;
            const float gu = p == 1.0 ? go : go * (float(e) * detail::pow_like_torch(u, e - 1.0));
            const float gt = gu * k;
            // sign() passes nothing back and relu passes where |a| > 0: a zero average gets 0.
            const float ga = std::fabs(a) > 0.f ? gt : 0.f;
            const float delta = ga / float(r.divisor);
            for (int y = ay.lo; y < ay.hi; ++y)
                for (int x = ax.lo; x < ax.hi; ++x)
                    grad_in.at(c, y, x) += delta;
        }
    }
    // x.pow(p)'s backward on the summed gradient: grad * (p * x^(p-1)).
    if (p == 1.0)
        return;
    for (int y = 0; y < g.in.h; ++y) {
        float* gr = grad_in.row(c, y);
        const float* xr = input.row(c, y);
        for (int x = 0; x < g.in.w; ++x)
            gr[x] = gr[x] * (float(p) * detail::pow_like_torch(xr[x], p - 1.0));
    }
}

// SoftPool and stochastic pooling: each window's derivative from the forward's own
// evaluation of it (same shift, same sums, same sampled tap).
void weighted_backward(const Tensor& input, const Tensor& grad_out, const PoolGeometry& g,
                       const PoolSpec& spec, Tensor& grad_in, int c)
{
    const detail::SlidingWindows windows(spec, g);
    const Plane plane = plane_of(input, c);
    for (int oy = 0; oy < g.out.h; ++oy) {
        const auto row = windows.row_context(plane, c, oy);
        const auto wy = windows.axis_y(oy);
        for (int ox = 0; ox < g.out.w; ++ox) {
            const auto wx = windows.axis_x(ox);
            const detail::CellResult r = windows.eval(plane, oy, ox, wy, wx, row);
            const double go = grad_out.at(c, oy, ox);
            if (spec.op == PoolOp::Stochastic && spec.train) {
                if (r.chosen_y >= 0)
                    grad_in.at(c, r.chosen_y, r.chosen_x) += float(go);
                continue;
            }
            const double y = r.value;
            for (int i = 0; i < wy.taps.count; ++i) {
                const int iy = wy.taps.first() + i * wy.taps.step;
                for (int j = 0; j < wx.taps.count; ++j) {
                    const int ix = wx.taps.first() + j * wx.taps.step;
                    const double v = plane.at(iy, ix);
                    double d = 0.0;
                    if (spec.op == PoolOp::SoftPool) {
                        const double w = std::exp(v - r.shift) / r.sum;
                        d = w * (1.0 + v - y);
                    } else if (v > 0.0 || std::isnan(v)) { // relu's backward passes x > 0 (and NaN)
                        d = (2.0 * v - y) / r.sum;
                    }
                    grad_in.at(c, iy, ix) += float(go * d);
                }
            }
        }
    }
}

// BlurPool: subsampling and the reflect-padded blur send each output's gradient to
// the max map under the filter; the stride-1 max routes the map's gradient on.
Tensor blur_backward(const Tensor& input, const Tensor& grad_out, const PoolSpec& spec, const PoolGeometry& g,
                     int threads)
{
    PoolSpec max_spec;
    max_spec.op = PoolOp::Max;
    max_spec.kernel = g.kernel;
    max_spec.stride = Size2{1, 1};
    max_spec.padding = g.padding;
    max_spec.dilation = g.dilation;
    const PoolResult map = pool(input, max_spec, {true, threads});
    const int mh = map.output.height(), mw = map.output.width();
    const detail::BlurFilter f = detail::blur_filter(spec.blur_size);
    Tensor grad_map(input.channels(), mh, mw, threads);
    Tensor grad_in(input.channels(), g.in.h, g.in.w, threads);
    parallel_for(cv::Range(0, input.channels()), threads, input.channels(), [&](const cv::Range& r) {
        for (int c = r.start; c < r.end; ++c) {
            for (int oy = 0; oy < g.out.h; ++oy)
                for (int ox = 0; ox < g.out.w; ++ox) {
                    const float go = grad_out.at(c, oy, ox);
                    for (int i = 0; i < f.size; ++i) {
                        const int my = detail::blur_map_index(oy, i, g.stride.h, f, mh);
                        for (int j = 0; j < f.size; ++j) {
                            const int mx = detail::blur_map_index(ox, j, g.stride.w, f, mw);
                            grad_map.at(c, my, mx) += float(go * f.w[std::size_t(i * f.size + j)]);
                        }
                    }
                }
            route_to_indices(grad_map, map.indices, 1.f, grad_in, c);
        }
    });
    return grad_in;
}

} // namespace

Tensor pool_backward(const Tensor& input, const PoolSpec& spec, const Tensor& grad_output,
                     const BackwardOptions& options)
{
    const PoolGeometry g = resolve_geometry(spec, input.height(), input.width());
    if (grad_output.channels() != input.channels() || grad_output.height() != g.out.h ||
        grad_output.width() != g.out.w)
        throw ParamError("grad_output has shape " +
                         shape_text(grad_output.channels(), grad_output.height(), grad_output.width()) +
                         " but the output has shape " + shape_text(input.channels(), g.out.h, g.out.w));
    const int threads = options.threads;
    if (spec.op == PoolOp::BlurPool)
        return blur_backward(input, grad_output, spec, g, threads);

    const PoolOpTraits traits = pool_op_traits(spec.op);
    PoolResult selected;
    float select_scale = 1.f;
    if (traits.indices) {
        selected = pool(input, spec, {true, threads});
    } else if (spec.op == PoolOp::Mixed) {
        PoolSpec max_spec = spec;
        max_spec.op = PoolOp::Max;
        selected = pool(input, max_spec, {true, threads});
        select_scale = float(spec.alpha);
    }
    Tensor grad_in(input.channels(), input.height(), input.width(), threads);
    parallel_for(cv::Range(0, input.channels()), threads, input.channels(), [&](const cv::Range& r) {
        for (int c = r.start; c < r.end; ++c) {
            switch (spec.op) {
            case PoolOp::Avg:
                avg_backward(grad_output, g, spec, 1.f, grad_in, c);
                break;
            case PoolOp::Mixed: {
                // Two branches, summed as autograd accumulates them.
                Tensor avg_part(1, g.in.h, g.in.w, 1);
                Tensor max_part(1, g.in.h, g.in.w, 1);
                Tensor go(1, g.out.h, g.out.w, 1);
                std::copy_n(grad_output.row(c, 0), std::size_t(g.out.h) * g.out.w, go.data());
                IndexTensor idx{1, g.out.h, g.out.w, {}};
                idx.data.assign(selected.indices.data.begin() + std::ptrdiff_t(c) * g.out.h * g.out.w,
                                selected.indices.data.begin() + std::ptrdiff_t(c + 1) * g.out.h * g.out.w);
                route_to_indices(go, idx, select_scale, max_part, 0);
                avg_backward(go, g, spec, float(1.0 - spec.alpha), avg_part, 0);
                float* out = grad_in.row(c, 0);
                for (std::size_t i = 0; i < avg_part.size(); ++i)
                    out[i] = max_part.data()[i] + avg_part.data()[i];
                break;
            }
            case PoolOp::AdaptiveAvg:
            case PoolOp::GlobalAvg:
                adaptive_avg_backward(grad_output, g, grad_in, c);
                break;
            case PoolOp::Lp:
                lp_backward(input, grad_output, g, spec, grad_in, c);
                break;
            case PoolOp::SoftPool:
            case PoolOp::Stochastic:
                weighted_backward(input, grad_output, g, spec, grad_in, c);
                break;
            default:
                route_to_indices(grad_output, selected.indices, 1.f, grad_in, c);
                break;
            }
        }
    });
    return grad_in;
}

} // namespace poolscope
