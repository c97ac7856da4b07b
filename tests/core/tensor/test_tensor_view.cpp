// Read-only views: they read what the tensor holds, share its buffer, and hand
// out nothing writable (checked at compile time).
#include <type_traits>
#include <utility>

#include <gtest/gtest.h>

#include "core/tensor/errors.h"
#include "core/tensor/tensor.h"
#include "core/tensor/tensor_view.h"

namespace poolscope {
namespace {

// What the views give out is const: writing through it does not compile.
static_assert(std::is_same_v<decltype(std::declval<ConstTensorView&>().data()), const float*>);
static_assert(std::is_same_v<decltype(std::declval<ConstTensorView&>().row(0, 0)), const float*>);
static_assert(std::is_same_v<decltype(std::declval<ConstTensorView&>().at(0, 0, 0)), float>);
static_assert(std::is_same_v<decltype(std::declval<ConstPlaneView&>().row(0)), const float*>);
static_assert(std::is_same_v<decltype(std::declval<ConstPlaneView&>().at(0, 0)), float>);
static_assert(std::is_same_v<decltype(std::declval<ReadOnlyTensor&>().data()), const float*>);
static_assert(std::is_same_v<decltype(std::declval<ReadOnlyTensor&>().row(0, 0)), const float*>);
static_assert(std::is_same_v<decltype(std::declval<ReadOnlyTensor&>().plane(0)), ConstPlaneView>);
static_assert(std::is_same_v<decltype(std::declval<ReadOnlyTensor&>().for_reading()), const Tensor&>);
// A read-only tensor never turns back into a writable one by conversion.
static_assert(!std::is_convertible_v<ReadOnlyTensor, Tensor>);
static_assert(!std::is_convertible_v<ConstTensorView, Tensor>);
static_assert(!std::is_convertible_v<ConstPlaneView, cv::Mat>);
static_assert(std::is_convertible_v<Tensor, ConstTensorView>);
static_assert(std::is_convertible_v<ReadOnlyTensor, ConstTensorView>);

Tensor numbered(int c, int h, int w)
{
    Tensor t = Tensor::uninitialized(c, h, w);
    for (std::size_t i = 0; i < t.size(); ++i)
        t.data()[i] = float(i) * 0.5f - 3.f;
    return t;
}

TEST(ConstTensorView, ReadsEveryCellOfTheTensor)
{
    const Tensor t = numbered(3, 5, 7);
    const ConstTensorView v = t;
    EXPECT_EQ(v.channels(), 3);
    EXPECT_EQ(v.height(), 5);
    EXPECT_EQ(v.width(), 7);
    EXPECT_EQ(v.size(), t.size());
    EXPECT_EQ(v.data(), t.data());
    for (int c = 0; c < 3; ++c) {
        const ConstPlaneView p = v.plane(c);
        EXPECT_EQ(p.rows(), 5);
        EXPECT_EQ(p.cols(), 7);
        for (int y = 0; y < 5; ++y) {
            EXPECT_EQ(v.row(c, y), t.row(c, y));
            EXPECT_EQ(p.row(y), t.row(c, y));
            for (int x = 0; x < 7; ++x) {
                EXPECT_EQ(v.at(c, y, x), t.at(c, y, x));
                EXPECT_EQ(p.at(y, x), t.at(c, y, x));
            }
        }
    }
}

TEST(ConstTensorView, EmptyAndMissingChannels)
{
    const ConstTensorView none;
    EXPECT_TRUE(none.empty());
    EXPECT_EQ(none.size(), 0u);
    EXPECT_TRUE(ConstTensorView(Tensor()).empty());
    EXPECT_TRUE(ConstPlaneView().empty());
    EXPECT_TRUE(ConstPlaneView().mat_for_reading().empty());
    const Tensor t = numbered(2, 3, 4);
    EXPECT_THROW(ConstTensorView(t).plane(2), ParamError);
    EXPECT_THROW(ConstTensorView(t).plane(-1), ParamError);
}

TEST(ReadOnlyTensor, SharesTheBufferAndKeepsItAlive)
{
    ReadOnlyTensor r;
    const float* data = nullptr;
    {
        Tensor t = numbered(2, 4, 6);
        data = t.data();
        r = std::move(t);
    }
    // The tensor it came from is gone: the buffer lives on in r.
    EXPECT_EQ(r.data(), data);
    EXPECT_EQ(r.channels(), 2);
    EXPECT_EQ(r.at(1, 3, 5), numbered(2, 4, 6).at(1, 3, 5));
    EXPECT_EQ(r.plane(1).row(2), r.row(1, 2));
    EXPECT_EQ(r.view().data(), data);
    EXPECT_EQ(r.for_reading().data(), data);
    const ReadOnlyTensor copy = r;
    EXPECT_EQ(copy.data(), data); // a copy shares, never duplicates
}

TEST(ConstPlaneView, TheOpenCvHeaderIsTheSameFloats)
{
    const Tensor t = numbered(2, 3, 5);
    const cv::Mat m = ConstTensorView(t).plane(1).mat_for_reading();
    EXPECT_EQ(m.type(), CV_32F);
    EXPECT_EQ(m.rows, 3);
    EXPECT_EQ(m.cols, 5);
    EXPECT_EQ(m.ptr<float>(0), t.row(1, 0));
    EXPECT_EQ(cv::norm(m, t.plane(1), cv::NORM_INF), 0.0);
}

} // namespace
} // namespace poolscope
