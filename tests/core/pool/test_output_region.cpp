// output_region(): the output cells a region of the pool input animates, against
// the definition (every window that reads a cell of the region, from
// window_cells(), bounded by one rectangle) over sliding, padded, dilated,
// ceil_mode, adaptive, global and fractional windows; and the region-restricted
// first informative step.
#include <algorithm>
#include <array>
#include <string>

#include <gtest/gtest.h>

#include "core/pool/first_step.h"
#include "core/pool/output_region.h"
#include "core/pool/window_trace.h"
#include "core/shape/pool_shape.h"

namespace poolscope {
namespace {

struct RegionCase {
    std::string name;
    PoolOp op;
    int kernel, stride, padding, dilation, outputSize;
    bool ceil;
    int h, w;
};

PoolSpec specOf(const RegionCase& c)
{
    PoolSpec s;
    s.op = c.op;
    s.kernel = square(c.kernel);
    s.stride = square(c.stride);
    s.padding = square(c.padding);
    s.dilation = square(c.dilation);
    if (c.outputSize > 0)
        s.output_size = square(c.outputSize);
    if (c.op == PoolOp::FractionalMax)
        s.output_ratio = std::array<double, 2>{0.6, 0.6};
    s.ceil_mode = c.ceil;
    return s;
}

// The definition: the bounding box of every output cell whose window reads the region.
CellRect byDefinition(const PoolSpec& spec, const PoolGeometry& g, CellRect region)
{
    int y0 = g.out.h, x0 = g.out.w, y1 = -1, x1 = -1;
    for (int oy = 0; oy < g.out.h; ++oy)
        for (int ox = 0; ox < g.out.w; ++ox)
            for (const cv::Point& p : window_cells(spec, g, oy, ox, 0))
                if (region.contains(p.y, p.x)) {
                    y0 = std::min(y0, oy), x0 = std::min(x0, ox);
                    y1 = std::max(y1, oy), x1 = std::max(x1, ox);
                    break;
                }
    return y1 < 0 ? CellRect{} : CellRect{y0, x0, y1 - y0 + 1, x1 - x0 + 1};
}

class OutputRegion : public testing::TestWithParam<RegionCase> {};

TEST_P(OutputRegion, IsTheBoundingBoxOfTheWindowsThatReadIt)
{
    const RegionCase& c = GetParam();
    const PoolSpec spec = specOf(c);
    const PoolGeometry g = resolve_geometry(spec, c.h, c.w);
    // Every region of up to 4 x 4 cells at every place, thin ones included.
    for (int rh = 1; rh <= 4; ++rh)
        for (int rw = 1; rw <= 4; rw += 3)
            for (int y = 0; y + rh <= c.h; ++y)
                for (int x = 0; x + rw <= c.w; ++x) {
                    const CellRect region{y, x, rh, rw};
                    ASSERT_EQ(output_region(spec, g, region, 0), byDefinition(spec, g, region))
                        << "region y " << y << " x " << x << " h " << rh << " w " << rw;
                }
}

INSTANTIATE_TEST_SUITE_P(
    Windows, OutputRegion,
    testing::Values(
        // name, op, k, s, p, d, out, ceil, h, w
        RegionCase{"max_2x2_stride_2", PoolOp::Max, 2, 2, 0, 1, 0, false, 9, 11},
        RegionCase{"stride_past_kernel_leaves_gaps", PoolOp::Max, 2, 3, 0, 1, 0, false, 10, 10},
        RegionCase{"padding", PoolOp::Avg, 3, 2, 1, 1, 0, false, 9, 8},
        RegionCase{"dilation_steps_over_thin_regions", PoolOp::Max, 2, 1, 0, 3, 0, false, 9, 9},
        RegionCase{"ceil_mode", PoolOp::Max, 3, 2, 0, 1, 0, true, 8, 10},
        RegionCase{"adaptive", PoolOp::AdaptiveMax, 2, 2, 0, 1, 3, false, 10, 7},
        RegionCase{"global", PoolOp::GlobalAvg, 2, 2, 0, 1, 1, false, 6, 6},
        RegionCase{"fractional", PoolOp::FractionalMax, 2, 2, 0, 1, 0, false, 10, 10},
        RegionCase{"blurpool", PoolOp::BlurPool, 2, 2, 0, 1, 0, false, 10, 9}),
    [](const testing::TestParamInfo<RegionCase>& info) { return info.param.name; });

TEST(OutputRegionEdges, ARegionNoWindowReadsIsEmpty)
{
    // 2x2 stride 3 on 7 cells: windows read 0-1 and 3-4; 2, 5 and 6 are never read.
    PoolSpec spec;
    spec.kernel = square(2);
    spec.stride = square(3);
    const PoolGeometry g = resolve_geometry(spec, 7, 7);
    EXPECT_TRUE(output_region(spec, g, {5, 5, 2, 2}, 0).empty());
    EXPECT_TRUE(output_region(spec, g, {0, 2, 7, 1}, 0).empty());
    EXPECT_EQ(output_region(spec, g, {0, 0, 7, 7}, 0), (CellRect{0, 0, 2, 2}));
}

TEST(OutputRegionEdges, IsClippedToTheInputFirst)
{
    PoolSpec spec;
    const PoolGeometry g = resolve_geometry(spec, 8, 8);
    EXPECT_EQ(output_region(spec, g, {-5, -5, 9, 9}, 0), (CellRect{0, 0, 2, 2}));
    EXPECT_TRUE(output_region(spec, g, {8, 0, 3, 3}, 0).empty());
    EXPECT_EQ(clip_region({-2, 3, 4, 10}, 8, 8), (CellRect{0, 3, 2, 5}));
}

TEST(FirstInformativeStepInRegion, CountsFromTheRegionsFirstCell)
{
    // Two bright cells: one outside the region, earlier in raster order, one inside.
    Tensor input(1, 16, 16);
    input.plane(0).setTo(0.0f);
    input.plane(0).at<float>(1, 1) = 1.0f;   // output (0, 0): outside
    input.plane(0).at<float>(10, 13) = 1.0f; // output (5, 6)
    PoolSpec spec;
    spec.kernel = square(2);
    spec.stride = square(2);
    const PoolGeometry g = resolve_geometry(spec, 16, 16);
    const CellRect outputs{4, 3, 3, 5}; // rows 4-6, columns 3-7
    EXPECT_EQ(first_informative_step(input, 0, spec, g, outputs), (5 - 4) * 5 + (6 - 3));
    EXPECT_EQ(first_informative_step(input, 0, spec, g), 0);
    EXPECT_EQ(first_informative_step(input, 0, spec, g, CellRect{6, 0, 2, 8}), 0); // nothing there
}

} // namespace
} // namespace poolscope
