#pragma once
// One channel of a result at full resolution: its pool input and pooled output
// planes and the stage's pictures of them. A result holds every channel's planes
// while they fit the plane budget; past it only the focused channel's are kept,
// and any other channel is computed again from the input and the result's
// weights (a conv with that one output channel, the activation, the pool), with
// exactly the numbers the whole computation gives.
#include <cstddef>
#include <memory>

#include <QtGlobal>

#include "core/pool/window_trace.h"
#include "core/spec/conv_spec.h"
#include "core/spec/pool_spec.h"
#include "core/tensor/tensor.h"
#include "core/tensor/tensor_view.h"
#include "ui/model/map_images.h"

namespace poolscope::ui {

struct PipelineResult;

// Channels, rows and columns of a stage's maps, whether or not they are held.
struct MapShape {
    int channels = 0, height = 0, width = 0;
    std::size_t cells() const { return std::size_t(channels) * std::size_t(height) * std::size_t(width); }
    static MapShape of(ConstTensorView t) { return {t.channels(), t.height(), t.width()}; }
    friend bool operator==(const MapShape&, const MapShape&) = default;
};

// Shared like the result they come from, so read-only by type.
struct ChannelPlanes {
    int channel = -1;                 // the channel of the result these are
    ReadOnlyTensor poolInput, output; // hold the channel's planes at `index` (all channels, or only this one)
    int index = 0;
    PoolSpec pool; // pools plane `index` of poolInput exactly as the result's pool pools `channel`

    bool empty() const { return poolInput.empty() || output.empty(); }
    ConstPlaneView inputPlane() const { return poolInput.plane(index); }
    ConstPlaneView outputPlane() const { return output.plane(index); }
    // The window of output cell (oy, ox), as trace() on the whole maps gives it.
    // Throws as trace() does.
    WindowTrace trace(int oy, int ox) const;
};

// What the stage paints of its channel, for one result generation.
struct ChannelMaps {
    quint64 generation = 0;
    ChannelPlanes planes;
    ChannelImages images;
    int channel() const { return planes.channel; }
};

// The spec that pools a one-channel tensor holding channel `channel` of a larger
// one exactly as `spec` pools that channel: the ops that draw per channel
// (stochastic, fractional) are given that channel's draws.
PoolSpec channelPoolSpec(const PoolSpec& spec, int channel);

// Output channels [first, first + count) of w.
ConvWeights channelWeights(const ConvWeights& w, int first, int count);

// The pool input of one channel as a tensor of its own: the conv of that output
// channel with the activation, or the input's channel when the conv is off. On at
// most `threads` threads (thread_budget, core/tensor/threads.h), as below.
Tensor poolInputChannel(const Tensor& input, bool convEnabled, const ConvSpec& conv,
                        const ConvWeights& weights, int channel, int threads = 0);

// Channel `channel` of t copied into a one-channel tensor.
Tensor copyChannel(ConstTensorView t, int channel);

// Pools a one-channel pool input that holds `channel` (values only).
ChannelPlanes poolChannel(Tensor poolInput, const PoolSpec& spec, int channel, int threads = 0);

// A channel's planes of a result: views of the maps it holds, or computed again.
// Throws what the core throws (e.g. std::bad_alloc).
ChannelPlanes channelPlanes(const PipelineResult& r, int channel);

// The stage's maps of a channel: its planes and their pictures, coloured as the
// result's thumbnail of that channel when it has one.
ChannelMaps makeChannelMaps(const PipelineResult& r, int channel);

} // namespace poolscope::ui
