#pragma once
// Streams an endlessly looping animated GIF (GIF89a) through giflib, one frame
// at a time, with one global palette (see GifPalette). Each frame after the
// first stores only the rectangle that changed, which keeps animations of a
// moving window small. Writes go through a QFile so failures carry the OS reason.
#include <cstdint>
#include <vector>

#include <QFile>
#include <QImage>
#include <QSize>
#include <QString>

#include "ui/export/gif_palette.h"

struct GifFileType;

namespace poolscope::ui {

class GifWriter {
public:
    GifWriter() = default;
    GifWriter(const GifWriter&) = delete;
    GifWriter& operator=(const GifWriter&) = delete;
    // Closes a file still open without checking: an unfinished file is the caller's to remove.
    ~GifWriter();

    // Creates (truncates) path and writes the header, the palette and the loop extension.
    bool open(const QString& path, QSize size, GifPalette palette, QString* error);
    // frame must have the size given to open(); delay in 1/100 s (GIF's unit).
    bool addFrame(const QImage& frame, int delayCentiseconds, QString* error);
    // Writes the trailer and closes the file.
    bool close(QString* error);

    bool isOpen() const { return gif_ != nullptr; }
    int frameCount() const { return frames_; }

private:
    static int writeBytes(GifFileType* gif, const std::uint8_t* bytes, int length);
    bool fail(int gifError, QString* error);

    QFile file_;
    GifFileType* gif_ = nullptr;
    GifPalette palette_;
    QSize size_;
    std::vector<std::uint8_t> previous_, current_;
    int frames_ = 0;
};

} // namespace poolscope::ui
