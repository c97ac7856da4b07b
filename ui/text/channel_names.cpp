#include "ui/text/channel_names.h"

#include "core/conv/conv_ops.h"
#include "ui/model/session.h"

namespace poolscope::ui {

QString channelName(const PipelineResult& r, int channel)
{
    if (r.convEnabled)
        return QString::fromStdString(
            conv_channel_filter_name(r.conv, channel)); // the core's, one per channel
    const int channels = r.channels();
    if (channels == 1)
        return QStringLiteral("gray");
    if (channels == 3 && channel >= 0 && channel < 3) {
        static const char* const rgb[] = {"red", "green", "blue"};
        return QString::fromLatin1(rgb[channel]);
    }
    return QStringLiteral("channel %1").arg(channel);
}

} // namespace poolscope::ui
