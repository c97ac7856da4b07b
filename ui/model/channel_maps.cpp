#include "ui/model/channel_maps.h"

#include "core/conv/conv_ops.h"
#include "core/pool/counter_rng.h"
#include "core/pool/pool_ops.h"
#include "ui/model/session.h"

namespace poolscope::ui {

WindowTrace ChannelPlanes::trace(int oy, int ox) const
{
    WindowTrace t = poolscope::trace(poolInput.for_reading(), pool, index, oy, ox);
    t.channel = channel;
    return t;
}

PoolSpec channelPoolSpec(const PoolSpec& spec, int channel)
{
    PoolSpec s = spec;
    if (spec.op == PoolOp::FractionalMax)
        s.fractional_samples = {fractional_sample(spec, channel)};
    if (spec.op == PoolOp::Stochastic) {
        // Channel c draws with channel_key(seed, c) = splitmix64(seed ^ splitmix64(c)):
        // this seed gives channel 0 the same key.
        s.seed = spec.seed ^ splitmix64(std::uint64_t(channel)) ^ splitmix64(0);
    }
    return s;
}

ConvWeights channelWeights(const ConvWeights& w, int first, int count)
{
    ConvWeights out;
    out.out_channels = count;
    out.in_channels = w.in_channels;
    out.kernel = w.kernel;
    const std::size_t per = std::size_t(w.in_channels) * std::size_t(w.kernel.h) * std::size_t(w.kernel.w);
    out.weights.assign(w.weights.begin() + std::ptrdiff_t(std::size_t(first) * per),
                       w.weights.begin() + std::ptrdiff_t(std::size_t(first + count) * per));
    if (!w.bias.empty())
        out.bias.assign(w.bias.begin() + first, w.bias.begin() + first + count);
    return out;
}

Tensor copyChannel(ConstTensorView t, int channel)
{
    Tensor out = Tensor::uninitialized(1, t.height(), t.width()); // written in full below
    cv::Mat dst = out.plane(0);
    t.plane(channel).mat_for_reading().copyTo(dst);
    return out;
}

Tensor poolInputChannel(const Tensor& input, bool convEnabled, const ConvSpec& conv,
                        const ConvWeights& weights, int channel, int threads)
{
    if (!convEnabled)
        return copyChannel(input, channel);
    ConvSpec one = conv;
    one.out_channels = 1;
    return conv_stage(input, channelWeights(weights, channel, 1), one, ConvOptions{threads});
}

ChannelPlanes poolChannel(Tensor poolInput, const PoolSpec& spec, int channel, int threads)
{
    ChannelPlanes p;
    p.channel = channel;
    p.index = 0;
    p.pool = channelPoolSpec(spec, channel);
    p.output = pool(poolInput, p.pool, PoolOptions{.indices = false, .threads = threads}).output;
    p.poolInput = std::move(poolInput);
    return p;
}

ChannelPlanes channelPlanes(const PipelineResult& r, int channel)
{
    if (!r.poolInput.empty() && !r.pooled.output.empty())
        return ChannelPlanes{channel, r.poolInput, r.pooled.output, channel, r.pool};
    if (r.focused && r.focused->channel() == channel)
        return r.focused->planes;
    Tensor in = !r.poolInput.empty()
                    ? copyChannel(r.poolInput, channel)
                    : poolInputChannel(r.input.for_reading(), r.convEnabled, r.conv, r.weights, channel);
    return poolChannel(std::move(in), r.pool, channel);
}

ChannelMaps makeChannelMaps(const PipelineResult& r, int channel)
{
    if (r.focused && r.focused->channel() == channel)
        return *r.focused;
    ChannelMaps m;
    m.generation = r.generation;
    m.planes = channelPlanes(r, channel);
    const ConstPlaneView in = m.planes.inputPlane(), out = m.planes.outputPlane();
    const std::size_t c = std::size_t(channel);
    if (c < r.thumbnails.size() && r.thumbnails[c].ready())
        m.images = colorizePair(in, out, r.thumbnails[c].inputRange, r.thumbnails[c].outputRange);
    else
        m.images =
            colorizePair(in, out, value_range(in.mat_for_reading()), value_range(out.mat_for_reading()));
    return m;
}

} // namespace poolscope::ui
