// Colour maps: ranges, the maps themselves, NaN, montage layout, PNG export.
#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <unistd.h>

#include "core/colormap.h"
#include "core/errors.h"

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

} // namespace
} // namespace poolscope
