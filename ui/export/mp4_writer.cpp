#include "ui/export/mp4_writer.h"

#include <cerrno>
#include <cstring>

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QStorageInfo>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace poolscope::ui {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Mp4Writer", text);
}

} // namespace

bool Mp4Writer::open(const QString& path, QSize size, double fps, QString* error)
{
    const auto fail = [&](const QString& reason) {
        if (error != nullptr) {
            *error = tr("Cannot write %1: %2").arg(path, reason);
        }
        return false;
    };
    if (size.isEmpty() || size.width() % 2 != 0 || size.height() % 2 != 0) {
        return fail(tr("video frames need an even width and height, not %1 x %2")
                        .arg(size.width())
                        .arg(size.height()));
    }
    if (!(fps > 0)) {
        return fail(tr("the frame rate must be positive"));
    }
    // OpenCV does not say why a file cannot be created: ask the file system first.
    {
        QFile probe(path);
        if (!probe.open(QIODevice::WriteOnly)) {
            return fail(probe.errorString());
        }
    }
    const std::string file = QFile::encodeName(path).toStdString();
    for (const char* fourcc : {"avc1", "mp4v"}) {
        if (writer_.open(file, cv::CAP_FFMPEG,
                         cv::VideoWriter::fourcc(fourcc[0], fourcc[1], fourcc[2], fourcc[3]), fps,
                         cv::Size(size.width(), size.height()), true)) {
            path_ = path;
            size_ = size;
            frames_ = 0;
            return true;
        }
    }
    return fail(tr("no MP4 video encoder is available"));
}

bool Mp4Writer::addFrame(const QImage& frame, QString* error)
{
    if (!writer_.isOpened() || frame.size() != size_) {
        if (error != nullptr) {
            *error = writer_.isOpened() ? tr("Frame of %1 x %2 pixels in a video of %3 x %4")
                                              .arg(frame.width())
                                              .arg(frame.height())
                                              .arg(size_.width())
                                              .arg(size_.height())
                                        : tr("The video file is not open");
        }
        return false;
    }
    const QImage rgb = frame.convertToFormat(QImage::Format_RGB888);
    const cv::Mat view(rgb.height(), rgb.width(), CV_8UC3, const_cast<uchar*>(rgb.constBits()),
                       std::size_t(rgb.bytesPerLine()));
    cv::Mat bgr;
    cv::cvtColor(view, bgr, cv::COLOR_RGB2BGR);
    writer_.write(bgr);
    ++frames_;
    return true;
}

bool Mp4Writer::close(QString* error)
{
    if (!writer_.isOpened()) {
        if (error != nullptr) {
            *error = tr("The video file is not open");
        }
        return false;
    }
    writer_.release();
    // The writer reports no I/O errors: read the container back to see that
    // every frame is in it (a full disk truncates the file silently).
    cv::VideoCapture check(QFile::encodeName(path_).toStdString(), cv::CAP_FFMPEG);
    const int stored = check.isOpened() ? int(check.get(cv::CAP_PROP_FRAME_COUNT)) : -1;
    if (stored == frames_) {
        return true;
    }
    if (error != nullptr) {
        const QStorageInfo storage(QFileInfo(path_).absolutePath());
        const QString reason =
            storage.isValid() && storage.bytesAvailable() == 0
                ? QString::fromLocal8Bit(std::strerror(ENOSPC))
                : tr("the video holds %1 of %2 frames").arg(std::max(stored, 0)).arg(frames_);
        *error = tr("Cannot write %1: %2").arg(path_, reason);
    }
    return false;
}

} // namespace poolscope::ui
