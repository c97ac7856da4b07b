#include "ui/export/gif_writer.h"

#include <algorithm>
#include <array>
#include <memory>

#include <QCoreApplication>

#include <gif_lib.h>

namespace poolscope::ui {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("GifWriter", text);
}

// GIF colour tables hold a power of two entries, at least 2.
int tableBits(int colours)
{
    int bits = 1;
    while ((1 << bits) < colours) {
        ++bits;
    }
    return bits;
}

struct ColorMapDeleter {
    void operator()(ColorMapObject* map) const { GifFreeMapObject(map); }
};

} // namespace

GifWriter::~GifWriter()
{
    discard();
}

void GifWriter::closeGif()
{
    if (gif_ != nullptr) {
        int ignored = 0;
        EGifCloseFile(gif_, &ignored);
        gif_ = nullptr;
    }
}

void GifWriter::discard()
{
    closeGif();
    if (file_.isOpen()) {
        file_.cancelWriting();
        file_.commit(); // with the writing cancelled: removes the temporary
    }
}

int GifWriter::writeBytes(GifFileType* gif, const std::uint8_t* bytes, int length)
{
    auto* file = static_cast<QSaveFile*>(gif->UserData);
    return int(file->write(reinterpret_cast<const char*>(bytes), length));
}

bool GifWriter::fail(int gifError, QString* error)
{
    if (error != nullptr) {
        // A failed write is the file's fault: its error string has the OS reason.
        *error = file_.error() != QFileDevice::NoError
                     ? tr("Cannot write %1: %2").arg(file_.fileName(), writeFailure(file_, file_.fileName()))
                     : tr("Cannot write %1: %2")
                           .arg(file_.fileName(), QString::fromUtf8(GifErrorString(gifError)));
    }
    discard();
    return false;
}

bool GifWriter::open(const QString& path, QSize size, GifPalette palette, QString* error)
{
    return create(path, error) && begin(size, std::move(palette), error);
}

bool GifWriter::create(const QString& path, QString* error)
{
    discard();
    return openSaved(file_, path, error);
}

