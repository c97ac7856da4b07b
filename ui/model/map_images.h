#pragma once
// The pictures the views paint, made off the GUI thread with the result they
// show (or, for tiny maps, by the session at once) and then only drawn: a view
// never colourises a full plane.
#include <vector>

#include <QImage>

#include <opencv2/core.hpp>

#include "core/color/colormap.h"
#include "core/color/value_range.h"
#include "core/tensor/tensor_view.h"

namespace poolscope::ui {

struct PipelineResult;

// Longest side of a thumbnail's picture in pixels (never more than the map's
// own): room for the strip's thumbnails on a high-density screen.
inline constexpr int kThumbnailSide = 256;

struct ChannelImages {
    QImage input;     // pool input plane, one pixel per cell
    QImage output;    // pooled output plane
    ValueRange range; // shared by both so colours compare across the pool
    ColorMap map = ColorMap::Viridis;
    // Both pictures halved again and again (halvings()), to draw them small from.
    std::vector<QImage> inputHalvings, outputHalvings;
};

// A channel in the strip: small pictures of both maps in the channel's colours.
struct ChannelThumbnail {
    ValueRange inputRange, outputRange; // finite ranges of the full-resolution planes
    ValueRange range;                   // the channel's colours: sharedRange of the two
    ColorMap map = ColorMap::Viridis;
    QImage input, output;                              // null while the channel is still being computed
    std::vector<QImage> inputHalvings, outputHalvings; // to scale them down from
    bool ready() const { return !input.isNull() && !output.isNull(); }
};

// The one range both maps of a channel are coloured with: the union of their
// finite ranges. value_range() gives {0,0} for a plane with nothing finite, which
// is then left out.
ValueRange sharedRange(ValueRange input, ValueRange output);

// A plane averaged down to fit kThumbnailSide, still in values: thumbnails are
// coloured after shrinking, so a cell's colour is that of its mean value.
cv::Mat shrunkPlane(const cv::Mat& plane);

// The stage's pictures of a channel from its full planes and their ranges.
ChannelImages colorizePair(ConstPlaneView input, ConstPlaneView output, ValueRange inputRange,
                           ValueRange outputRange);

// A thumbnail from shrunk planes (shrunkPlane) and the full planes' ranges.
ChannelThumbnail makeThumbnail(const cv::Mat& shrunkInput, const cv::Mat& shrunkOutput, ValueRange inputRange,
                               ValueRange outputRange);

// Colourises channel c of a result: one value range over input and output.
ChannelImages colorizeChannel(const PipelineResult& r, int channel);

} // namespace poolscope::ui
