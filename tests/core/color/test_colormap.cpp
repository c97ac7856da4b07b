// Colour maps: the maps themselves, NaN and infinities, flat ranges, and the fast
// colouring against the definition.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/color/colormap.h"

namespace poolscope {
namespace {

constexpr float k_nan = std::numeric_limits<float>::quiet_NaN();
constexpr float k_inf = std::numeric_limits<float>::infinity();

cv::Mat row(std::initializer_list<float> v)
{
    cv::Mat m(1, int(v.size()), CV_32F);
    std::copy(v.begin(), v.end(), m.begin<float>());
    return m;
}

TEST(Colormap, ViridisIsRgbFromDarkPurpleToYellow)
{
    const cv::Vec3b lo = colormap_color(ColorMap::Viridis, 0), hi = colormap_color(ColorMap::Viridis, 1);
    EXPECT_LT(lo[0], lo[2]); // purple: more blue than red
    EXPECT_LT(lo[1], 20);
    EXPECT_GT(hi[0], 200); // yellow: red and green, little blue
    EXPECT_GT(hi[1], 200);
    EXPECT_LT(hi[2], 80);
    const cv::Mat img = colorize(row({0.f, 1.f}), {0.f, 1.f}, ColorMap::Viridis);
    EXPECT_EQ(img.type(), CV_8UC3);
    EXPECT_EQ(img.at<cv::Vec3b>(0), lo);
    EXPECT_EQ(img.at<cv::Vec3b>(1), hi);
}

TEST(Colormap, DivergingIsCentredOnZero)
{
    // Range -1..4 becomes -4..4: 0 is white, -4 deep blue, 4 deep red.
    const cv::Mat img = colorize(row({0.f, 4.f, -1.f, -4.f}), {-1.f, 4.f}, ColorMap::Diverging);
    EXPECT_EQ(img.at<cv::Vec3b>(0), cv::Vec3b(255, 255, 255));
    const cv::Vec3b red = img.at<cv::Vec3b>(1), light_blue = img.at<cv::Vec3b>(2),
                    blue = img.at<cv::Vec3b>(3);
    EXPECT_GT(red[0], 80);
    EXPECT_LT(red[2], 60);
    EXPECT_GT(light_blue[2], light_blue[0]);
    EXPECT_GT(light_blue[0], blue[0]); // closer to zero, closer to white
    EXPECT_GT(blue[2], blue[0]);
    EXPECT_EQ(colormap_color(ColorMap::Diverging, 0.5), cv::Vec3b(255, 255, 255));
}

TEST(Colormap, GrayNaNAndInfinity)
{
    const cv::Mat img = colorize(row({0.f, 0.5f, 1.f, k_nan, k_inf, -k_inf}), {0.f, 1.f}, ColorMap::Gray);
    EXPECT_EQ(img.at<cv::Vec3b>(0), cv::Vec3b(0, 0, 0));
    EXPECT_EQ(img.at<cv::Vec3b>(1), cv::Vec3b(128, 128, 128));
    EXPECT_EQ(img.at<cv::Vec3b>(2), cv::Vec3b(255, 255, 255));
    EXPECT_EQ(img.at<cv::Vec3b>(3), cv::Vec3b(255, 0, 255)); // magenta
    EXPECT_EQ(img.at<cv::Vec3b>(4), cv::Vec3b(255, 255, 255));
    EXPECT_EQ(img.at<cv::Vec3b>(5), cv::Vec3b(0, 0, 0));
    // A flat range draws the lowest colour, not garbage.
    EXPECT_EQ(colorize(row({2.f}), {2.f, 2.f}, ColorMap::Gray).at<cv::Vec3b>(0), cv::Vec3b(0, 0, 0));
}

// ---- the step tables against the definition, and OpenCV's convertTo + LUT against both

// The definition every colour follows, value by value in double: the LUT index,
// -1 for NaN.
int reference_index(float value, ValueRange r, ColorMap map)
{
    const double v = value;
    if (std::isnan(v))
        return -1;
    double lo = r.lo, hi = r.hi, flat = 0;
    if (map == ColorMap::Diverging) {
        const double m = std::max(std::fabs(lo), std::fabs(hi));
        lo = -m;
        hi = m;
        flat = 0.5;
    }
    double t;
    if (hi > lo && std::isfinite(hi - lo))
        t = (v - lo) * (1.0 / (hi - lo));
    else
        t = std::isinf(v) ? (v > 0 ? 1.0 : 0.0) : flat;
    return !(t > 0) ? 0 : t >= 1 ? 255 : int(std::lround(t * 255));
}

// Whether the definition puts the value strictly between the map's two ends (not
// NaN, not an infinity, not beyond the range, not a flat range).
bool between_the_ends(float value, ValueRange r, ColorMap map)
{
    double lo = r.lo, hi = r.hi;
    if (map == ColorMap::Diverging) {
        hi = std::max(std::fabs(lo), std::fabs(hi));
        lo = -hi;
    }
    return hi > lo && std::isfinite(hi - lo) && value >= lo && value <= hi;
}

// How many steps the colour c lies from the map's colour `want` (the diverging map
// has white twice: the nearest counts); 1000 when c is no colour of the map.
int steps_from(cv::Vec3b c, ColorMap map, int want)
{
    const auto colour = [map](int i) { return colormap_color(map, i / 255.0); };
    for (int d = 0; d < 256; ++d)
        if ((want - d >= 0 && colour(want - d) == c) || (want + d < 256 && colour(want + d) == c))
            return d;
    return 1000;
}

// Values around every colour step of the range, extremes, NaN, infinities and both zeros.
cv::Mat awkward_values(ValueRange r, int extra, unsigned seed)
{
    std::vector<float> v{k_nan,
                         k_inf,
                         -k_inf,
                         0.f,
                         -0.f,
                         r.lo,
                         r.hi,
                         std::numeric_limits<float>::max(),
                         std::numeric_limits<float>::lowest(),
                         std::numeric_limits<float>::denorm_min()};
    const double lo = r.lo, hi = r.hi;
    for (int k = 0; k <= 256; ++k) {
        const float step = float(lo + (hi - lo) * (k - 0.5) / 255.0);
        float a = step, b = step;
        for (int u = 0; u < 3; ++u) {
            v.push_back(a);
            v.push_back(b);
            a = std::nextafter(a, -k_inf);
            b = std::nextafter(b, k_inf);
        }
    }
    std::mt19937 rng(seed);
    const double big = std::numeric_limits<float>::max();
    std::uniform_real_distribution<double> in(std::max(-big, lo - (hi - lo)), std::min(big, hi + (hi - lo)));
    for (int i = 0; i < extra; ++i)
        v.push_back(float(in(rng)));
    cv::Mat m(1, int(v.size()), CV_32F);
    std::copy(v.begin(), v.end(), m.begin<float>());
    return m;
}

struct ColourCase {
    std::string name;
    ValueRange range;
    ColorMap map;
};

void PrintTo(const ColourCase& c, std::ostream* os)
{
    *os << c.name;
}

class FastColours : public testing::TestWithParam<ColourCase> {};

// Exactly the definition's colour, every value: NaN magenta, infinities, values
// beyond the range, flat ranges. Large enough for the threaded path, with the awkward
// values at the start; with OpenCV's optimized kernels and without them.
TEST_P(FastColours, EqualTheDefinitionForEveryValue)
{
    const ColourCase& c = GetParam();
    const cv::Mat values = awkward_values(c.range, 1 << 19, 7);
    for (const bool optimized : {true, false}) {
        cv::setUseOptimized(optimized);
        const cv::Mat rgb = colorize(values, c.range, c.map);
        cv::Mat bgra(values.size(), CV_8UC4);
        colorize_into(values, c.range, c.map, bgra);
        cv::setUseOptimized(true);
        for (int x = 0; x < values.cols; ++x) {
            const float v = values.at<float>(0, x);
            const cv::Vec3b got = rgb.at<cv::Vec3b>(0, x);
            const cv::Vec4b word = bgra.at<cv::Vec4b>(0, x);
            ASSERT_EQ(cv::Vec4b(got[2], got[1], got[0], 255), word) << "value " << v << " at " << x;
            const int want = reference_index(v, c.range, c.map);
            if (want < 0) {
                ASSERT_EQ(got, cv::Vec3b(255, 0, 255)) << "NaN at " << x;
                continue;
            }
            ASSERT_EQ(steps_from(got, c.map, want), 0)
                << "value " << v << " at " << x << ", index " << want << (optimized ? "" : ", unoptimized");
        }
    }
}

INSTANTIATE_TEST_SUITE_P(
    Colormap, FastColours,
    testing::Values(ColourCase{"UnitViridis", {0.f, 1.f}, ColorMap::Viridis},
                    ColourCase{"OffsetViridis", {1000.f, 1000.5f}, ColorMap::Viridis},
                    ColourCase{"Diverging", {-0.3f, 2.7f}, ColorMap::Diverging},
                    ColourCase{"TinyRange", {1.f, 1.0000005f}, ColorMap::Gray},
                    ColourCase{"HugeRange", {-3e38f, 3e38f}, ColorMap::Viridis},
                    ColourCase{"Flat", {2.f, 2.f}, ColorMap::Viridis},
                    ColourCase{"FlatDiverging", {0.f, 0.f}, ColorMap::Diverging},
                    ColourCase{"Denormal", {0.f, 1e-42f}, ColorMap::Gray},
                    ColourCase{"NarrowNegative", {-7.5e5f, -7.4999e5f}, ColorMap::Viridis},
                    ColourCase{"LopsidedDiverging", {-1e-3f, 5e4f}, ColorMap::Diverging},
                    ColourCase{"Negative", {-3.f, -1.f}, ColorMap::Gray},
                    ColourCase{"NarrowFarFromZero", {1000.1f, 1000.1001f}, ColorMap::Gray},
                    ColourCase{"NarrowNegativeUneven", {-12345.678f, -12345.6f}, ColorMap::Viridis},
                    ColourCase{"FewUlps", {3.3f, 3.3000011f}, ColorMap::Gray},
                    ColourCase{"Tenths", {0.1f, 0.7f}, ColorMap::Diverging},
                    ColourCase{"NegativeDiverging", {-2e-20f, -1e-20f}, ColorMap::Diverging}),
    [](const testing::TestParamInfo<ColourCase>& i) { return i.param.name; });

// Why colormap.cpp keeps its step tables: OpenCV's own way, convertTo (v * alpha +
// beta rounded to a byte) then cv::LUT, differs from the definition where a user sees
// it. Its worst cell inside the range, in steps, over the same awkward values:
int worst_plain_steps(ValueRange r, ColorMap map, bool optimized)
{
    double lo = r.lo, hi = r.hi;
    if (map == ColorMap::Diverging) {
        hi = std::max(std::fabs(lo), std::fabs(hi));
        lo = -hi;
    }
    const cv::Mat values = awkward_values(r, 1 << 16, 7);
    const double alpha = 255.0 / (hi - lo);
    cv::Mat idx;
    cv::setUseOptimized(optimized);
    values.convertTo(idx, CV_8U, alpha, -lo * alpha);
    cv::setUseOptimized(true);
    int worst = 0;
    for (int x = 0; x < values.cols; ++x) {
        const float v = values.at<float>(0, x);
        if (between_the_ends(v, r, map))
            worst = std::max(worst, std::abs(int(idx.at<unsigned char>(0, x)) - reference_index(v, r, map)));
    }
    return worst;
}

// If this ever fails, OpenCV's conversion has become exact enough to reconsider.
// Beyond the range (infinities, huge values) its integer conversion overflows, and
// NaN has no colour of its own: those alone would need the definition value by value.
TEST(ConvertToAndLut, DiffersVisiblyFromTheDefinition)
{
    // A range narrower than 255 / FLT_MAX: alpha overflows a float, every cell is lost.
    EXPECT_GT(worst_plain_steps({0.f, 1e-42f}, ColorMap::Gray, true), 100);
    // Narrow ranges far from zero: beta nearly cancels v * alpha. Which range loses
    // most depends on the kernels (fused multiply-add or not), that one of them does not.
    int narrow = 0;
    for (const ValueRange r :
         {ValueRange{1000.1f, 1000.1001f}, ValueRange{3.3f, 3.3000011f}, ValueRange{-12345.678f, -12345.6f}})
        for (const bool optimized : {true, false})
            narrow = std::max(narrow, worst_plain_steps(r, ColorMap::Gray, optimized));
    EXPECT_GT(narrow, 10);
    // Ordinary ranges: within one step (rounding in float, ties to even).
    EXPECT_LE(worst_plain_steps({0.f, 1.f}, ColorMap::Viridis, true), 1);
    EXPECT_LE(worst_plain_steps({-0.3f, 2.7f}, ColorMap::Diverging, true), 1);
}

} // namespace
} // namespace poolscope
