#pragma once
// What a class calls a channel: the filter that made it ("sobel-y") or, without
// a convolution, the colour it carries.
#include <QString>

namespace poolscope::ui {

struct PipelineResult;

// Short name of channel c of the pool input, e.g. "sobel-y", "red", "gray".
QString channelName(const PipelineResult& r, int channel);

} // namespace poolscope::ui
