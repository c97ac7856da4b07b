#include "ui/export/gif_palette.h"

#include <algorithm>
#include <array>
#include <limits>

namespace poolscope::ui {
namespace {

struct Entry {
    std::array<std::uint8_t, 3> rgb;
    std::uint64_t count;
};

// A box of the colour cube over entries[begin, end).
struct Box {
    std::size_t begin = 0, end = 0;
    std::uint64_t count = 0;
    std::array<int, 3> lo{255, 255, 255}, hi{0, 0, 0};

    bool splittable() const { return end - begin > 1; }
    int widestChannel() const
    {
        int best = 0;
        for (int c = 1; c < 3; ++c) {
            if (hi[c] - lo[c] > hi[best] - lo[best]) {
                best = c;
            }
        }
        return best;
    }
    std::uint64_t volume() const
    {
        return std::uint64_t(hi[0] - lo[0] + 1) * (hi[1] - lo[1] + 1) * (hi[2] - lo[2] + 1);
    }
};

Box makeBox(const std::vector<Entry>& entries, std::size_t begin, std::size_t end)
{
    Box box;
    box.begin = begin;
    box.end = end;
    for (std::size_t i = begin; i < end; ++i) {
        box.count += entries[i].count;
        for (int c = 0; c < 3; ++c) {
            box.lo[c] = std::min<int>(box.lo[c], entries[i].rgb[c]);
            box.hi[c] = std::max<int>(box.hi[c], entries[i].rgb[c]);
        }
    }
    return box;
}

std::unordered_map<QRgb, std::uint64_t> histogram(std::span<const QImage> images)
{
    std::unordered_map<QRgb, std::uint64_t> hist;
    for (const QImage& image : images) {
        const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
        for (int y = 0; y < rgb.height(); ++y) {
            const auto* line = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
            // Flat cells give long runs of one colour: count a run with one map access.
            int x = 0;
            while (x < rgb.width()) {
                const QRgb colour = line[x] | 0xff000000u;
                int run = 1;
                while (x + run < rgb.width() && (line[x + run] | 0xff000000u) == colour) {
                    ++run;
                }
                hist[colour] += std::uint64_t(run);
                x += run;
            }
        }
    }
    return hist;
}

QRgb meanColour(const std::vector<Entry>& entries, const Box& box)
{
    std::array<std::uint64_t, 3> sum{0, 0, 0};
    for (std::size_t i = box.begin; i < box.end; ++i) {
        for (int c = 0; c < 3; ++c) {
            sum[c] += std::uint64_t(entries[i].rgb[c]) * entries[i].count;
        }
    }
    const auto mean = [&](int c) { return int((sum[c] + box.count / 2) / box.count); };
    return qRgb(mean(0), mean(1), mean(2));
}

// Weighted squared distance: green counts most to the eye, blue least.
int distance(QRgb a, QRgb b)
{
    const int dr = qRed(a) - qRed(b), dg = qGreen(a) - qGreen(b), db = qBlue(a) - qBlue(b);
    return 2 * dr * dr + 4 * dg * dg + 3 * db * db;
}

} // namespace

GifPalette GifPalette::fromImages(std::span<const QImage> images, int maxColors)
{
    maxColors = std::clamp(maxColors, 1, kMaxColors);
    const auto hist = histogram(images);
    std::vector<Entry> entries;
    entries.reserve(hist.size());
    for (const auto& [colour, count] : hist) {
        entries.push_back(
            {{std::uint8_t(qRed(colour)), std::uint8_t(qGreen(colour)), std::uint8_t(qBlue(colour))}, count});
    }

    GifPalette palette;
    if (entries.empty()) {
        palette.colors_.push_back(qRgb(0, 0, 0));
        return palette;
    }
    if (entries.size() <= std::size_t(maxColors)) {
        // Few colours: keep them exactly, most frequent first (deterministic order).
        std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
            return a.count != b.count ? a.count > b.count : a.rgb < b.rgb;
        });
        for (const Entry& e : entries) {
            palette.colors_.push_back(qRgb(e.rgb[0], e.rgb[1], e.rgb[2]));
        }
        return palette;
    }

    // Sorted once so that the result does not depend on the hash map's order.
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.rgb < b.rgb; });
    std::vector<Box> boxes{makeBox(entries, 0, entries.size())};
    while (int(boxes.size()) < maxColors) {
        // First half of the splits by population, then by population x volume
        // (Leptonica's modified median cut): large flat areas get precise colours,
        // and small distinct clusters are not swallowed by their neighbours.
        const bool byVolume = int(boxes.size()) >= maxColors / 2;
        std::size_t pick = boxes.size();
        long double bestScore = -1;
        for (std::size_t i = 0; i < boxes.size(); ++i) {
            if (!boxes[i].splittable()) {
                continue;
            }
            const long double score =
                byVolume ? (long double)boxes[i].count * boxes[i].volume() : (long double)boxes[i].count;
            if (score > bestScore) {
                bestScore = score;
                pick = i;
            }
        }
        if (pick == boxes.size()) {
            break;
        }
        const Box box = boxes[pick];
        const int channel = box.widestChannel();
        std::sort(entries.begin() + std::ptrdiff_t(box.begin), entries.begin() + std::ptrdiff_t(box.end),
                  [channel](const Entry& a, const Entry& b) {
                      return a.rgb[channel] != b.rgb[channel] ? a.rgb[channel] < b.rgb[channel]
                                                              : a.rgb < b.rgb;
                  });
        // Split at the weighted median, keeping both halves non-empty.
        std::size_t split = box.begin + 1;
        std::uint64_t seen = entries[box.begin].count;
        while (split < box.end - 1 && seen + entries[split].count <= box.count / 2) {
            seen += entries[split].count;
            ++split;
        }
        boxes[pick] = makeBox(entries, box.begin, split);
        boxes.push_back(makeBox(entries, split, box.end));
    }
    for (const Box& box : boxes) {
        palette.colors_.push_back(meanColour(entries, box));
    }
    return palette;
}

std::uint8_t GifPalette::indexOf(QRgb rgb)
{
    rgb |= 0xff000000u;
    if (const auto it = cache_.find(rgb); it != cache_.end()) {
        return it->second;
    }
    int best = 0;
    int bestDistance = std::numeric_limits<int>::max();
    for (int i = 0; i < size(); ++i) {
        const int d = distance(rgb, colors_[std::size_t(i)]);
        if (d < bestDistance) {
            bestDistance = d;
            best = i;
        }
    }
    cache_.emplace(rgb, std::uint8_t(best));
    return std::uint8_t(best);
}

void GifPalette::indexImage(const QImage& image, std::vector<std::uint8_t>& out)
{
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    out.resize(std::size_t(rgb.width()) * std::size_t(rgb.height()));
    std::size_t k = 0;
    for (int y = 0; y < rgb.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
        QRgb last = 0;
        std::uint8_t lastIndex = 0;
        for (int x = 0; x < rgb.width(); ++x, ++k) {
            // Runs of one colour skip the hash lookup.
            if (x == 0 || line[x] != last) {
                last = line[x];
                lastIndex = indexOf(last);
            }
            out[k] = lastIndex;
        }
    }
}

} // namespace poolscope::ui
