#include "ui/export/animation_export.h"

#include <algorithm>
#include <cmath>

#include <QCoreApplication>
#include <QElapsedTimer>

namespace poolscope::ui {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("AnimationExport", text);
}

// Rendering slices stay short so input events are handled between them.
constexpr qint64 kSliceMs = 25;
// Frames rendered ahead of the encoder: enough to keep both threads busy,
// few enough that a large frame size does not hold much memory.
constexpr std::size_t kQueuedFrames = 4;
// Frames sampled over the animation for the GIF palette.
constexpr int kPaletteSamples = 8;
constexpr int kMaxFramesPerStep = 30;

} // namespace

int animationFrameCount(const AnimationExportOptions& options)
{
    if (options.lastStep < options.firstStep || options.framesPerStep < 1) {
        return 0;
    }
    return (options.lastStep - options.firstStep) * options.framesPerStep + 1;
}

double animationFramePosition(const AnimationExportOptions& options, int frame)
{
    return options.firstStep + double(frame) / options.framesPerStep;
}

QString validateAnimationOptions(const AnimationExportOptions& options, int stepCount)
{
    const auto format = animationFormatForPath(options.path);
    if (!format) {
        return tr("Choose a file name ending in .mp4 or .gif");
    }
    if (stepCount <= 0) {
        return tr("There is nothing to animate yet");
    }
    if (options.firstStep < 0 || options.lastStep >= stepCount || options.firstStep > options.lastStep) {
        return tr("The steps must lie between 1 and %1, the first not after the last").arg(stepCount);
    }
    if (options.framesPerStep < 1 || options.framesPerStep > kMaxFramesPerStep) {
        return tr("Frames per step must be between 1 and %1").arg(kMaxFramesPerStep);
    }
    const double maxFps = maxAnimationFps(*format);
    if (!(options.fps >= 1 && options.fps <= maxFps)) {
        return tr("The frame rate of a %1 must be between 1 and %2 frames per second")
            .arg(animationSuffix(*format).toUpper())
            .arg(maxFps);
    }
    return {};
}

AnimationExport::AnimationExport(FrameSource source, QObject* parent)
    : QObject(parent), source_(std::move(source))
{
    timer_.setSingleShot(true);
    connect(&timer_, &QTimer::timeout, this, &AnimationExport::tick);
}

AnimationExport::~AnimationExport()
{
    if (running_) {
        stopWorker();
        encoder_->discard();
        encoder_.reset();
    }
}

bool AnimationExport::start(const AnimationExportOptions& options, int stepCount, QString* error)
{
    const auto fail = [&](const QString& message) {
        if (error != nullptr) {
            *error = message;
        }
        return false;
    };
    if (running_) {
        return fail(tr("An animation is already being exported"));
    }
    if (const QString problem = validateAnimationOptions(options, stepCount); !problem.isEmpty()) {
        return fail(problem);
    }
    QString message;
    auto encoder = makeFrameEncoder(*animationFormatForPath(options.path), options.fps);
    if (!checkOverwrite(options.path, options.overwrite, &message) ||
        !encoder->create(options.path, &message)) {
        return fail(message);
    }

    options_ = options;
    format_ = *animationFormatForPath(options.path);
    total_ = animationFrameCount(options);
    encoder_ = std::move(encoder);
    size_ = {};
    samples_.clear();
    sampleFrames_.clear();
    if (encoder_->wantsSamples()) {
        const int count = std::min(kPaletteSamples, total_);
        for (int i = 0; i < count; ++i) {
            const int frame = count == 1 ? 0 : int(std::lround(double(i) * (total_ - 1) / (count - 1)));
            if (sampleFrames_.empty() || sampleFrames_.back() != frame) {
                sampleFrames_.push_back(frame);
            }
        }
    }
    nextFrame_ = 0;
    reported_ = -1;
    queue_.clear();
    endOfFrames_ = false;
    stop_ = false;
    workerError_.clear();
    encoded_ = 0;
    workerDone_ = false;
    workerFailed_ = false;
    running_ = true;
    timer_.start(0);
    return true;
}

void AnimationExport::cancel()
{
    if (!running_) {
        return;
    }
    stopWorker();
    finish(Outcome::Cancelled, {});
}

