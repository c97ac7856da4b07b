#include "ui/model/map_images.h"

#include <algorithm>

#include "ui/model/area_shrink.h"
#include "ui/model/channel_maps.h"
#include "ui/model/mat_image.h"

namespace poolscope::ui {

ValueRange sharedRange(ValueRange a, ValueRange b)
{
    const bool aEmpty = a.lo == 0.f && a.hi == 0.f, bEmpty = b.lo == 0.f && b.hi == 0.f;
    if (aEmpty)
        return b;
    if (bEmpty)
        return a;
    return {std::min(a.lo, b.lo), std::max(a.hi, b.hi)};
}

cv::Mat shrunkPlane(const cv::Mat& plane)
{
    if (plane.empty())
        return {};
    const int longer = std::max(plane.rows, plane.cols);
    if (longer <= kThumbnailSide)
        return plane.clone();
    const double f = double(kThumbnailSide) / longer;
    const cv::Size target(std::max(1, int(plane.cols * f + 0.5)), std::max(1, int(plane.rows * f + 0.5)));
    // Halve while the picture stays at least the target's size (cheap: one pass
    // of 2 x 2 means), then one area shrink to the size.
    cv::Mat m = plane;
    while (m.cols / 2 >= target.width && m.rows / 2 >= target.height)
        m = halve(m);
    const cv::Mat out = areaShrink(m, target);
    return out;
}

ChannelImages colorizePair(ConstPlaneView input, ConstPlaneView output, ValueRange inputRange,
                           ValueRange outputRange)
{
    ChannelImages out;
    out.range = sharedRange(inputRange, outputRange);
    out.map = auto_colormap(out.range);
    out.input = colorizedPlane(input, out.range, out.map);
    out.output = colorizedPlane(output, out.range, out.map);
    out.inputHalvings = halvings(out.input);
    out.outputHalvings = halvings(out.output);
    return out;
}

ChannelThumbnail makeThumbnail(const cv::Mat& shrunkInput, const cv::Mat& shrunkOutput, ValueRange inputRange,
                               ValueRange outputRange)
{
    ChannelThumbnail t;
    t.inputRange = inputRange;
    t.outputRange = outputRange;
    t.range = sharedRange(inputRange, outputRange);
    t.map = auto_colormap(t.range);
    t.input = colorizedPlane(shrunkInput, t.range, t.map);
    t.output = colorizedPlane(shrunkOutput, t.range, t.map);
    t.inputHalvings = halvings(t.input, 16);
    t.outputHalvings = halvings(t.output, 16);
    return t;
}

ChannelImages colorizeChannel(const PipelineResult& r, int channel)
{
    return makeChannelMaps(r, channel).images;
}

} // namespace poolscope::ui
