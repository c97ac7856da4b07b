#include "core/pool_sliding.h"

#include <vector>

#include "core/axis_plan.h"
#include "core/counter_rng.h"
#include "core/extreme_direct.h"
#include "core/extreme_separable.h"
#include "core/pool_parallel.h"

namespace poolscope::detail {

CellResult SlidingWindows::eval(const Plane& p, int channel, int oy, int ox, const Axis& y,
                                const Axis& x) const
{
    switch (spec_.op) {
    case PoolOp::Max:
        return extreme_window<false>(p, y.taps, x.taps);
    case PoolOp::Min:
        return extreme_window<true>(p, y.taps, x.taps);
    case PoolOp::Avg:
        return avg_window(p, y.avg, x.avg, spec_.count_include_pad, spec_.divisor_override);
    case PoolOp::Lp:
        return lp_window(p, y.avg, x.avg, g_.kernel, spec_.norm_type);
    case PoolOp::Mixed:
        return mixed_window(p, y.taps, x.taps, y.avg, x.avg, spec_);
    case PoolOp::Stochastic: {
        // Drawn per output cell, so tracing one cell reproduces the full op's choice.
        const double u = spec_.train ? counter_uniform(spec_.seed, channel, oy, ox) : 0.0;
        return stochastic_window(p, y.taps, x.taps, spec_.train, u);
    }
    case PoolOp::SoftPool:
        return softpool_window(p, y.taps, x.taps);
    default:
        break;
    }
    return {};
}

namespace {

bool pool_extreme_fast(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g, bool with_indices,
                       PoolResult& result)
{
    const AxisPlan ys = sliding_plan(g.out.h, g.in.h, g.kernel.h, g.stride.h, g.padding.h, g.dilation.h);
    const AxisPlan xs = sliding_plan(g.out.w, g.in.w, g.kernel.w, g.stride.w, g.padding.w, g.dilation.w);
    const ColumnWindows cols{g.kernel.w, g.stride.w, g.padding.w, g.dilation.w, g.out.w};
    const bool direct = extreme_direct_apply(ys, cols, g.in.h, g.in.w);
    if (!direct && !extreme_rows_apply(ys, xs, g.in.h, g.in.w))
        return false;
    const int channels = input.channels();
    result.output = Tensor::uninitialized(channels, g.out.h, g.out.w);
    if (with_indices)
        result.indices = {channels, g.out.h, g.out.w,
                          std::vector<std::int64_t>(std::size_t(channels) * g.out.h * g.out.w)};
    IndexTensor* idx = with_indices ? &result.indices : nullptr;
    const bool is_min = spec.op == PoolOp::Min;
    if (direct)
        is_min ? extreme_direct_pool<true>(input, ys, cols, result.output, idx)
               : extreme_direct_pool<false>(input, ys, cols, result.output, idx);
    else
        is_min ? extreme_pool<true>(input, ys, xs, result.output, idx)
               : extreme_pool<false>(input, ys, xs, result.output, idx);
    return true;
}

} // namespace

void pool_sliding(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g,
                  const PoolOptions& options, PoolResult& result)
{
    const bool with_indices = options.indices && (spec.op == PoolOp::Max || spec.op == PoolOp::Min);
    if ((spec.op == PoolOp::Max || spec.op == PoolOp::Min) &&
        pool_extreme_fast(input, spec, g, with_indices, result))
        return;
    pool_sliding_cells(input, spec, g, options, result);
}

void pool_sliding_cells(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g,
                        const PoolOptions& options, PoolResult& result)
{
    const int channels = input.channels();
    result.output = Tensor(channels, g.out.h, g.out.w);
    const bool with_indices = options.indices && (spec.op == PoolOp::Max || spec.op == PoolOp::Min);
    if (with_indices)
        result.indices = {channels, g.out.h, g.out.w,
                          std::vector<std::int64_t>(std::size_t(channels) * g.out.h * g.out.w)};

    const SlidingWindows windows(spec, g);
    std::vector<SlidingWindows::Axis> xs(g.out.w);
    for (int ox = 0; ox < g.out.w; ++ox)
        xs[ox] = windows.axis_x(ox);

    parallel_rows(channels, g.out.h, [&](int c, int oy) {
        const Plane p = plane_of(input, c);
        const SlidingWindows::Axis y = windows.axis_y(oy);
        float* out = result.output.row(c, oy);
        std::int64_t* idx = with_indices ? &result.indices.at(c, oy, 0) : nullptr;
        for (int ox = 0; ox < g.out.w; ++ox) {
            const CellResult r = windows.eval(p, c, oy, ox, y, xs[ox]);
            out[ox] = r.value;
            if (idx)
                idx[ox] = r.index;
        }
    });
}

} // namespace poolscope::detail
