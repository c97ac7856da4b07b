#pragma once
// Streams frames into an .mp4 through OpenCV's FFmpeg backend: H.264 ('avc1')
// when the FFmpeg build has an encoder for it (every browser and player shows
// it), else MPEG-4 Part 2 ('mp4v'). Frames are RGB QImages; the writer
// converts them to the BGR order OpenCV expects.
#include <QImage>
#include <QSize>
#include <QString>

#include <opencv2/videoio.hpp>

namespace poolscope::ui {

class Mp4Writer {
public:
    // Width and height must be even (4:2:0 chroma subsampling halves both).
    bool open(const QString& path, QSize size, double fps, QString* error);
    bool addFrame(const QImage& frame, QString* error);
    // Finishes the file; checks that every frame reached it.
    bool close(QString* error);

    bool isOpen() const { return writer_.isOpened(); }
    int frameCount() const { return frames_; }

private:
    cv::VideoWriter writer_;
    QString path_;
    QSize size_;
    int frames_ = 0;
};

} // namespace poolscope::ui
