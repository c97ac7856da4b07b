#include "core/color/colormap.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include <opencv2/imgproc.hpp>

namespace poolscope {
namespace {

using Lut = std::array<cv::Vec3b, 256>;

const cv::Vec3b k_nan_colour{255, 0, 255}; // magenta: not a colour of any map

Lut viridis_lut()
{
    cv::Mat ramp(1, 256, CV_8U);
    for (int i = 0; i < 256; ++i)
        ramp.at<unsigned char>(i) = static_cast<unsigned char>(i);
    cv::Mat bgr;
    cv::applyColorMap(ramp, bgr, cv::COLORMAP_VIRIDIS);
    Lut lut;
    for (int i = 0; i < 256; ++i) {
        const cv::Vec3b c = bgr.at<cv::Vec3b>(i);
        lut[i] = {c[2], c[1], c[0]}; // OpenCV gives BGR
    }
    return lut;
}

// Blue - white - red after ColorBrewer's RdBu (as matplotlib's RdBu_r), with a
// pure white centre so zero reads as "nothing".
Lut diverging_lut()
{
    static const std::array<cv::Vec3b, 11> anchors{{
        {5, 48, 97},
        {33, 102, 172},
        {67, 147, 195},
        {146, 197, 222},
        {209, 229, 240},
        {255, 255, 255},
        {253, 219, 199},
        {244, 165, 130},
        {214, 96, 77},
        {178, 24, 43},
        {103, 0, 31},
    }};
    // Entries 127 and 128 are both the white centre, so 0 (t = 0.5, entry 128)
    // is white and the two halves are mirror images.
    Lut lut;
    for (int i = 0; i < 256; ++i) {
        const double u = i < 128 ? i / 127.0 * 0.5 : 0.5 + (i - 128) / 127.0 * 0.5;
        const double pos = u * double(anchors.size() - 1);
        const std::size_t a = std::min<std::size_t>(std::size_t(pos), anchors.size() - 2);
        const double f = pos - double(a);
        for (int ch = 0; ch < 3; ++ch)
            lut[i][ch] = cv::saturate_cast<unsigned char>((1 - f) * anchors[a][ch] + f * anchors[a + 1][ch]);
    }
    return lut;
}

Lut gray_lut()
{
    Lut lut;
    for (int i = 0; i < 256; ++i)
        lut[i] = cv::Vec3b::all(static_cast<unsigned char>(i));
    return lut;
}

const Lut& lut_of(ColorMap map)
{
    static const Lut viridis = viridis_lut(), diverging = diverging_lut(), gray = gray_lut();
    switch (map) {
    case ColorMap::Diverging:
        return diverging;
    case ColorMap::Gray:
        return gray;
    case ColorMap::Viridis:
        break;
    }
    return viridis;
}

int lut_index(double t)
{
    if (!(t > 0)) // also -inf
        return 0;
    if (t >= 1)
        return 255;
    return int(std::lround(t * 255));
}

// Maps a value to t in [0,1]: linear over [lo, hi]; the diverging map uses
// [-m, m] with m = max(|lo|, |hi|), so 0 always lands on white.
struct Scale {
    double offset = 0, gain = 0; // t = (v - offset) * gain
    float lo = 0, hi = 0;        // the values t = 0 and t = 1 (floats: ends of a float range)
    double flat = 0;             // t when the range is a single value
    bool is_flat = true;
};

Scale scale_for(ValueRange r, ColorMap map)
{
    Scale s;
    double lo = r.lo, hi = r.hi;
    if (map == ColorMap::Diverging) {
        const double m = std::max(std::fabs(lo), std::fabs(hi));
        lo = -m;
        hi = m;
        s.flat = 0.5;
    }
    if (hi > lo && std::isfinite(hi - lo)) {
        s.offset = lo;
        s.gain = 1.0 / (hi - lo);
        s.lo = float(lo);
        s.hi = float(hi);
        s.is_flat = false;
    }
    return s;
}

// Below this many values a plane is done on the calling thread: splitting it
// would cost more than it saves.
constexpr int k_parallel_values = 1 << 18;

// Rows of a plane in stripes of about `k_parallel_values / 4` values each, on
// OpenCV's threads when the plane is large.
template <class F> void for_row_stripes(const cv::Mat& plane, F f)
{
    const std::size_t values = plane.total();
    if (values < std::size_t(k_parallel_values) || plane.rows < 2) {
        f(0, plane.rows);
        return;
    }
    const int per =
        std::max(1, int(std::size_t(k_parallel_values / 4) / std::size_t(std::max(1, plane.cols))));
    const int stripes = (plane.rows + per - 1) / per;
    cv::parallel_for_(cv::Range(0, stripes),
                      [&](const cv::Range& r) { f(r.start * per, std::min(plane.rows, r.end * per)); });
}

// The LUT index of a value that is not NaN: the definition every colour follows.
int index_of(float v, const Scale& s)
{
    if (s.is_flat)
        return lut_index(std::isinf(v) ? (v > 0 ? 1.0 : 0.0) : s.flat);
    return lut_index((double(v) - s.offset) * s.gain);
}

// The fast path: OpenCV's convertTo rounds v * alpha + beta, computed in float, to
// the nearest byte, and cv::LUT turns the bytes into colours. Against index_of this
// is at most one colour step off (rounding in float instead of double, ties to even
// instead of away from zero), but only for values inside [lo, hi]. A comparison
// over awkward ranges (tests/core/color/test_colormap.cpp) found the plain
// convertTo visibly wrong elsewhere, so three things of the exact definition stay:
// - values outside [lo, hi], infinities and NaN: convertTo's integer conversion
//   overflows (+inf and huge values come out 0, the far end of the map) and NaN
//   comes out 0; they are coloured one by one by index_of, NaN magenta;
// - a narrow range far from 0: beta nearly cancels v * alpha, and float rounding
//   put cells up to 52 steps off (1000.1 .. 1000.1001 on OpenCV's AVX2 kernels; 43
//   for 3.3 .. 3.3 + 3 ulps without them); there the range's start is subtracted
//   first, exactly, and only the difference is scaled (`shift`);
// - a range narrower than 255 / FLT_MAX, whose alpha overflows a float: every
//   value goes through index_of.
struct Affine {
    enum class Kind { Flat, Direct, Shifted, None };
    Kind kind = Kind::None;
    float lo = 0, hi = 0;       // the values it is right for
    double alpha = 0, beta = 0; // index = v * alpha + beta (Direct) or (v - shift) * alpha (Shifted)
    float shift = 0;
    int flat_index = 0; // Flat: the index of every finite value
};

Affine affine_for(const Scale& s)
{
    Affine a;
    if (s.is_flat) {
        a.kind = Affine::Kind::Flat;
        a.lo = std::numeric_limits<float>::lowest();
        a.hi = std::numeric_limits<float>::max();
        a.flat_index = lut_index(s.flat);
        return a;
    }
    const double alpha = 255.0 * s.gain;
    if (!(alpha >= std::numeric_limits<float>::min() && alpha <= std::numeric_limits<float>::max()))
        return a; // Kind::None
    a.lo = s.lo;
    a.hi = s.hi;
    a.alpha = alpha;
    a.beta = -s.offset * alpha;
    // Below 4096, float rounding of v * alpha + beta moves an index by less than 0.001.
    a.kind = std::fabs(a.beta) <= 4096 ? Affine::Kind::Direct : Affine::Kind::Shifted;
    a.shift = s.lo; // the range's start: v - shift is exact for v in [lo, hi] when |lo| >> hi - lo
    return a;
}

// A map's colours as 32-bit words, the table cv::LUT reads: one B, G, R, 255 word per
// colour for CV_8UC4 (Qt's RGB32), one R, G, B, 255 for CV_8UC3 (alpha dropped).
struct Palette {
    cv::Mat bgra, rgba; // 1 x 256, CV_32S
};

std::uint32_t word_of(cv::Vec3b rgb, bool bgr_order)
{
    const unsigned char bytes[4] = {bgr_order ? rgb[2] : rgb[0], rgb[1], bgr_order ? rgb[0] : rgb[2], 255};
    std::uint32_t w;
    std::memcpy(&w, bytes, sizeof w);
    return w;
}

Palette palette_for(const Lut& lut)
{
    Palette p{cv::Mat(1, 256, CV_32S), cv::Mat(1, 256, CV_32S)};
    for (int i = 0; i < 256; ++i) {
        p.bgra.at<std::uint32_t>(i) = word_of(lut[std::size_t(i)], true);
        p.rgba.at<std::uint32_t>(i) = word_of(lut[std::size_t(i)], false);
    }
    return p;
}

const Palette& palette_of(ColorMap map)
{
    static const Palette viridis = palette_for(lut_of(ColorMap::Viridis)),
                         diverging = palette_for(lut_of(ColorMap::Diverging)),
                         gray = palette_for(lut_of(ColorMap::Gray));
    switch (map) {
    case ColorMap::Diverging:
        return diverging;
    case ColorMap::Gray:
        return gray;
    case ColorMap::Viridis:
        break;
    }
    return viridis;
}

// Colours rows of `src` into `dst` (same rows of out): convertTo and LUT, then the
// values outside the affine map's range one by one.
void colorize_rows(const cv::Mat& src, const Scale& scale, const Affine& affine, ColorMap map, cv::Mat& dst)
{
    thread_local cv::Mat idx, shifted, words, inside;
    switch (affine.kind) {
    case Affine::Kind::Direct:
        src.convertTo(idx, CV_8U, affine.alpha, affine.beta);
        break;
    case Affine::Kind::Shifted:
        cv::subtract(src, cv::Scalar(affine.shift), shifted);
        shifted.convertTo(idx, CV_8U, affine.alpha);
        break;
    case Affine::Kind::Flat:
    case Affine::Kind::None:
        idx.create(src.size(), CV_8U);
        idx.setTo(affine.flat_index);
        break;
    }
    const Palette& palette = palette_of(map);
    const bool bgra = dst.type() == CV_8UC4;
    if (bgra) {
        cv::Mat out_words(dst.rows, dst.cols, CV_32S, dst.data, dst.step); // the same bytes
        cv::LUT(idx, palette.bgra, out_words);
    } else {
        cv::LUT(idx, palette.rgba, words);
        cv::cvtColor(cv::Mat(words.rows, words.cols, CV_8UC4, words.data, words.step), dst,
                     cv::COLOR_RGBA2RGB);
    }

    if (affine.kind == Affine::Kind::None)
        inside = cv::Mat::zeros(src.size(), CV_8U);
    else
        cv::inRange(src, cv::Scalar(affine.lo), cv::Scalar(affine.hi), inside); // false for NaN
    // Usually none is outside: memchr finds the zero bytes of the (continuous) mask.
    const Lut& lut = lut_of(map);
    const auto* ok = inside.ptr<unsigned char>();
    const std::size_t n = inside.total();
    for (const auto* z = ok;
         (z = static_cast<const unsigned char*>(std::memchr(z, 0, std::size_t(ok + n - z)))); ++z) {
        const int y = int(std::size_t(z - ok) / std::size_t(src.cols)),
                  x = int(std::size_t(z - ok) % std::size_t(src.cols));
        const float v = src.ptr<float>(y)[x];
        const cv::Vec3b c = v != v ? k_nan_colour : lut[std::size_t(index_of(v, scale))];
        if (bgra)
            dst.ptr<cv::Vec4b>(y)[x] = cv::Vec4b(c[2], c[1], c[0], 255);
        else
            dst.ptr<cv::Vec3b>(y)[x] = c;
    }
}

} // namespace

ColorMap auto_colormap(ValueRange r)
{
    return r.lo < 0 && r.hi > 0 ? ColorMap::Diverging : ColorMap::Viridis;
}

cv::Vec3b colormap_color(ColorMap map, double t)
{
    return lut_of(map)[lut_index(t)];
}

void colorize_into(const cv::Mat& plane, ValueRange r, ColorMap map, cv::Mat& out)
{
    CV_Assert(plane.type() == CV_32F);
    CV_Assert(out.size() == plane.size() && (out.type() == CV_8UC3 || out.type() == CV_8UC4));
    if (plane.empty())
        return;
    const Scale scale = scale_for(r, map);
    const Affine affine = affine_for(scale);
    for_row_stripes(plane, [&](int y0, int y1) {
        cv::Mat dst = out.rowRange(y0, y1);
        colorize_rows(plane.rowRange(y0, y1), scale, affine, map, dst);
    });
}

cv::Mat colorize(const cv::Mat& plane, ValueRange r, ColorMap map)
{
    CV_Assert(plane.type() == CV_32F);
    cv::Mat out(plane.size(), CV_8UC3);
    colorize_into(plane, r, map, out);
    return out;
}

} // namespace poolscope