bool GifWriter::begin(QSize size, GifPalette palette, QString* error)
{
    if (!file_.isOpen() || gif_ != nullptr) {
        if (error != nullptr) {
            *error = tr("The GIF file is not ready for a header");
        }
        return false;
    }
    if (size.isEmpty() || size.width() > 0xffff || size.height() > 0xffff || palette.size() == 0) {
        if (error != nullptr) {
            *error = tr("Cannot write %1: a GIF frame must be 1 to 65535 pixels wide and high")
                         .arg(file_.fileName());
        }
        discard();
        return false;
    }
    int gifError = 0;
    gif_ = EGifOpen(&file_, &GifWriter::writeBytes, &gifError);
    if (gif_ == nullptr) {
        return fail(gifError, error);
    }
    palette_ = std::move(palette);
    size_ = size;
    frames_ = 0;
    previous_.clear();

    const int bits = tableBits(std::max(2, palette_.size()));
    std::unique_ptr<ColorMapObject, ColorMapDeleter> map(GifMakeMapObject(1 << bits, nullptr));
    if (!map) {
        return fail(E_GIF_ERR_NOT_ENOUGH_MEM, error);
    }
    for (int i = 0; i < (1 << bits); ++i) {
        const QRgb c = i < palette_.size() ? palette_.colors()[std::size_t(i)] : qRgb(0, 0, 0);
        map->Colors[i] = {GifByteType(qRed(c)), GifByteType(qGreen(c)), GifByteType(qBlue(c))};
    }
    EGifSetGifVersion(gif_, true);
    if (EGifPutScreenDesc(gif_, size.width(), size.height(), bits, 0, map.get()) == GIF_ERROR) {
        return fail(gif_->Error, error);
    }
    // NETSCAPE2.0 application extension: loop count 0 = forever.
    static constexpr char kNetscape[] = "NETSCAPE2.0";
    static constexpr std::array<GifByteType, 3> kLoopForever{1, 0, 0};
    if (EGifPutExtensionLeader(gif_, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(gif_, 11, kNetscape) == GIF_ERROR ||
        EGifPutExtensionBlock(gif_, int(kLoopForever.size()), kLoopForever.data()) == GIF_ERROR ||
        EGifPutExtensionTrailer(gif_) == GIF_ERROR) {
        return fail(gif_->Error, error);
    }
    return true;
}

bool GifWriter::addFrame(const QImage& frame, int delayCentiseconds, QString* error)
{
    if (gif_ == nullptr) {
        if (error != nullptr) {
            *error = tr("The GIF file is not open");
        }
        return false;
    }
    if (frame.size() != size_) {
        if (error != nullptr) {
            *error = tr("Frame of %1 x %2 pixels in a GIF of %3 x %4")
                         .arg(frame.width())
                         .arg(frame.height())
                         .arg(size_.width())
                         .arg(size_.height());
        }
        return false;
    }
    palette_.indexImage(frame, current_);
    const int w = size_.width(), h = size_.height();

    // Only the rectangle that differs from the previous frame; the rest stays
    // on screen (disposal "do not dispose").
    int left = 0, top = 0, right = w - 1, bottom = h - 1;
    if (!previous_.empty()) {
        left = w;
        top = h;
        right = -1;
        bottom = -1;
        for (int y = 0; y < h; ++y) {
            const std::uint8_t* a = current_.data() + std::size_t(y) * std::size_t(w);
            const std::uint8_t* b = previous_.data() + std::size_t(y) * std::size_t(w);
            const auto mismatch = std::mismatch(a, a + w, b);
            if (mismatch.first == a + w) {
                continue;
            }
            int last = w - 1;
            while (a[last] == b[last]) {
                --last;
            }
            left = std::min(left, int(mismatch.first - a));
            right = std::max(right, last);
            top = std::min(top, y);
            bottom = y;
        }
        if (right < 0) { // unchanged: one pixel keeps the frame and its delay
            left = top = right = bottom = 0;
        }
    }

    GraphicsControlBlock gcb{};
    gcb.DisposalMode = DISPOSE_DO_NOT;
    gcb.UserInputFlag = false;
    gcb.DelayTime = std::clamp(delayCentiseconds, 0, 0xffff);
    gcb.TransparentColor = NO_TRANSPARENT_COLOR;
    std::array<GifByteType, 4> extension{};
    EGifGCBToExtension(&gcb, extension.data());
    if (EGifPutExtension(gif_, GRAPHICS_EXT_FUNC_CODE, int(extension.size()), extension.data()) ==
            GIF_ERROR ||
        EGifPutImageDesc(gif_, left, top, right - left + 1, bottom - top + 1, false, nullptr) == GIF_ERROR) {
        return fail(gif_->Error, error);
    }
    for (int y = top; y <= bottom; ++y) {
        GifPixelType* line = current_.data() + std::size_t(y) * std::size_t(w) + std::size_t(left);
        if (EGifPutLine(gif_, line, right - left + 1) == GIF_ERROR) {
            return fail(gif_->Error, error);
        }
    }
    std::swap(previous_, current_);
    ++frames_;
    return true;
}

bool GifWriter::close(QString* error)
{
    return finish(error) && commit(Overwrite::Allow, error);
}

bool GifWriter::finish(QString* error)
{
    if (gif_ == nullptr) {
        if (error != nullptr) {
            *error = tr("The GIF file is not open");
        }
        return false;
    }
    int gifError = 0;
    const int status = EGifCloseFile(gif_, &gifError); // writes the trailer, frees gif_
    gif_ = nullptr;
    if (status == GIF_ERROR || file_.error() != QFileDevice::NoError || !file_.flush()) {
        return fail(gifError, error);
    }
    return true;
}

bool GifWriter::commit(Overwrite overwrite, QString* error)
{
    if (gif_ != nullptr || !file_.isOpen()) {
        if (error != nullptr) {
            *error = tr("The GIF file is not finished");
        }
        discard();
        return false;
    }
    return commitSaved(file_, overwrite, error);
}

} // namespace poolscope::ui
