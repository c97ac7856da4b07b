#pragma once
// Reads an animated GIF back with giflib's DGifSlurp, compositing each frame
// over the previous one as a viewer does (the writer uses "do not dispose").
#include <string>
#include <vector>

#include <QImage>
#include <QString>

#include <gif_lib.h>

namespace poolscope::test {

struct DecodedGif {
    bool ok = false;
    QString error;
    QSize screen;
    std::vector<QImage> frames; // composited, full screen size
    std::vector<QRect> rects;   // the rectangle each frame stored
    std::vector<int> delays;    // 1/100 s
    bool loopsForever = false;  // NETSCAPE2.0 with loop count 0
};

inline DecodedGif decodeGif(const QString& path)
{
    DecodedGif out;
    int error = 0;
    GifFileType* gif = DGifOpenFileName(path.toLocal8Bit().constData(), &error);
    if (gif == nullptr) {
        out.error = QString::fromUtf8(GifErrorString(error));
        return out;
    }
    if (DGifSlurp(gif) != GIF_OK) {
        out.error = QString::fromUtf8(GifErrorString(gif->Error));
        DGifCloseFile(gif, &error);
        return out;
    }
    out.screen = QSize(gif->SWidth, gif->SHeight);
    QImage canvas(out.screen, QImage::Format_RGB888);
    canvas.fill(Qt::black);
    for (int i = 0; i < gif->ImageCount; ++i) {
        const SavedImage& image = gif->SavedImages[i];
        const GifImageDesc& d = image.ImageDesc;
        const ColorMapObject* map = d.ColorMap != nullptr ? d.ColorMap : gif->SColorMap;
        for (int y = 0; y < d.Height; ++y) {
            for (int x = 0; x < d.Width; ++x) {
                const GifColorType c = map->Colors[image.RasterBits[y * d.Width + x]];
                canvas.setPixel(d.Left + x, d.Top + y, qRgb(c.Red, c.Green, c.Blue));
            }
        }
        out.frames.push_back(canvas.copy());
        out.rects.emplace_back(d.Left, d.Top, d.Width, d.Height);
        GraphicsControlBlock gcb{};
        out.delays.push_back(DGifSavedExtensionToGCB(gif, i, &gcb) == GIF_OK ? gcb.DelayTime : -1);
        for (int k = 0; k + 1 < image.ExtensionBlockCount; ++k) {
            const ExtensionBlock& b = image.ExtensionBlocks[k];
            const ExtensionBlock& next = image.ExtensionBlocks[k + 1];
            if (b.Function == APPLICATION_EXT_FUNC_CODE && b.ByteCount == 11 &&
                std::string(reinterpret_cast<const char*>(b.Bytes), 11) == "NETSCAPE2.0" &&
                next.ByteCount == 3 && next.Bytes[0] == 1 && next.Bytes[1] == 0 && next.Bytes[2] == 0) {
                out.loopsForever = true;
            }
        }
    }
    DGifCloseFile(gif, &error);
    out.ok = true;
    return out;
}

// Largest per-channel difference between two images of one size, and the mean one.
struct ColourError {
    int max = 0;
    double mean = 0;
};

inline ColourError colourError(const QImage& a, const QImage& b)
{
    const QImage x = a.convertToFormat(QImage::Format_RGB888), y = b.convertToFormat(QImage::Format_RGB888);
    ColourError e;
    if (x.size() != y.size()) {
        e.max = 255;
        e.mean = 255;
        return e;
    }
    long long sum = 0;
    for (int r = 0; r < x.height(); ++r) {
        const uchar* p = x.constScanLine(r);
        const uchar* q = y.constScanLine(r);
        for (int i = 0; i < x.width() * 3; ++i) {
            const int d = std::abs(int(p[i]) - int(q[i]));
            e.max = std::max(e.max, d);
            sum += d;
        }
    }
    e.mean = double(sum) / (double(x.width()) * x.height() * 3);
    return e;
}

// The same, after averaging 4 x 4 blocks: lossy video smears one-pixel grid lines
// and edges, so its frames are compared with the source at the scale of content.
inline ColourError coarseColourError(const QImage& a, const QImage& b)
{
    const auto coarse = [](const QImage& i) {
        return i.convertToFormat(QImage::Format_RGB888)
            .scaled(i.size() / 4, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    };
    return colourError(coarse(a), coarse(b));
}

} // namespace poolscope::test
