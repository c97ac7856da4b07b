// PNG maps: a folder of channels and the montage, one montage PNG, errors, and the
// writer fed channel by channel.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <unistd.h>

#include "core/color/colormap.h"
#include "core/color/montage.h"
#include "core/color/value_range.h"
#include "core/io/png_maps.h"
#include "core/tensor/errors.h"

namespace poolscope {
namespace {

namespace fs = std::filesystem;

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
