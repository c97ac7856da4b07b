#include "ui/map_images.h"

#include <algorithm>

#include "ui/mat_image.h"
#include "ui/session.h"

namespace poolscope::ui {

ChannelImages colorizeChannel(const PipelineResult& r, int channel)
{
    ChannelImages out;
    const cv::Mat in = r.poolInput.plane(channel);
    const cv::Mat pooled = r.pooled.output.plane(channel);
    const ValueRange a = value_range(in);
    const ValueRange b = value_range(pooled);
    // value_range() gives {0,0} for a plane with nothing finite: ignore it then.
    const bool aEmpty = a.lo == 0.f && a.hi == 0.f, bEmpty = b.lo == 0.f && b.hi == 0.f;
    if (aEmpty)
        out.range = b;
    else if (bEmpty)
        out.range = a;
    else
        out.range = {std::min(a.lo, b.lo), std::max(a.hi, b.hi)};
    out.map = auto_colormap(out.range);
    out.input = colorizedPlane(in, out.range, out.map);
    out.output = colorizedPlane(pooled, out.range, out.map);
    return out;
}

const ChannelImages& ChannelImageCache::get(const std::shared_ptr<const PipelineResult>& r, int channel)
{
    if (!r || r->generation != generation_ || r != result_) {
        images_.clear();
        result_ = r;
        generation_ = r ? r->generation : 0;
    }
    auto it = images_.find(channel);
    if (it == images_.end())
        it = images_.emplace(channel, r ? colorizeChannel(*r, channel) : ChannelImages{}).first;
    return it->second;
}

} // namespace poolscope::ui
