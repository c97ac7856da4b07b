#include "core/pool/pool_fractional.h"

#include <vector>

#include <opencv2/core.hpp>

#include "core/pool/counter_rng.h"
#include "core/pool/fast/axis_plan.h"
#include "core/pool/fast/extreme_separable.h"
#include "core/pool/pool_parallel.h"
#include "core/pool/pool_result.h"
#include "core/tensor/errors.h"

namespace poolscope {

std::array<double, 2> fractional_sample(const PoolSpec& spec, int channel)
{
    if (!spec.fractional_samples.empty()) {
        if (channel < 0 || std::size_t(channel) >= spec.fractional_samples.size())
            throw ParamError(cv::format("fractional_samples has %zu entries, but channel %d was asked for",
                                        spec.fractional_samples.size(), channel));
        return spec.fractional_samples[std::size_t(channel)];
    }
    // Axis 0 is the width, axis 1 the height, as PyTorch's _random_samples[n][c].
    return {counter_uniform(spec.seed, std::uint64_t(channel), 0),
            counter_uniform(spec.seed, std::uint64_t(channel), 1)};
}

int fractional_start(int i, int in, int out, int kernel, double u)
{
    if (i == out - 1)
        return in - kernel;
    // ATen computes in the input's type (float here), and so must this to pick the same windows.
    const float sample = float(u);
    const float alpha = float(in - kernel) / float(out - 1);
    return int((float(i) + sample) * alpha) - int(sample * alpha);
}

namespace detail {

void check_fractional_samples(const PoolSpec& spec, int channels)
{
    if (!spec.fractional_samples.empty() && spec.fractional_samples.size() != std::size_t(channels))
        throw ParamError(
            cv::format("fractional_samples must give one (u_w, u_h) pair per channel: the input has "
                       "%d channel(s), but %zu pair(s) were given",
                       channels, spec.fractional_samples.size()));
}

AxisTaps fractional_taps_y(const PoolSpec& spec, const PoolGeometry& g, int channel, int oy)
{
    const int start = fractional_start(oy, g.in.h, g.out.h, g.kernel.h, fractional_sample(spec, channel)[1]);
    return run_taps(start, start + g.kernel.h);
}

AxisTaps fractional_taps_x(const PoolSpec& spec, const PoolGeometry& g, int channel, int ox)
{
    const int start = fractional_start(ox, g.in.w, g.out.w, g.kernel.w, fractional_sample(spec, channel)[0]);
    return run_taps(start, start + g.kernel.w);
}

CellResult fractional_cell(const Plane& p, const PoolSpec& spec, const PoolGeometry& g, int channel, int oy,
                           int ox)
{
    return extreme_window<false>(p, fractional_taps_y(spec, g, channel, oy),
                                 fractional_taps_x(spec, g, channel, ox));
}

void pool_fractional(const Tensor& input, const PoolSpec& spec, const PoolGeometry& g,
                     const PoolOptions& options, PoolResult& result)
{
    const int channels = input.channels();
    check_fractional_samples(spec, channels);
    // Window starts per channel, computed once (the same function trace() calls per cell).
    std::vector<AxisPlan> ys, xs;
    for (int c = 0; c < channels; ++c) {
        std::vector<AxisTaps> ty, tx;
        for (int oy = 0; oy < g.out.h; ++oy)
            ty.push_back(fractional_taps_y(spec, g, c, oy));
        for (int ox = 0; ox < g.out.w; ++ox)
            tx.push_back(fractional_taps_x(spec, g, c, ox));
        ys.push_back(plan_from_taps(ty, false));
        xs.push_back(plan_from_taps(tx, false));
    }
    prepare_result(result, channels, g.out, options.indices);
    IndexTensor* idx = options.indices ? &result.indices : nullptr;
    if (extreme_rows_apply(ys, xs, g.in.h, g.in.w)) {
        extreme_pool<false>(input, ys, xs, result.output, idx, options.threads);
        return;
    }
    parallel_rows(channels, g.out.h, options.threads, [&](int c, int oy) {
        const Plane p = plane_of(input, c);
        float* out = result.output.row(c, oy);
        const AxisTaps ty = fractional_taps_y(spec, g, c, oy);
        for (int ox = 0; ox < g.out.w; ++ox) {
            const CellResult r = extreme_window<false>(p, ty, fractional_taps_x(spec, g, c, ox));
            out[ox] = r.value;
            if (idx)
                idx->at(c, oy, ox) = r.index;
        }
    });
}

} // namespace detail

} // namespace poolscope
