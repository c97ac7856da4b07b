#pragma once
// One finished computation, as the session hands it to every view: immutable and
// shared, so its maps are read-only by type (ReadOnlyTensor, core/tensor/tensor_view.h).
#include <memory>
#include <vector>

#include <QtGlobal>

#include "core/pool/pool_ops.h"
#include "core/shape/pool_shape.h"
#include "core/spec/conv_spec.h"
#include "core/spec/pool_spec.h"
#include "core/tensor/tensor.h"
#include "core/tensor/tensor_view.h"
#include "ui/model/channel_maps.h"
#include "ui/model/map_images.h"

namespace poolscope::ui {

// The pooled output of a result, and PyTorch's indices when someone made them
// (the session never does: the exports compute them).
struct PooledMaps {
    ReadOnlyTensor output;
    IndexTensor indices;

    PooledMaps() = default;
    // From the core's result, whose buffers it takes over.
    PooledMaps(PoolResult r) : output(std::move(r.output)), indices(std::move(r.indices)) {}
};

// It comes in two steps when the maps are large: first with the focused channel
// computed (complete false, the other channels' thumbnails not ready), then the
// same generation complete.
struct PipelineResult {
    quint64 generation = 0;
    ReadOnlyTensor input; // as loaded (RGB or gray, [0,1])
    bool convEnabled = true;
    ConvSpec conv;
    ConvWeights weights; // the weights actually used
    PoolSpec pool;
    PoolGeometry geometry;   // of the pool on the pool input
    ShapeExplanation shape;  // formula, notes, coverage
    MapShape poolInputShape; // conv + activation output (or the input when conv is off)
    MapShape outputShape;    // pooled output
    // Every channel's maps, while they fit the plane budget; else empty, and a
    // channel's planes are computed again when needed (channelPlanes()). A first
    // delivery may hold the pool input only.
    ReadOnlyTensor poolInput;
    PooledMaps pooled;                          // output only: the exports compute the indices they write
    std::vector<ChannelThumbnail> thumbnails;   // one per channel
    std::shared_ptr<const ChannelMaps> focused; // the channel focused when this was scheduled
    bool complete = true;                       // every channel computed
    double convMs = 0, poolMs = 0;              // compute times, for the status bar
    bool convCached = false; // the conv output was reused from the previous result (only the pool changed)

    int channels() const { return poolInputShape.channels; }
};

} // namespace poolscope::ui
