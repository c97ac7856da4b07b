// first_informative_step(): the first window, in raster order, whose in-image
// values are not all equal, for sliding, dilated, padded, adaptive and global
// windows, per channel, with NaN.
#include <cmath>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "core/pool/first_step.h"
#include "core/shape/pool_shape.h"

namespace poolscope {
namespace {

struct FirstStepCase {
    std::string name;
    PoolOp op;
    int kernel, stride, padding, dilation, outputSize; // outputSize for adaptive ops
    int size;                                          // square input
    int channels, channel;
    int y, x; // the one cell that differs (-1: none)
    float value;
    int expected;
};

PoolSpec specOf(const FirstStepCase& c)
{
    PoolSpec s;
    s.op = c.op;
    s.kernel = square(c.kernel);
    s.stride = square(c.stride);
    s.padding = square(c.padding);
    s.dilation = square(c.dilation);
    s.output_size = square(c.outputSize);
    return s;
}

class FirstInformativeStep : public testing::TestWithParam<FirstStepCase> {};

TEST_P(FirstInformativeStep, FindsTheFirstWindowWithUnequalValues)
{
    const FirstStepCase& c = GetParam();
    Tensor input(c.channels, c.size, c.size);
    for (int ch = 0; ch < c.channels; ++ch)
        input.plane(ch).setTo(0.25f);
    if (c.y >= 0)
        input.plane(c.channel).at<float>(c.y, c.x) = c.value;
    const PoolSpec spec = specOf(c);
    const PoolGeometry g = resolve_geometry(spec, c.size, c.size);
    EXPECT_EQ(first_informative_step(input, c.channel, spec, g), c.expected);
}

const float kNaN = std::numeric_limits<float>::quiet_NaN();

INSTANTIATE_TEST_SUITE_P(
    Windows, FirstInformativeStep,
    testing::Values(
        // name, op, k, s, p, d, out, size, channels, channel, y, x, value, expected
        FirstStepCase{"max_2x2_stride_2", PoolOp::Max, 2, 2, 0, 1, 0, 8, 1, 0, 5, 6, 1.0f, 2 * 4 + 3},
        FirstStepCase{"constant_input_starts_at_0", PoolOp::Max, 2, 2, 0, 1, 0, 8, 1, 0, -1, -1, 0, 0},
        FirstStepCase{"avg_3x3_stride_1", PoolOp::Avg, 3, 1, 0, 1, 0, 8, 1, 0, 4, 4, 1.0f, 2 * 6 + 2},
        FirstStepCase{"padding_counts_only_cells_inside", PoolOp::Max, 3, 2, 1, 1, 0, 8, 1, 0, 7, 7, 1.0f,
                      3 * 4 + 3},
        FirstStepCase{"dilation_skips_the_gaps", PoolOp::Max, 2, 1, 0, 2, 0, 8, 1, 0, 3, 3, 1.0f, 1 * 6 + 1},
        FirstStepCase{"adaptive_bins", PoolOp::AdaptiveAvg, 2, 2, 0, 1, 3, 8, 1, 0, 4, 7, 1.0f, 1 * 3 + 2},
        FirstStepCase{"global_is_step_0", PoolOp::GlobalMax, 2, 2, 0, 1, 1, 8, 1, 0, 6, 6, 1.0f, 0},
        FirstStepCase{"nan_is_informative", PoolOp::Max, 2, 2, 0, 1, 0, 4, 1, 0, 2, 2, kNaN, 1 * 2 + 1},
        FirstStepCase{"the_channel_asked_for", PoolOp::Max, 2, 2, 0, 1, 0, 8, 3, 2, 1, 7, -1.0f, 3},
        FirstStepCase{"another_channel_is_not_read", PoolOp::Max, 2, 2, 0, 1, 0, 8, 3, 1, -1, -1, 0, 0}),
    [](const testing::TestParamInfo<FirstStepCase>& info) { return info.param.name; });

TEST(FirstInformativeStepLarge, ExitsEarlyOnALargeInput)
{
    // A 1080p plane whose first rows are empty: found without scanning the rest.
    Tensor input(1, 1080, 1920);
    input.plane(0).setTo(0.0f);
    input.plane(0).at<float>(10, 1001) = 0.5f;
    PoolSpec spec;
    spec.op = PoolOp::Max;
    spec.kernel = square(2);
    spec.stride = square(2);
    const PoolGeometry g = resolve_geometry(spec, 1080, 1920);
    EXPECT_EQ(first_informative_step(input, 0, spec, g), 5 * 960 + 500);
}

} // namespace
} // namespace poolscope
