// Colour maps: ranges, the maps themselves, NaN, montage layout, PNG export.
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <unistd.h>

#include "core/color/colormap.h"
#include "core/tensor/errors.h"

namespace poolscope {
namespace {

namespace fs = std::filesystem;
constexpr float k_nan = std::numeric_limits<float>::quiet_NaN();
constexpr float k_inf = std::numeric_limits<float>::infinity();

cv::Mat row(std::initializer_list<float> v)
{
    cv::Mat m(1, int(v.size()), CV_32F);
    std::copy(v.begin(), v.end(), m.begin<float>());
    return m;
}

struct RangeCase {
    std::string name;
    cv::Mat values;
    float lo, hi;
    ColorMap map;
};

class Ranges : public testing::TestWithParam<RangeCase> {};

TEST_P(Ranges, IgnoreNaNAndInfinityAndPickTheMap)
{
    const RangeCase& c = GetParam();
    const ValueRange r = value_range(c.values);
    EXPECT_EQ(r.lo, c.lo);
    EXPECT_EQ(r.hi, c.hi);
    EXPECT_EQ(auto_colormap(r), c.map);
}

INSTANTIATE_TEST_SUITE_P(
    Colormap, Ranges,
    testing::Values(RangeCase{"Positive", row({0.5f, 2.f, 1.f}), 0.5f, 2.f, ColorMap::Viridis},
                    RangeCase{"BothSigns", row({-0.5f, 2.f}), -0.5f, 2.f, ColorMap::Diverging},
                    RangeCase{"NegativeOnly", row({-3.f, -1.f}), -3.f, -1.f, ColorMap::Viridis},
                    RangeCase{"WithNaNAndInf", row({k_nan, 1.f, k_inf, -k_inf, 3.f}), 1.f, 3.f,
                              ColorMap::Viridis},
                    RangeCase{"AllNaN", row({k_nan, k_nan}), 0.f, 0.f, ColorMap::Viridis},
                    RangeCase{"Empty", cv::Mat(), 0.f, 0.f, ColorMap::Viridis}),
    [](const testing::TestParamInfo<RangeCase>& i) { return i.param.name; });

TEST(Colormap, TensorRangeCoversEveryChannel)
{
    Tensor t(3, 2, 2);
    t.at(0, 0, 0) = -1.f;
    t.at(2, 1, 1) = 5.f;
    const ValueRange r = value_range(t);
    EXPECT_EQ(r.lo, -1.f);
    EXPECT_EQ(r.hi, 5.f);
    EXPECT_EQ(value_range(Tensor()).hi, 0.f);
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

// ---- the fast paths against the definitions they replace

// colorize's definition, value by value in double, as it was first written.
cv::Vec3b reference_colour(float value, ValueRange r, ColorMap map)
{
    const double v = value;
    if (std::isnan(v))
        return {255, 0, 255};
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
    const int i = !(t > 0) ? 0 : t >= 1 ? 255 : int(std::lround(t * 255));
    return colormap_color(map, i / 255.0);
}

// value_range's definition: one scan, the first of equal extremes kept.
ValueRange reference_range(const cv::Mat& m)
{
    float lo = k_inf, hi = -k_inf;
    for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x) {
            const float v = m.at<float>(y, x);
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
    return lo <= hi ? ValueRange{lo, hi} : ValueRange{0.f, 0.f};
}

bool same_bits(float a, float b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
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

class FastColours : public testing::TestWithParam<ColourCase> {};

TEST_P(FastColours, EqualTheDefinitionForEveryValue)
{
    const ColourCase& c = GetParam();
    // Large enough for the threaded path, with the awkward values at the start.
    const cv::Mat values = awkward_values(c.range, 1 << 19, 7);
    const cv::Mat rgb = colorize(values, c.range, c.map);
    cv::Mat bgra(values.size(), CV_8UC4);
    colorize_into(values, c.range, c.map, bgra);
    for (int x = 0; x < values.cols; ++x) {
        const float v = values.at<float>(0, x);
        const cv::Vec3b want = reference_colour(v, c.range, c.map);
        ASSERT_EQ(rgb.at<cv::Vec3b>(0, x), want) << "value " << v << " at " << x;
        const cv::Vec4b got = bgra.at<cv::Vec4b>(0, x);
        ASSERT_EQ(cv::Vec4b(want[2], want[1], want[0], 255), got) << "value " << v << " at " << x;
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
                    ColourCase{"LopsidedDiverging", {-1e-3f, 5e4f}, ColorMap::Diverging}),
    [](const testing::TestParamInfo<ColourCase>& i) { return i.param.name; });

TEST(Colormap, FastRangeEqualsTheDefinition)
{
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> u(-5.f, 5.f);
    for (int n : {1, 3, 4, 17, 1000, (1 << 18) + 5, 1 << 20}) {
        cv::Mat m(1, n, CV_32F);
        for (int i = 0; i < n; ++i)
            m.at<float>(0, i) = u(rng);
        for (int i = 0; i < n; i += 97)
            m.at<float>(0, i) = k_nan;
        if (n > 40) {
            m.at<float>(0, n - 1) = k_inf;
            m.at<float>(0, n / 3) = -k_inf;
        }
        const ValueRange want = reference_range(m), got = value_range(m);
        EXPECT_TRUE(same_bits(got.lo, want.lo) && same_bits(got.hi, want.hi)) << n << " values";
    }
}

TEST(Colormap, ZeroExtremesKeepTheSignOfTheFirstZero)
{
    // ReLU maps are full of zeros: the sign the first one has is the one kept.
    for (const auto& values : {row({-0.f, 0.f, 1.f}), row({0.f, -0.f, 1.f}), row({-1.f, 2.f, -0.f, 0.f}),
                               row({-2.f, -0.f, -1.f, 0.f}), row({0.f, -0.f}), row({-0.f})}) {
        const ValueRange want = reference_range(values), got = value_range(values);
        EXPECT_TRUE(same_bits(got.lo, want.lo) && same_bits(got.hi, want.hi));
    }
    // The same rule across the planes of a large tensor, on OpenCV's threads.
    Tensor t(4, 256, 300);
    t.at(1, 7, 9) = -0.f;
    t.at(2, 0, 0) = 3.f;
    const ValueRange r = value_range(t);
    EXPECT_TRUE(same_bits(r.lo, 0.f));
    EXPECT_EQ(r.hi, 3.f);
    t.at(0, 0, 0) = -0.f;
    EXPECT_TRUE(same_bits(value_range(t).lo, -0.f));
}

TEST(Colormap, MontageBuiltChannelByChannelIsTheMontage)
{
    Tensor t(5, 9, 7);
    for (int c = 0; c < 5; ++c)
        for (int y = 0; y < 9; ++y)
            for (int x = 0; x < 7; ++x)
                t.at(c, y, x) = float(c * 3 - y) + 0.1f * float(x);
    MontageBuilder b(5, 9, 7, value_range(t));
    for (int c : {3, 0, 4, 1, 2}) // in any order
        b.add(c, t.plane(c));
    cv::Mat diff;
    cv::absdiff(b.image(), montage(t), diff);
    EXPECT_EQ(cv::countNonZero(diff.reshape(1)), 0);
}

struct MontageCase {
    int c, h, w, min_cell;
    int rows, cols, factor;
};

class Montages : public testing::TestWithParam<MontageCase> {};

TEST_P(Montages, NearSquareGridOfIntegerScaledCells)
{
    const MontageCase& m = GetParam();
    Tensor t(m.c, m.h, m.w);
    for (int c = 0; c < m.c; ++c)
        t.plane(c).setTo(float(c));
    const cv::Mat img = montage(t, m.min_cell);
    const int gap = 2;
    ASSERT_EQ(img.rows, m.rows * m.h * m.factor + (m.rows - 1) * gap);
    ASSERT_EQ(img.cols, m.cols * m.w * m.factor + (m.cols - 1) * gap);
    // Each cell is one flat colour: channel c of the shared range.
    const ValueRange r = value_range(t);
    for (int c = 0; c < m.c; ++c) {
        const cv::Rect cell((c % m.cols) * (m.w * m.factor + gap), (c / m.cols) * (m.h * m.factor + gap),
                            m.w * m.factor, m.h * m.factor);
        const cv::Vec3b want = colorize(t.plane(c), r, auto_colormap(r)).at<cv::Vec3b>(0);
        cv::Mat diff;
        cv::absdiff(img(cell), cv::Scalar(want[0], want[1], want[2]), diff);
        EXPECT_EQ(cv::countNonZero(diff.reshape(1)), 0) << "channel " << c;
    }
}

INSTANTIATE_TEST_SUITE_P(Colormap, Montages,
                         testing::Values(MontageCase{1, 28, 28, 256, 1, 1, 10},
                                         MontageCase{2, 7, 5, 256, 1, 2, 37},
                                         MontageCase{3, 4, 4, 8, 2, 2, 2},
                                         MontageCase{5, 300, 200, 256, 2, 3, 1},
                                         MontageCase{10, 2, 3, 1, 3, 4, 1}));

class PngMaps : public testing::Test {
protected:
    void SetUp() override
    {
        dir_ = fs::temp_directory_path() / ("poolscope-maps-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
};

TEST_F(PngMaps, FolderGetsChannelsAndMontage)
{
    Tensor t(3, 4, 6);
    t.at(1, 2, 3) = -2.f;
    t.at(2, 0, 0) = 1.f;
    const fs::path out = dir_ / "maps 输出";
    write_png_maps(out.string(), t);
    for (const char* name : {"channel_00.png", "channel_01.png", "channel_02.png"}) {
        const cv::Mat img = cv::imread((out / name).string(), cv::IMREAD_UNCHANGED);
        ASSERT_EQ(img.rows, 4) << name;
        ASSERT_EQ(img.cols, 6) << name;
        EXPECT_EQ(img.type(), CV_8UC3) << name;
    }
    // Channel 1 with the shared diverging range: -2 is the deepest blue (BGR on disk).
    const cv::Mat c1 = cv::imread((out / "channel_01.png").string());
    const cv::Vec3b blue = colormap_color(ColorMap::Diverging, 0);
    EXPECT_EQ(c1.at<cv::Vec3b>(2, 3), cv::Vec3b(blue[2], blue[1], blue[0]));
    EXPECT_EQ(c1.at<cv::Vec3b>(0, 0), cv::Vec3b(255, 255, 255));
    const cv::Mat m = cv::imread((out / "montage.png").string());
    EXPECT_EQ(m.size(), montage(t).size());
    EXPECT_EQ(std::distance(fs::directory_iterator(out), fs::directory_iterator{}), 4);
}

TEST_F(PngMaps, PngPathGetsTheMontageAndErrorsAreInputErrors)
{
    const Tensor t(2, 3, 3);
    const fs::path file = dir_ / "m.PNG";
    write_png_maps(file.string(), t);
    EXPECT_EQ(cv::imread(file.string()).size(), montage(t).size());
    EXPECT_THROW(write_png_maps((dir_ / "missing" / "m.png").string(), t), InputError);
    EXPECT_THROW(write_png_maps((dir_ / "e.png").string(), Tensor()), InputError);
}

TEST_F(PngMaps, WriterChannelByChannelWritesTheSameFiles)
{
    Tensor t(3, 5, 4);
    for (std::size_t i = 0; i < t.size(); ++i)
        t.data()[i] = float(i % 7) - 2.5f;
    write_png_maps((dir_ / "whole").string(), t);
    PngMapsWriter w((dir_ / "parts").string(), 3, 5, 4, value_range(t));
    for (int c = 0; c < 3; ++c)
        w.add(c, t.plane(c).clone());
    w.finish();
    for (const char* name : {"channel_00.png", "channel_01.png", "channel_02.png", "montage.png"}) {
        const cv::Mat a = cv::imread((dir_ / "whole" / name).string()),
                      b = cv::imread((dir_ / "parts" / name).string());
        ASSERT_FALSE(a.empty()) << name;
        ASSERT_EQ(a.size(), b.size()) << name;
        cv::Mat diff;
        cv::absdiff(a, b, diff);
        EXPECT_EQ(cv::countNonZero(diff.reshape(1)), 0) << name;
    }
}

} // namespace
} // namespace poolscope
