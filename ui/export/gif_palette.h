#pragma once
// The one 256-colour palette of an animated GIF: median cut over a few frames
// spread over the animation, then a nearest-colour lookup for every pixel.
// No dithering: dithered noise crawls from frame to frame, and the stage is
// drawn in flat colour-mapped cells, which median cut keeps almost exact.
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include <QImage>
#include <QRgb>

namespace poolscope::ui {

class GifPalette {
public:
    static constexpr int kMaxColors = 256;

    GifPalette() = default;
    // Exact when the images hold at most maxColors distinct colours; otherwise
    // median cut over every pixel (boxes split by population first, then by
    // population x volume, so rare but distinct colours such as a highlight keep an entry).
    static GifPalette fromImages(std::span<const QImage> images, int maxColors = kMaxColors);

    int size() const { return int(colors_.size()); }
    const std::vector<QRgb>& colors() const { return colors_; }

    // Nearest palette entry by weighted RGB distance (cached per colour: not thread-safe).
    std::uint8_t indexOf(QRgb rgb);
    // Every pixel of an image of any format, row-major, into out (resized to w*h).
    void indexImage(const QImage& image, std::vector<std::uint8_t>& out);

private:
    std::vector<QRgb> colors_;
    std::unordered_map<QRgb, std::uint8_t> cache_;
};

} // namespace poolscope::ui
