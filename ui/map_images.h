#pragma once
// The colourised pictures of one channel, made once per result and channel and
// then only drawn (never colourised in a paint event).
#include <map>
#include <memory>

#include <QImage>

#include "core/colormap.h"

namespace poolscope::ui {

struct PipelineResult;

struct ChannelImages {
    QImage input;     // pool input plane, one pixel per cell
    QImage output;    // pooled output plane
    ValueRange range; // shared by both so colours compare across the pool
    ColorMap map = ColorMap::Viridis;
};

// Colourises channel c of a result: one value range over input and output.
ChannelImages colorizeChannel(const PipelineResult& r, int channel);

// Keeps the images of the current result; a new generation drops the old ones.
class ChannelImageCache {
public:
    const ChannelImages& get(const std::shared_ptr<const PipelineResult>& r, int channel);

private:
    quint64 generation_ = 0;
    std::shared_ptr<const PipelineResult> result_;
    std::map<int, ChannelImages> images_;
};

} // namespace poolscope::ui
