#include "core/color/colormap.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include <opencv2/core/hal/intrin.hpp>
#include <opencv2/imgproc.hpp>

#include "core/tensor/threads.h"

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
        s.is_flat = false;
    }
    return s;
}

// Below this many values a plane is done on the calling thread: splitting it
// would cost more than it saves.
constexpr int k_parallel_values = 1 << 18;

// Rows of a plane in stripes of about `k_parallel_values / 4` values each, on at
// most `threads` threads (thread_budget) when the plane is large.
template <class F> void for_row_stripes(const cv::Mat& plane, int threads, F f)
{
    const std::size_t values = plane.total();
    if (values < std::size_t(k_parallel_values) || plane.rows < 2) {
        f(0, plane.rows);
        return;
    }
    const int per =
        std::max(1, int(std::size_t(k_parallel_values / 4) / std::size_t(std::max(1, plane.cols))));
    const int stripes = (plane.rows + per - 1) / per;
    parallel_for(cv::Range(0, stripes), threads, stripes,
                 [&](const cv::Range& r) { f(r.start * per, std::min(plane.rows, r.end * per)); });
}

// Every float but NaN as an unsigned key in the order of the values (-0 just
// before +0), and back.
std::uint32_t order_key(float v)
{
    std::uint32_t u;
    std::memcpy(&u, &v, sizeof u);
    return (u & 0x80000000u) ? ~u : u | 0x80000000u;
}

float from_key(std::uint32_t k)
{
    const std::uint32_t u = (k & 0x80000000u) ? k & 0x7fffffffu : ~k;
    float v;
    std::memcpy(&v, &u, sizeof v);
    return v;
}

// The LUT index of a value that is not NaN: the definition every colour follows.
int index_of(float v, const Scale& s)
{
    if (s.is_flat)
        return lut_index(std::isinf(v) ? (v > 0 ? 1.0 : 0.0) : s.flat);
    return lut_index((double(v) - s.offset) * s.gain);
}

// index_of is a non-decreasing step function of the value, so it is known by its
// 255 steps: at[k] is the least value whose index is at least k. A pixel then
// costs a float estimate and a comparison with the steps on either side, and
// gets exactly index_of's answer.
//
// Why not OpenCV's convertTo (value to byte) and cv::LUT (byte to colour): compared
// with index_of on awkward ranges (tests/core/color/test_colormap.cpp, ConvertToAndLut)
// they differ where a user sees it. NaN gets a map colour instead of magenta; +inf
// and values beyond the range overflow convertTo's integer conversion and come out
// at the far end of the map (255 steps off); a narrow range far from zero (1000.1 ..
// 1000.1001, or 3.3 .. 3.3 + 3 ulps) puts cells up to 52 steps off, float rounding
// of v * alpha + beta; a range narrower than 255 / FLT_MAX gives every cell the
// wrong colour. Made right (those values one by one, the range's start subtracted
// first, a fallback for the narrowest ranges), the LUT path stayed within one step
// but coloured a 1920 x 1080 plane 30% slower on one thread and up to twice as slow
// on two (docs/PERFORMANCE.md), on the way to every frame: these tables stay.
struct Steps {
    std::array<float, 257> at{};          // at[0] = -inf, at[256] = NaN (never reached)
    float origin = 0, gain = 0, bias = 0; // estimate: index ~ (v - origin) * gain + bias
    bool estimates = false;               // the estimate is that close (else comparisons alone)
    double key_offset = 0, key_gain = 0;
    bool key_flat = true;
    double key_value = 0;
};

bool same_scale(const Steps& st, const Scale& s)
{
    return st.key_offset == s.offset && st.key_gain == s.gain && st.key_flat == s.is_flat &&
           st.key_value == s.flat;
}

void build_steps(Steps& st, const Scale& s)
{
    st.key_offset = s.offset;
    st.key_gain = s.gain;
    st.key_flat = s.is_flat;
    st.key_value = s.flat;
    const float inf = std::numeric_limits<float>::infinity();
    st.at[0] = -inf;
    st.at[256] = std::numeric_limits<float>::quiet_NaN();
    std::uint32_t lo = order_key(-inf); // at[k] >= at[k - 1]: each search starts there
    const std::uint32_t top = order_key(inf);
    for (int k = 1; k <= 255; ++k) {
        std::uint32_t a = lo, b = top; // index_of(+inf) is 255: b always qualifies
        if (!s.is_flat) {
            // The step lies within a few ulps of where the formula puts it: search
            // there when the guess brackets it (it always does but for extreme scales).
            const double guess = s.offset + (k - 0.5) / 255.0 / s.gain;
            if (std::isfinite(guess) && std::abs(guess) < 3e38) {
                const std::uint32_t g = order_key(float(guess));
                const std::uint32_t ga = std::max(lo, g > 64 ? g - 64 : 0u), gb = std::min(top, g + 64);
                if (index_of(from_key(ga), s) < k && index_of(from_key(gb), s) >= k) {
                    a = ga;
                    b = gb;
                }
            }
        }
        while (a < b) {
            const std::uint32_t m = a + (b - a) / 2;
            if (index_of(from_key(m), s) >= k)
                b = m;
            else
                a = m + 1;
        }
        st.at[std::size_t(k)] = from_key(a);
        lo = a;
    }
    // v - origin first: exact near the range's start, where a gain and an offset
    // applied separately would cancel (a narrow range far from 0).
    st.origin = 0;
    st.gain = 0;
    st.bias = 0.5f;
    st.estimates = true;
    if (s.is_flat) {
        st.bias = float(lut_index(s.flat)) + 0.5f;
    } else if (std::isfinite(float(s.gain * 255)) && std::isfinite(float(s.offset)) &&
               float(s.gain * 255) >= std::numeric_limits<float>::min()) {
        st.origin = float(s.offset); // a float range's end (or its negation): exact
        st.gain = float(s.gain * 255);
    } else {
        st.estimates = false; // the estimate is 0 and the comparisons find the index
    }
}

