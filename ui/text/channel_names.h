#pragma once
// What a class calls a channel: the filter that made it ("sobel-y") or, without
// a convolution, the colour it carries.
#include <QString>

namespace poolscope::ui {

struct PipelineResult;

// Short name of channel c of the pool input, e.g. "sobel-y", "gabor 45°", "red",
// "gray": every channel of a convolution has its own filter and name.
QString channelName(const PipelineResult& r, int channel);

} // namespace poolscope::ui
