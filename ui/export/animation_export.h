#pragma once
// Renders the animation of a step range frame by frame and encodes it to .mp4
// or .gif. Frames are rendered on the GUI thread in time-boxed slices (the
// renderer paints widgets' state), and encoded on a worker thread, so the
// window stays responsive. The file appears only when complete (see
// FrameEncoder: a QSaveFile for GIF, a temporary renamed into place for MP4);
// cancel and errors leave nothing behind.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <QImage>
#include <QObject>
#include <QString>
#include <QTimer>

#include "ui/export/atomic_output.h"
#include "ui/export/frame_encoder.h"

namespace poolscope::ui {

struct AnimationExportOptions {
    QString path;          // .mp4 or .gif
    int firstStep = 0;     // inclusive, 0-based
    int lastStep = 0;      // inclusive
    int framesPerStep = 1; // > 1 adds in-between frames (the window glides)
    double fps = 10;       // frames per second of the file
    Overwrite overwrite = Overwrite::Refuse;
};

// Frames: positions firstStep + i / framesPerStep, up to and including lastStep.
int animationFrameCount(const AnimationExportOptions& options);
double animationFramePosition(const AnimationExportOptions& options, int frame);
// Empty when the options can be exported; else one line saying what is wrong.
QString validateAnimationOptions(const AnimationExportOptions& options, int stepCount);

// Paints the stage at an animation position (StageView::renderFrame bound to a size).
using FrameSource = std::function<QImage(double position)>;

class AnimationExport : public QObject {
    Q_OBJECT
public:
    enum class Outcome { Finished, Cancelled, Failed };
    Q_ENUM(Outcome)

    explicit AnimationExport(FrameSource source, QObject* parent = nullptr);
    ~AnimationExport() override; // cancels a running export

    // Checks the options and starts; the work runs from the event loop.
    // stepCount bounds the range (the session's steps). False + *error when it cannot start.
    bool start(const AnimationExportOptions& options, int stepCount, QString* error);
    bool isRunning() const { return running_; }
    int totalFrames() const { return total_; }

public slots:
    // Stops, removes the unfinished file and emits finished(Cancelled).
    void cancel();

signals:
    void progress(int framesDone, int totalFrames);
    // Finished: message is the written path; Failed: the reason; Cancelled: empty.
    void finished(poolscope::ui::AnimationExport::Outcome outcome, const QString& message);

private:
    void tick();
    QImage renderFrame(int frame, QString* error);
    void startWorker();
    void encodeLoop();
    void stopWorker();
    void finish(Outcome outcome, const QString& message);

    FrameSource source_;
    AnimationExportOptions options_;
    AnimationFormat format_ = AnimationFormat::Mp4;
    QTimer timer_;
    bool running_ = false;
    int total_ = 0;
    QSize size_;
    std::vector<int> sampleFrames_;
    std::vector<QImage> samples_;
    int nextFrame_ = 0;
    int reported_ = -1;

    // Shared with the encoding thread (guarded by mutex_ unless atomic).
    std::unique_ptr<FrameEncoder> encoder_;
    std::thread worker_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<QImage> queue_;
    bool endOfFrames_ = false;
    bool stop_ = false;
    QString workerError_;
    std::atomic<int> encoded_{0};
    std::atomic<bool> workerDone_{false};
    std::atomic<bool> workerFailed_{false};
};

} // namespace poolscope::ui
