#pragma once
// One interface over the animation file formats, so the export pipeline does
// not care whether it writes a video or a GIF.
#include <memory>
#include <optional>
#include <vector>

#include <QImage>
#include <QSize>
#include <QString>

namespace poolscope::ui {

enum class AnimationFormat { Mp4, Gif };

// By extension (.mp4, .gif; case-insensitive); nullopt for anything else.
std::optional<AnimationFormat> animationFormatForPath(const QString& path);
QString animationSuffix(AnimationFormat format); // "mp4", "gif"
// The highest frame rate a format plays faithfully (GIF delays are whole 1/100 s,
// and players slow down delays under 2/100 s).
double maxAnimationFps(AnimationFormat format);
// Frame size a format accepts, at most `size` (MP4: even width and height).
QSize encodableSize(AnimationFormat format, QSize size);

class FrameEncoder {
public:
    virtual ~FrameEncoder() = default;
    // Whether open() wants sample frames spread over the animation (GIF palette).
    virtual bool wantsSamples() const = 0;
    virtual bool open(const QString& path, QSize size, const std::vector<QImage>& samples,
                      QString* error) = 0;
    virtual bool addFrame(const QImage& frame, QString* error) = 0;
    virtual bool close(QString* error) = 0;
};

std::unique_ptr<FrameEncoder> makeFrameEncoder(AnimationFormat format, double fps);

} // namespace poolscope::ui
