#include "core/pool_sliding.h"

#include <vector>

#include "core/counter_rng.h"
#include "core/pool_average.h"
#include "core/pool_extreme.h"
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

void pool_sliding(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g,
                  const PoolOptions& options, PoolResult& result)
{
    const bool with_indices = options.indices && (spec.op == PoolOp::Max || spec.op == PoolOp::Min);
    if ((spec.op == PoolOp::Max || spec.op == PoolOp::Min) &&
        pool_extreme(input, g, spec.op == PoolOp::Min, with_indices, result))
        return;
    if (pool_average(input, spec, g, result))
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
