// The backward pass of max and avg under a framework's convention.
#include <string>
#include <vector>

#include "core/grad/pool_backward.h"
#include "core/pool/pool_convention.h"
#include "core/tensor/errors.h"
#include "core/tensor/threads.h"

namespace poolscope {

Tensor pool_backward(const Tensor& input, const PoolSpec& spec, Convention convention,
                     const Tensor& grad_output, const BackwardOptions& options)
{
    if (convention == Convention::PyTorch)
        return pool_backward(input, spec, grad_output, options);
    const ConventionGeometry g = convention_geometry(convention, spec, input.height(), input.width());
    const auto text = [](int c, int h, int w) {
        return std::to_string(c) + "x" + std::to_string(h) + "x" + std::to_string(w);
    };
    if (grad_output.channels() != input.channels() || grad_output.height() != g.h.out ||
        grad_output.width() != g.w.out)
        throw ParamError("grad_output has shape " +
                         text(grad_output.channels(), grad_output.height(), grad_output.width()) +
                         " but the output has shape " + text(input.channels(), g.h.out, g.w.out));
    std::vector<detail::ConventionWindow> ys, xs;
    for (int o = 0; o < g.h.out; ++o)
        ys.push_back(detail::convention_window(g.h, o));
    for (int o = 0; o < g.w.out; ++o)
        xs.push_back(detail::convention_window(g.w, o));
    const bool max = spec.op == PoolOp::Max;
    Tensor grad_in(input.channels(), input.height(), input.width(), options.threads);
    parallel_for(cv::Range(0, input.channels()), options.threads, input.channels(), [&](const cv::Range& r) {
        for (int c = r.start; c < r.end; ++c) {
            const detail::Plane p = detail::plane_of(input, c);
            for (int oy = 0; oy < g.h.out; ++oy)
                for (int ox = 0; ox < g.w.out; ++ox) {
                    const detail::ConventionWindow& wy = ys[std::size_t(oy)];
                    const detail::ConventionWindow& wx = xs[std::size_t(ox)];
                    if (wy.taps.count == 0 || wx.taps.count == 0)
                        continue; // no cell inside: a constant output
                    const float go = grad_output.at(c, oy, ox);
                    if (max) {
                        const detail::CellResult cell = detail::extreme_window<false>(p, wy.taps, wx.taps);
                        grad_in.at(c, cell.chosen_y, cell.chosen_x) += go;
                        continue;
                    }
                    const float n = detail::convention_divisor(g, wy, wx);
                    const float delta = convention == Convention::Caffe ? go * float(1.0 / n) : go / n;
                    for (int i = 0; i < wy.taps.count; ++i)
                        for (int j = 0; j < wx.taps.count; ++j)
                            grad_in.at(c, wy.taps.first() + i * wy.taps.step,
                                       wx.taps.first() + j * wx.taps.step) += delta;
                }
        }
    });
    return grad_in;
}

} // namespace poolscope
