#include "core/pool_adaptive.h"

#include <vector>

#include "core/pool_parallel.h"

namespace poolscope::detail {

CellResult adaptive_cell(const Plane& p, PoolOp op, Size2 out, const AxisTaps& ty, const AxisTaps& tx)
{
    if (op == PoolOp::AdaptiveMax || op == PoolOp::GlobalMax)
        return extreme_window<false>(p, ty, tx);

    CellResult r;
    r.divisor = double(ty.count) * tx.count;
    if (adaptive_uses_mean(op, out)) {
        double sum = 0.0;
        for (int y = ty.start; y < ty.start + ty.count; ++y) {
            const float* row = p.row(y);
            for (int x = tx.start; x < tx.start + tx.count; ++x)
                sum += row[x];
        }
        r.sum = sum;
        r.value = float(sum / r.divisor);
        return r;
    }
    float sum = 0.f;
    for (int y = ty.start; y < ty.start + ty.count; ++y) {
        const float* row = p.row(y);
        for (int x = tx.start; x < tx.start + tx.count; ++x)
            sum += row[x];
    }
    r.sum = sum;
    r.value = sum / float(ty.count) / float(tx.count);
    return r;
}

void pool_adaptive(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g,
                   const PoolOptions& options, PoolResult& result)
{
    const int channels = input.channels();
    result.output = Tensor(channels, g.out.h, g.out.w);
    const bool with_indices =
        options.indices && (spec.op == PoolOp::AdaptiveMax || spec.op == PoolOp::GlobalMax);
    if (with_indices)
        result.indices = {channels, g.out.h, g.out.w,
                          std::vector<std::int64_t>(std::size_t(channels) * g.out.h * g.out.w)};

    std::vector<AxisTaps> xs(g.out.w);
    for (int ox = 0; ox < g.out.w; ++ox)
        xs[ox] = adaptive_taps(ox, g.in.w, g.out.w);

    parallel_rows(channels, g.out.h, [&](int c, int oy) {
        const Plane p = plane_of(input, c);
        const AxisTaps ty = adaptive_taps(oy, g.in.h, g.out.h);
        float* out = result.output.row(c, oy);
        for (int ox = 0; ox < g.out.w; ++ox) {
            const CellResult r = adaptive_cell(p, spec.op, g.out, ty, xs[ox]);
            out[ox] = r.value;
            if (with_indices)
                result.indices.at(c, oy, ox) = r.index;
        }
    });
}

} // namespace poolscope::detail
