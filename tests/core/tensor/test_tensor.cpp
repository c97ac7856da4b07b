// Tensor: layout, zero fill, shared planes, deep copies, building from planes.
#include <string>

#include <gtest/gtest.h>

#include "core/tensor/errors.h"
#include "core/tensor/tensor.h"

namespace poolscope {
namespace {

struct Shape {
    int c, h, w;
};

class TensorShapes : public testing::TestWithParam<Shape> {};

TEST_P(TensorShapes, IsZeroFilledAndLaidOutChannelByChannel)
{
    const auto [c, h, w] = GetParam();
    Tensor t(c, h, w);
    EXPECT_EQ(t.channels(), c);
    EXPECT_EQ(t.height(), h);
    EXPECT_EQ(t.width(), w);
    EXPECT_EQ(t.size(), std::size_t(c) * h * w);
    EXPECT_FALSE(t.empty());
    ASSERT_EQ(t.storage().rows, c * h);
    ASSERT_EQ(t.storage().cols, w);
    EXPECT_EQ(t.storage().type(), CV_32F);
    EXPECT_TRUE(t.storage().isContinuous());
    EXPECT_EQ(cv::countNonZero(t.storage()), 0);
    // at(c, y, x) is element (c*H + y)*W + x of one buffer.
    t.at(c - 1, h - 1, w - 1) = 7.f;
    EXPECT_EQ(t.data()[t.size() - 1], 7.f);
    EXPECT_EQ(t.row(c - 1, h - 1), t.data() + t.size() - w);
}

TEST_P(TensorShapes, PlanesShareMemoryAndClonesDoNot)
{
    const auto [c, h, w] = GetParam();
    Tensor t(c, h, w);
    cv::Mat last = t.plane(c - 1);
    ASSERT_EQ(last.rows, h);
    ASSERT_EQ(last.cols, w);
    last.at<float>(h / 2, w / 2) = 3.f;
    EXPECT_EQ(t.at(c - 1, h / 2, w / 2), 3.f);
    const Tensor copy = t.clone();
    t.at(c - 1, h / 2, w / 2) = 4.f;
    EXPECT_EQ(copy.at(c - 1, h / 2, w / 2), 3.f);
    EXPECT_EQ(copy.channels(), c);
    EXPECT_EQ(copy.height(), h);
    EXPECT_EQ(copy.width(), w);
}

// The large shapes are zeroed by several threads; the largest ones live in
// 2 MiB-aligned buffers (huge pages).
INSTANTIATE_TEST_SUITE_P(Sizes, TensorShapes,
                         testing::Values(Shape{1, 1, 1}, Shape{3, 4, 5}, Shape{8, 1, 33}, Shape{2, 1024, 700},
                                         Shape{5, 1000, 301}, Shape{3, 1000, 1000}));

TEST(Tensor, DefaultIsEmpty)
{
    const Tensor t;
    EXPECT_TRUE(t.empty());
    EXPECT_EQ(t.size(), 0u);
    EXPECT_TRUE(Tensor(2, 0, 3).empty());
}

TEST(Tensor, RejectsNegativeSizesAndMissingChannels)
{
    EXPECT_THROW(Tensor(-1, 2, 2), ParamError);
    EXPECT_THROW(Tensor(1, 2, -2), ParamError);
    EXPECT_THROW(Tensor(70000, 70000, 1), ParamError); // C*H rows overflow int
    const Tensor t(2, 2, 2);
    EXPECT_THROW(t.plane(2), ParamError);
    EXPECT_THROW(t.plane(-1), ParamError);
}

struct PlaneType {
    int type;
    double value; // stored in the plane, read back as float unchanged
};

class FromPlanes : public testing::TestWithParam<PlaneType> {};

TEST_P(FromPlanes, ConvertsEachPlaneToFloatWithoutScaling)
{
    const auto [type, value] = GetParam();
    std::vector<cv::Mat> planes{cv::Mat(3, 4, type, cv::Scalar(value)), cv::Mat(3, 4, type, cv::Scalar(0))};
    const Tensor t = Tensor::fromPlanes(planes);
    ASSERT_EQ(t.channels(), 2);
    ASSERT_EQ(t.height(), 3);
    ASSERT_EQ(t.width(), 4);
    for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 4; ++x) {
            EXPECT_EQ(t.at(0, y, x), float(value));
            EXPECT_EQ(t.at(1, y, x), 0.f);
        }
}

INSTANTIATE_TEST_SUITE_P(Types, FromPlanes,
                         testing::Values(PlaneType{CV_8U, 200}, PlaneType{CV_16U, 60000},
                                         PlaneType{CV_32F, -1.25}, PlaneType{CV_64F, 0.1},
                                         PlaneType{CV_32S, -70000}));

TEST(FromPlanes, CopiesNonContinuousViews)
{
    cv::Mat big(10, 10, CV_32F);
    for (int i = 0; i < 100; ++i)
        big.at<float>(i) = float(i);
    const Tensor t = Tensor::fromPlanes({big(cv::Rect(2, 3, 4, 5))});
    EXPECT_EQ(t.at(0, 0, 0), 32.f);
    EXPECT_EQ(t.at(0, 4, 3), 75.f);
}

TEST(FromPlanes, RefusesMismatchedOrMultiChannelPlanes)
{
    try {
        Tensor::fromPlanes({cv::Mat::zeros(3, 4, CV_32F), cv::Mat::zeros(4, 3, CV_32F)});
        ADD_FAILURE() << "accepted";
    } catch (const ParamError& e) {
        EXPECT_NE(std::string(e.what()).find("4 x 3"), std::string::npos) << e.what();
    }
    EXPECT_THROW(Tensor::fromPlanes({cv::Mat::zeros(3, 4, CV_32FC3)}), ParamError);
    EXPECT_TRUE(Tensor::fromPlanes({}).empty());
}

} // namespace
} // namespace poolscope
