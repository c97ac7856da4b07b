// Value ranges: NaN and infinities ignored, the fast scan against the definition,
// the sign of zero extremes.
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "core/color/colormap.h"
#include "core/color/value_range.h"

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
    ValueRange, Ranges,
    testing::Values(RangeCase{"Positive", row({0.5f, 2.f, 1.f}), 0.5f, 2.f, ColorMap::Viridis},
                    RangeCase{"BothSigns", row({-0.5f, 2.f}), -0.5f, 2.f, ColorMap::Diverging},
                    RangeCase{"NegativeOnly", row({-3.f, -1.f}), -3.f, -1.f, ColorMap::Viridis},
                    RangeCase{"WithNaNAndInf", row({k_nan, 1.f, k_inf, -k_inf, 3.f}), 1.f, 3.f,
                              ColorMap::Viridis},
                    RangeCase{"AllNaN", row({k_nan, k_nan}), 0.f, 0.f, ColorMap::Viridis},
                    RangeCase{"Empty", cv::Mat(), 0.f, 0.f, ColorMap::Viridis}),
    [](const testing::TestParamInfo<RangeCase>& i) { return i.param.name; });

TEST(ValueRange, TensorRangeCoversEveryChannel)
{
    Tensor t(3, 2, 2);
    t.at(0, 0, 0) = -1.f;
    t.at(2, 1, 1) = 5.f;
    const ValueRange r = value_range(t);
    EXPECT_EQ(r.lo, -1.f);
    EXPECT_EQ(r.hi, 5.f);
    EXPECT_EQ(value_range(Tensor()).hi, 0.f);
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

TEST(ValueRange, FastRangeEqualsTheDefinition)
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

TEST(ValueRange, ZeroExtremesKeepTheSignOfTheFirstZero)
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

} // namespace
} // namespace poolscope
