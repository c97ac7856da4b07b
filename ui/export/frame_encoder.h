#pragma once
// One interface over the animation file formats, so the export pipeline does
// not care whether it writes a video or a GIF.
#include <memory>
#include <optional>
#include <vector>

#include <QImage>
#include <QSize>
#include <QString>

#include "ui/export/atomic_output.h"

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

// The file appears only when complete: create() claims it (a folder that refuses
// it fails at once), the frames go to a hidden temporary, commit() puts it in
// place. Destroyed uncommitted, or after discard(), it leaves nothing behind.
// Every call but create(), commit() and discard() may run on another thread than
// those three, one call at a time.
class FrameEncoder {
public:
    virtual ~FrameEncoder() = default;
    // Whether open() wants sample frames spread over the animation (GIF palette).
    virtual bool wantsSamples() const = 0;
    virtual bool create(const QString& target, QString* error) = 0;
    virtual bool open(QSize size, const std::vector<QImage>& samples, QString* error) = 0;
    virtual bool addFrame(const QImage& frame, QString* error) = 0;
    // Writes the end of the file; it is complete but not in place yet.
    virtual bool close(QString* error) = 0;
    // Puts the complete file at the target, replacing a file there only with Overwrite::Allow.
    virtual bool commit(Overwrite overwrite, QString* error) = 0;
    virtual void discard() = 0;
};

std::unique_ptr<FrameEncoder> makeFrameEncoder(AnimationFormat format, double fps);

} // namespace poolscope::ui