// Cached per thread: the stage, its thumbnails and an export colourise with few
// distinct scales in a row.
const Steps& steps_for(const Scale& s)
{
    thread_local Steps st;
    thread_local bool built = false;
    if (!built || !same_scale(st, s)) {
        build_steps(st, s);
        built = true;
    }
    return st;
}

// The index of a value that is not NaN.
inline int step_index(float v, const Steps& st)
{
    const float e = (v - st.origin) * st.gain + st.bias;
    int i = e >= 1.f ? (e < 255.f ? int(e) : 255) : 0;
    while (v < st.at[std::size_t(i)])
        --i;
    while (v >= st.at[std::size_t(i) + 1])
        ++i;
    return i;
}

// The indices of n values, NaN as -1. Four at a time in vectors: the float
// estimate is within 1e-4 of the index's real-valued position (|v - origin| is
// exact near the range's start, and the gain's rounding is relative), so its
// integer part is the index unless it lies within kNear of a step. Those
// values, and infinities and NaN, go value by value.
void step_indices(const float* p, int n, const Steps& st, int* idx)
{
    int x = 0;
#if CV_SIMD128
    if (st.estimates) {
        constexpr float kNear = 1e-3f;
        const cv::v_float32x4 origin = cv::v_setall_f32(st.origin), gain = cv::v_setall_f32(st.gain),
                              bias = cv::v_setall_f32(st.bias), low = cv::v_setall_f32(0.5f),
                              high = cv::v_setall_f32(255.5f), near = cv::v_setall_f32(kNear),
                              far = cv::v_setall_f32(1.f - kNear),
                              inf = cv::v_setall_f32(std::numeric_limits<float>::infinity());
        for (; x + 4 <= n; x += 4) {
            const cv::v_float32x4 v = cv::v_load(p + x);
            // Outside [0.5, 255.5] only the ends' indices 0 and 255 can come out. A
            // difference that overflows (or an infinite value) says nothing.
            const cv::v_float32x4 d = v - origin;
            const cv::v_float32x4 e = cv::v_min(cv::v_max(d * gain + bias, low), high);
            const cv::v_int32x4 i = cv::v_trunc(e);
            const cv::v_float32x4 f = e - cv::v_cvt_f32(i);
            cv::v_store(idx + x, i);
            const cv::v_float32x4 unsure = (f < near) | (f > far) | (cv::v_abs(d) >= inf) | (v != v);
            if (cv::v_check_any(unsure))
                for (int k = x; k < x + 4; ++k)
                    idx[k] = p[k] != p[k] ? -1 : step_index(p[k], st);
        }
    }
#endif
    for (; x < n; ++x)
        idx[x] = p[x] != p[x] ? -1 : step_index(p[x], st);
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

void colorize_into(const cv::Mat& plane, ValueRange r, ColorMap map, cv::Mat& out, int threads)
{
    CV_Assert(plane.type() == CV_32F);
    CV_Assert(out.size() == plane.size() && (out.type() == CV_8UC3 || out.type() == CV_8UC4));
    const Lut& lut = lut_of(map);
    const Scale scale = scale_for(r, map);
    // Four bytes a pixel: one 32-bit word per colour, NaN's at the front.
    std::array<std::uint32_t, 257> words;
    const auto word = [](cv::Vec3b c) {
        const unsigned char bgra[4] = {c[2], c[1], c[0], 255};
        std::uint32_t w;
        std::memcpy(&w, bgra, sizeof w);
        return w;
    };
    words[0] = word(k_nan_colour);
    for (std::size_t i = 0; i < 256; ++i)
        words[i + 1] = word(lut[i]);
    const bool rgb = out.type() == CV_8UC3;
    for_row_stripes(plane, threads, [&](int y0, int y1) {
        const Steps& st = steps_for(scale); // each thread its own (cached) steps
        constexpr int chunk = 1024;
        int idx[chunk];
        for (int y = y0; y < y1; ++y) {
            const float* p = plane.ptr<float>(y);
            for (int x0 = 0; x0 < plane.cols; x0 += chunk) {
                const int n = std::min(chunk, plane.cols - x0);
                step_indices(p + x0, n, st, idx);
                if (rgb) {
                    cv::Vec3b* o = out.ptr<cv::Vec3b>(y) + x0;
                    for (int x = 0; x < n; ++x)
                        o[x] = idx[x] < 0 ? k_nan_colour : lut[std::size_t(idx[x])];
                } else {
                    auto* o = reinterpret_cast<std::uint32_t*>(out.ptr(y)) + x0;
                    for (int x = 0; x < n; ++x)
                        o[x] = words[std::size_t(idx[x] + 1)];
                }
            }
        }
    });
}

cv::Mat colorize(const cv::Mat& plane, ValueRange r, ColorMap map, int threads)
{
    CV_Assert(plane.type() == CV_32F);
    cv::Mat out(plane.size(), CV_8UC3);
    colorize_into(plane, r, map, out, threads);
    return out;
}
} // namespace poolscope
