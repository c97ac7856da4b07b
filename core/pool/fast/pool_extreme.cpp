#include "core/pool/fast/pool_extreme.h"
#include "core/pool/pool_result.h"

namespace poolscope::detail {

bool pool_extreme(const Tensor& input, const PoolGeometry& g, bool is_min, bool with_indices,
                  PoolResult& result, int threads)
{
    const AxisPlan ys = sliding_plan(g.out.h, g.in.h, g.kernel.h, g.stride.h, g.padding.h, g.dilation.h);
    const AxisPlan xs = sliding_plan(g.out.w, g.in.w, g.kernel.w, g.stride.w, g.padding.w, g.dilation.w);
    const ColumnWindows cols{g.kernel.w, g.stride.w, g.padding.w, g.dilation.w, g.out.w};
    const bool direct = extreme_direct_apply(ys, cols, g.in.h, g.in.w);
    if (!direct && !extreme_rows_apply(ys, xs, g.in.h, g.in.w))
        return false;
    const int channels = input.channels();
    prepare_result(result, channels, g.out, with_indices);
    IndexTensor* idx = with_indices ? &result.indices : nullptr;
    if (direct)
        is_min ? extreme_direct_pool<true>(input, ys, cols, result.output, idx, threads)
               : extreme_direct_pool<false>(input, ys, cols, result.output, idx, threads);
    else
        is_min ? extreme_pool<true>(input, {ys}, {xs}, result.output, idx, threads)
               : extreme_pool<false>(input, {ys}, {xs}, result.output, idx, threads);
    return true;
}

} // namespace poolscope::detail

namespace poolscope::detail {

MaxRows::MaxRows(const PoolGeometry& g)
    : ys_(sliding_plan(g.out.h, g.in.h, g.kernel.h, g.stride.h, g.padding.h, g.dilation.h)),
      cols_{g.kernel.w, g.stride.w, g.padding.w, g.dilation.w, g.out.w}
{
    direct_ = extreme_direct_apply(ys_, cols_, g.in.h, g.in.w);
    if (!direct_) {
        const AxisPlan xs = sliding_plan(g.out.w, g.in.w, g.kernel.w, g.stride.w, g.padding.w, g.dilation.w);
        if (extreme_rows_apply(ys_, xs, g.in.h, g.in.w))
            scan_.emplace(xs);
    }
}

void MaxRows::run(const Plane& p, int r0, int r1, float* out) const
{
    if (direct_)
        extreme_direct_stripe<false>(p, ys_, cols_, r0, r1, out, nullptr);
    else
        extreme_stripe<false>(p, ys_, *scan_, r0, r1, out, nullptr);
}

} // namespace poolscope::detail
