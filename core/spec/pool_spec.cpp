#include "core/spec/pool_spec.h"

#include <algorithm>
#include <utility>

#include "core/spec/name_table.h"

namespace poolscope {

namespace {

constexpr NameTable<PoolOp, kAllPoolOps.size()> kNames = {{
    {PoolOp::Max, "max"},
    {PoolOp::Avg, "avg"},
    {PoolOp::Min, "min"},
    {PoolOp::Lp, "lp"},
    {PoolOp::Mixed, "mixed"},
    {PoolOp::Stochastic, "stochastic"},
    {PoolOp::SoftPool, "softpool"},
    {PoolOp::AdaptiveMax, "adaptive-max"},
    {PoolOp::AdaptiveAvg, "adaptive-avg"},
    {PoolOp::GlobalMax, "global-max"},
    {PoolOp::GlobalAvg, "global-avg"},
    {PoolOp::FractionalMax, "fractional-max"},
    {PoolOp::BlurPool, "blurpool"},
}};

} // namespace

std::string_view pool_op_name(PoolOp op)
{
    return name_in(kNames, op).value_or(std::string_view{});
}

std::optional<PoolOp> parse_pool_op(std::string_view name)
{
    return value_in(kNames, name);
}

PoolOpTraits pool_op_traits(PoolOp op)
{
    PoolOpTraits t;
    switch (op) {
    case PoolOp::Max:
    case PoolOp::Min:
        t.sliding = t.kernel = t.ceil_mode = t.dilation = t.padding = t.indices = true;
        break;
    case PoolOp::Avg:
        // PyTorch's avg_pool2d has no dilation.
        t.sliding = t.kernel = t.ceil_mode = t.padding = t.avg_divisor = true;
        break;
    case PoolOp::Lp:
        // lp_pool2d has neither padding nor dilation and always counts the whole window.
        t.sliding = t.kernel = t.ceil_mode = t.norm_type = true;
        break;
    case PoolOp::Mixed:
        t.sliding = t.kernel = t.ceil_mode = t.padding = t.avg_divisor = t.alpha = true;
        break;
    case PoolOp::Stochastic:
        t.sliding = t.kernel = t.ceil_mode = t.dilation = t.padding = t.seed = t.train = true;
        break;
    case PoolOp::SoftPool:
        t.sliding = t.kernel = t.ceil_mode = t.dilation = t.padding = true;
        break;
    case PoolOp::AdaptiveMax:
        t.output_size = t.indices = true;
        break;
    case PoolOp::AdaptiveAvg:
        t.output_size = true;
        break;
    case PoolOp::GlobalMax:
        t.indices = true;
        break;
    case PoolOp::GlobalAvg:
        break;
    case PoolOp::FractionalMax:
        t.kernel = t.output_size = t.output_ratio = t.seed = t.indices = true;
        break;
    case PoolOp::BlurPool:
        // The max runs at stride 1, so ceil_mode has no effect.
        t.sliding = t.kernel = t.dilation = t.padding = t.blur_size = true;
        break;
    }
    return t;
}

PoolSpec effective_spec(const PoolSpec& spec)
{
    const PoolOpTraits t = pool_op_traits(spec.op);
    const PoolSpec d{.op = spec.op};
    PoolSpec s = spec;
    if (!t.kernel)
        s.kernel = d.kernel;
    if (!t.sliding)
        s.stride = d.stride;
    if (!t.padding)
        s.padding = d.padding;
    if (!t.dilation)
        s.dilation = d.dilation;
    if (!t.ceil_mode)
        s.ceil_mode = d.ceil_mode;
    if (!t.avg_divisor) {
        s.count_include_pad = d.count_include_pad;
        s.divisor_override = d.divisor_override;
    }
    if (!t.norm_type)
        s.norm_type = d.norm_type;
    if (!t.alpha)
        s.alpha = d.alpha;
    if (!t.train)
        s.train = d.train;
    // Stochastic pooling draws only in training; its expectation reads no seed.
    if (!t.seed || (t.train && !s.train))
        s.seed = d.seed;
    if (!t.output_size)
        s.output_size = d.output_size;
    if (!t.output_ratio) {
        s.output_ratio = d.output_ratio;
        s.fractional_samples = d.fractional_samples;
    }
    if (!t.blur_size)
        s.blur_size = d.blur_size;
    return s;
}

} // namespace poolscope
