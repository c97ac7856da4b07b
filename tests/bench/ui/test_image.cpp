#include "test_image.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace poolscope::bench {

namespace {

// A cheap, fixed hash to [0, 1): texture that is not a pattern the pool could alias with.
float noise(int x, int y, int c)
{
    std::uint32_t h =
        std::uint32_t(x) * 374761393u + std::uint32_t(y) * 668265263u + std::uint32_t(c) * 2246822519u;
    h = (h ^ (h >> 13)) * 1274126177u;
    return float((h ^ (h >> 16)) & 0xffffu) / 65536.0f;
}

} // namespace

Tensor makeTestImage(int width, int height)
{
    Tensor t = Tensor::uninitialized(3, height, width);
    const float cx = width * 0.6f, cy = height * 0.4f, radius = std::min(width, height) * 0.25f;
    for (int y = 0; y < height; ++y) {
        const float v = float(y) / float(std::max(1, height - 1));
        for (int c = 0; c < 3; ++c) {
            float* row = t.row(c, y);
            for (int x = 0; x < width; ++x) {
                const float u = float(x) / float(std::max(1, width - 1));
                const float gradient = c == 0 ? u : c == 1 ? v : 1.0f - 0.5f * (u + v);
                // A bright disc and vertical bars give the edge filters something to find.
                const float dx = float(x) - cx, dy = float(y) - cy;
                const float disc = dx * dx + dy * dy < radius * radius ? 0.25f : 0.0f;
                const float bars = (x / 64) % 2 == 0 ? 0.1f : 0.0f;
                const float value = 0.6f * gradient + disc + bars + 0.15f * noise(x, y, c);
                row[x] = std::clamp(value, 0.0f, 1.0f);
            }
        }
    }
    return t;
}

} // namespace poolscope::bench
