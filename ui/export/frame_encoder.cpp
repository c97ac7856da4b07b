#include "ui/export/frame_encoder.h"

#include <cmath>
#include <memory>

#include <QFileInfo>

#include "ui/export/gif_palette.h"
#include "ui/export/gif_writer.h"
#include "ui/export/mp4_writer.h"

namespace poolscope::ui {
namespace {

// OpenCV's VideoWriter needs a path: the frames go to a hidden temporary file
// beside the target, renamed onto it when complete.
class Mp4Encoder final : public FrameEncoder {
public:
    explicit Mp4Encoder(double fps) : fps_(fps) {}
    bool wantsSamples() const override { return false; }
    bool create(const QString& target, QString* error) override { return output_.create(target, error); }
    bool open(QSize size, const std::vector<QImage>&, QString* error) override
    {
        writer_ = std::make_unique<Mp4Writer>();
        return writer_->open(output_.tempPath(), size, fps_, error);
    }
    bool addFrame(const QImage& frame, QString* error) override { return writer_->addFrame(frame, error); }
    bool close(QString* error) override { return writer_->close(error); }
    bool commit(Overwrite overwrite, QString* error) override
    {
        writer_.reset();
        return output_.commit(overwrite, error);
    }
    void discard() override
    {
        writer_.reset(); // the video is closed before its file goes
        output_.discard();
    }

private:
    double fps_;
    AtomicOutput output_;
    std::unique_ptr<Mp4Writer> writer_;
};

// giflib writes through a callback: straight into a QSaveFile.
class GifEncoder final : public FrameEncoder {
public:
    explicit GifEncoder(double fps) : fps_(fps) {}
    bool wantsSamples() const override { return true; }
    bool create(const QString& target, QString* error) override { return writer_.create(target, error); }
    bool open(QSize size, const std::vector<QImage>& samples, QString* error) override
    {
        return writer_.begin(size, GifPalette::fromImages(samples), error);
    }
    bool addFrame(const QImage& frame, QString* error) override
    {
        // Delays are whole centiseconds: take each frame's share of the rounded
        // running time, so 30 fps plays as 3, 3, 4, ... and does not drift.
        const int delay = int(std::lround((frame_ + 1) * 100.0 / fps_) - std::lround(frame_ * 100.0 / fps_));
        ++frame_;
        return writer_.addFrame(frame, delay, error);
    }
    bool close(QString* error) override { return writer_.finish(error); }
    bool commit(Overwrite overwrite, QString* error) override { return writer_.commit(overwrite, error); }
    void discard() override { writer_.discard(); }

private:
    double fps_;
    long long frame_ = 0;
    GifWriter writer_;
};

} // namespace

std::optional<AnimationFormat> animationFormatForPath(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("mp4")) {
        return AnimationFormat::Mp4;
    }
    if (suffix == QLatin1String("gif")) {
        return AnimationFormat::Gif;
    }
    return std::nullopt;
}

QString animationSuffix(AnimationFormat format)
{
    return format == AnimationFormat::Gif ? QStringLiteral("gif") : QStringLiteral("mp4");
}

double maxAnimationFps(AnimationFormat format)
{
    return format == AnimationFormat::Gif ? 50.0 : 60.0;
}

QSize encodableSize(AnimationFormat format, QSize size)
{
    if (format == AnimationFormat::Mp4) {
        return {size.width() & ~1, size.height() & ~1};
    }
    return size;
}

std::unique_ptr<FrameEncoder> makeFrameEncoder(AnimationFormat format, double fps)
{
    if (format == AnimationFormat::Gif) {
        return std::make_unique<GifEncoder>(fps);
    }
    return std::make_unique<Mp4Encoder>(fps);
}

} // namespace poolscope::ui
