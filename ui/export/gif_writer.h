#pragma once
// Streams an endlessly looping animated GIF (GIF89a) through giflib, one frame
// at a time, with one global palette (see GifPalette). Each frame after the
// first stores only the rectangle that changed, which keeps animations of a
// moving window small. giflib writes through a callback into a QSaveFile, so
// failures carry the OS reason and the file appears only when complete.
#include <cstdint>
#include <vector>

#include <QImage>
#include <QSaveFile>
#include <QSize>
#include <QString>

#include "ui/export/atomic_output.h"
#include "ui/export/gif_palette.h"

struct GifFileType;

namespace poolscope::ui {

class GifWriter {
public:
    GifWriter() = default;
    GifWriter(const GifWriter&) = delete;
    GifWriter& operator=(const GifWriter&) = delete;
    // An unfinished or uncommitted file is discarded: nothing is left behind.
    ~GifWriter();

    // create() + begin(): a file that replaces path (when there is one) once closed.
    bool open(const QString& path, QSize size, GifPalette palette, QString* error);
    // Starts writing path; nothing appears there before commit(). Fails at once,
    // with the OS's reason, where the folder refuses the file.
    bool create(const QString& path, QString* error);
    // Writes the header, the palette and the loop extension.
    bool begin(QSize size, GifPalette palette, QString* error);
    // frame must have the size given to begin(); delay in 1/100 s (GIF's unit).
    bool addFrame(const QImage& frame, int delayCentiseconds, QString* error);
    // finish() + commit(Overwrite::Allow).
    bool close(QString* error);
    // Writes the trailer; the file is complete but not in place yet.
    bool finish(QString* error);
    // Puts the file in place (see commitSaved()).
    bool commit(Overwrite overwrite, QString* error);
    // Drops what was written; the target stays as it was.
    void discard();

    bool isOpen() const { return gif_ != nullptr; }
    int frameCount() const { return frames_; }

private:
    static int writeBytes(GifFileType* gif, const std::uint8_t* bytes, int length);
    bool fail(int gifError, QString* error);
    void closeGif();

    QSaveFile file_;
    GifFileType* gif_ = nullptr;
    GifPalette palette_;
    QSize size_;
    std::vector<std::uint8_t> previous_, current_;
    int frames_ = 0;
};

} // namespace poolscope::ui
