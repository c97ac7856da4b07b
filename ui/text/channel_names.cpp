#include "ui/text/channel_names.h"

#include "core/spec/conv_spec.h"
#include "ui/model/session.h"

namespace poolscope::ui {

QString channelName(const PipelineResult& r, int channel)
{
    if (r.convEnabled) {
        if (r.conv.custom)
            return QStringLiteral("custom");
        if (r.conv.presets.empty())
            return QStringLiteral("filter %1").arg(channel);
        const std::string_view name = kernel_preset_name(r.conv.presets[channel % r.conv.presets.size()]);
        return QString::fromUtf8(name.data(), qsizetype(name.size()));
    }
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
