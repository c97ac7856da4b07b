#include "core/shape/memory_estimate.h"

#include "core/conv/conv_ops.h"

namespace poolscope {

double pool_peak_bytes(const PoolSpec& spec, int channels, const PoolGeometry& g)
{
    const double out_cells = double(channels) * g.out.h * g.out.w;
    const double in_cells = double(channels) * g.in.h * g.in.w;
    double bytes = out_cells * 4.0;
    if (pool_op_traits(spec.op).indices)
        bytes += out_cells * 8.0;
    // BlurPool keeps its stride-1 max map and the blurred map before subsampling;
    // every other op may hold one input-sized temporary (e.g. a padded copy).
    bytes += in_cells * 4.0 * (spec.op == PoolOp::BlurPool ? 2.0 : 1.0);
    return bytes;
}

double conv_peak_bytes(const ConvSpec& spec, int channels, int height, int width)
{
    const Size2 out = conv_output_size(spec, height, width);
    // The non-zero padding modes pad a copy of the input first.
    const double pad_h =
        spec.padding_same ? double(spec.dilation.h) * (spec.kernel.h - 1) : 2.0 * spec.padding.h;
    const double pad_w =
        spec.padding_same ? double(spec.dilation.w) * (spec.kernel.w - 1) : 2.0 * spec.padding.w;
    // Preset weights are made for every (out, in) pair of channels.
    const double weights = tensor_bytes(spec.out_channels, channels, double(spec.kernel.h) * spec.kernel.w);
    return tensor_bytes(spec.out_channels, out.h, out.w) +
           tensor_bytes(channels, height + pad_h, width + pad_w) + weights;
}

} // namespace poolscope
