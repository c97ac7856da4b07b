#include "core/pool/pool_sliding.h"

#include <vector>

#include "core/pool/fast/pool_average.h"
#include "core/pool/fast/pool_extreme.h"
#include "core/pool/fast/pool_weighted.h"
#include "core/pool/pool_parallel.h"
#include "core/pool/pool_result.h"

namespace poolscope::detail {

void pool_sliding(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g,
                  const PoolOptions& options, PoolResult& result)
{
    const bool with_indices = options.indices && (spec.op == PoolOp::Max || spec.op == PoolOp::Min);
    if ((spec.op == PoolOp::Max || spec.op == PoolOp::Min) &&
        pool_extreme(input, g, spec.op == PoolOp::Min, with_indices, result, options.threads))
        return;
    if (pool_average(input, spec, g, result, options.threads) ||
        pool_weighted(input, spec, g, result, options.threads))
        return;
    pool_sliding_cells(input, spec, g, options, result);
}

void pool_sliding_cells(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g,
                        const PoolOptions& options, PoolResult& result)
{
    const int channels = input.channels();
    const bool with_indices = options.indices && (spec.op == PoolOp::Max || spec.op == PoolOp::Min);
    prepare_result(result, channels, g.out, with_indices);

    const SlidingWindows windows(spec, g);
    std::vector<SlidingWindows::Axis> xs(g.out.w);
    for (int ox = 0; ox < g.out.w; ++ox)
        xs[ox] = windows.axis_x(ox);

    parallel_rows(channels, g.out.h, options.threads, [&](int c, int oy) {
        const Plane p = plane_of(input, c);
        const SlidingWindows::Axis y = windows.axis_y(oy);
        const SlidingWindows::RowContext row = windows.row_context(p, c, oy);
        float* out = result.output.row(c, oy);
        std::int64_t* idx = with_indices ? &result.indices.at(c, oy, 0) : nullptr;
        for (int ox = 0; ox < g.out.w; ++ox) {
            const CellResult r = windows.eval(p, oy, ox, y, xs[ox], row);
            out[ox] = r.value;
            if (idx)
                idx[ox] = r.index;
        }
    });
}

} // namespace poolscope::detail
