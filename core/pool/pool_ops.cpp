#include "core/pool/pool_ops.h"

#include <opencv2/core.hpp>

#include "core/pool/pool_adaptive.h"
#include "core/pool/pool_blur.h"
#include "core/pool/pool_fractional.h"
#include "core/pool/pool_sliding.h"
#include "core/shape/pool_shape.h"
#include "core/tensor/errors.h"

namespace poolscope {

PoolResult pool(const Tensor& input, const PoolSpec& spec, const PoolOptions& options)
{
    PoolResult result;
    pool_into(input, spec, result, options);
    return result;
}

void pool_into(const Tensor& input_ref, const PoolSpec& spec, PoolResult& result, const PoolOptions& options)
{
    // Holding the input keeps its buffer alive and shared, so even when the caller
    // passes result.output itself it is never reused as the output.
    const Tensor input = input_ref;
    const PoolGeometry g = resolve_geometry(spec, input.height(), input.width());
    if (input.channels() <= 0)
        throw ParamError(cv::format("the input is empty (%d channels): pooling needs at least one channel",
                                    input.channels()));
    switch (spec.op) {
    case PoolOp::Max:
    case PoolOp::Avg:
    case PoolOp::Min:
    case PoolOp::Lp:
    case PoolOp::Mixed:
    case PoolOp::Stochastic:
    case PoolOp::SoftPool:
        detail::pool_sliding(input, spec, g, options, result);
        break;
    case PoolOp::AdaptiveMax:
    case PoolOp::AdaptiveAvg:
    case PoolOp::GlobalMax:
    case PoolOp::GlobalAvg:
        detail::pool_adaptive(input, spec, g, options, result);
        break;
    case PoolOp::FractionalMax:
        detail::pool_fractional(input, spec, g, options, result);
        break;
    case PoolOp::BlurPool:
        detail::pool_blur(input, spec, g, options, result);
        break;
    }
}

} // namespace poolscope