QImage AnimationExport::renderFrame(int frame, QString* error)
{
    QImage image = source_ ? source_(animationFramePosition(options_, frame)) : QImage();
    if (image.isNull()) {
        *error = tr("Frame %1 could not be drawn").arg(frame + 1);
        return {};
    }
    if (size_.isEmpty()) {
        size_ = encodableSize(format_, image.size());
        if (size_.isEmpty()) {
            *error = tr("The frames of %1 x %2 pixels are too small").arg(image.width()).arg(image.height());
            return {};
        }
    }
    if (image.size() != size_) {
        // MP4 needs even sizes: drop the odd last row/column rather than resample.
        const QSize extra = image.size() - size_;
        image = extra.width() >= 0 && extra.width() <= 1 && extra.height() >= 0 && extra.height() <= 1
                    ? image.copy(QRect(QPoint(0, 0), size_))
                    : image.scaled(size_, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    }
    return image.convertToFormat(QImage::Format_RGB888);
}

void AnimationExport::tick()
{
    if (!running_) {
        return;
    }
    QElapsedTimer slice;
    slice.start();
    QString error;
    const auto renderFailed = [&] {
        stopWorker();
        finish(Outcome::Failed, error);
    };

    while (samples_.size() < sampleFrames_.size() && slice.elapsed() < kSliceMs) {
        QImage sample = renderFrame(sampleFrames_[samples_.size()], &error);
        if (sample.isNull()) {
            return renderFailed();
        }
        samples_.push_back(std::move(sample));
    }
    bool queueFull = false;
    if (samples_.size() == sampleFrames_.size()) {
        while (nextFrame_ < total_ && slice.elapsed() < kSliceMs) {
            {
                const std::lock_guard lock(mutex_);
                queueFull = queue_.size() >= kQueuedFrames;
            }
            if (queueFull) {
                break;
            }
            QImage frame = renderFrame(nextFrame_, &error);
            if (frame.isNull()) {
                return renderFailed();
            }
            if (!worker_.joinable()) {
                startWorker();
            }
            {
                const std::lock_guard lock(mutex_);
                queue_.push_back(std::move(frame));
                endOfFrames_ = ++nextFrame_ == total_;
            }
            wake_.notify_one();
        }
    }

    if (const int done = encoded_; done != reported_) {
        reported_ = done;
        emit progress(done, total_);
        if (!running_) {
            return; // a receiver cancelled
        }
    }
    if (workerDone_) {
        stopWorker();
        if (workerFailed_) {
            return finish(Outcome::Failed, workerError_);
        }
        if (!encoder_->commit(options_.overwrite, &error)) {
            return finish(Outcome::Failed, error);
        }
        return finish(Outcome::Finished, options_.path);
    }
    // Poll gently while the encoder catches up; go on at once when there is rendering to do.
    const bool canRender = nextFrame_ < total_ && !queueFull;
    timer_.start(canRender ? 0 : 5);
}

void AnimationExport::startWorker()
{
    worker_ = std::thread([this] { encodeLoop(); });
}

void AnimationExport::encodeLoop()
{
    QString error;
    bool ok = encoder_->open(size_, samples_, &error);
    while (ok) {
        QImage frame;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stop_ || !queue_.empty() || endOfFrames_; });
            if (stop_) {
                return;
            }
            if (queue_.empty()) {
                break; // every frame is in
            }
            frame = std::move(queue_.front());
            queue_.pop_front();
        }
        ok = encoder_->addFrame(frame, &error);
        if (ok) {
            ++encoded_;
        }
    }
    if (ok) {
        ok = encoder_->close(&error);
    }
    if (!ok) {
        const std::lock_guard lock(mutex_);
        workerError_ = error;
        workerFailed_ = true;
    }
    workerDone_ = true;
}

void AnimationExport::stopWorker()
{
    {
        const std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) {
        worker_.join();
    }
}

void AnimationExport::finish(Outcome outcome, const QString& message)
{
    timer_.stop();
    running_ = false;
    if (encoder_ && outcome != Outcome::Finished) {
        encoder_->discard(); // closes what is still open, then removes it
    }
    encoder_.reset();
    {
        const std::lock_guard lock(mutex_);
        queue_.clear();
    }
    samples_.clear();
    emit finished(outcome, message);
}

} // namespace poolscope::ui
