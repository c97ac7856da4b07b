// pool_coverage against its definition: for every output cell, trace its window and
// count the inside taps it reads; then the never-read cells, the maximum and the
// histogram from those counts.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/pool/window_trace.h"
#include "core/shape/coverage.h"
#include "core/tensor/errors.h"

namespace poolscope::testing {
namespace {

struct Case {
    std::string name;
    PoolSpec spec;
    int h = 7, w = 10, channel = 0;
};

std::vector<std::int64_t> direct_counts(const PoolSpec& spec, int h, int w, int channel)
{
    const Tensor x(channel + 1, h, w);
    const PoolGeometry g = resolve_geometry(spec, h, w);
    std::vector<std::int64_t> n(std::size_t(h) * w, 0);
    for (int oy = 0; oy < g.out.h; ++oy)
        for (int ox = 0; ox < g.out.w; ++ox) {
            std::map<std::pair<int, int>, bool> seen; // a tap read twice by one window counts once
            for (const Tap& t : trace(x, spec, channel, oy, ox).taps)
                if (t.inside && !seen[{t.y, t.x}]) {
                    seen[{t.y, t.x}] = true;
                    ++n[std::size_t(t.y) * w + t.x];
                }
        }
    return n;
}

std::vector<Case> grid()
{
    std::vector<Case> v;
    for (PoolOp op : {PoolOp::Max, PoolOp::Avg})
        for (int k : {1, 2, 3})
            for (int s : {1, 2, 4})
                for (int p : {0, 1})
                    for (int d : {1, 2})
                        for (bool ceil : {false, true}) {
                            PoolSpec spec;
                            spec.op = op;
                            spec.kernel = {k, k + 1 > 3 ? 3 : k + 1};
                            spec.stride = Size2{s, s == 4 ? 3 : s};
                            spec.padding = {p, p};
                            spec.dilation = {d, d};
                            spec.ceil_mode = ceil;
                            try {
                                resolve_geometry(spec, 7, 10);
                            } catch (const ParamError&) {
                                continue; // padding over half the kernel, dilated avg, ...
                            }
                            v.push_back({std::string(pool_op_name(op)) + "_k" + std::to_string(k) + "_s" +
                                             std::to_string(s) + "_p" + std::to_string(p) + "_d" +
                                             std::to_string(d) + (ceil ? "_ceil" : ""),
                                         spec});
                        }
    PoolSpec adaptive;
    adaptive.op = PoolOp::AdaptiveAvg;
    adaptive.output_size = Size2{3, 4};
    v.push_back({"adaptive_avg_3x4", adaptive});
    adaptive.output_size = Size2{5, 8};
    adaptive.op = PoolOp::AdaptiveMax;
    v.push_back({"adaptive_max_5x8", adaptive});
    PoolSpec global;
    global.op = PoolOp::GlobalMax;
    v.push_back({"global_max", global});
    PoolSpec fractional;
    fractional.op = PoolOp::FractionalMax;
    fractional.kernel = {2, 2};
    fractional.output_size = Size2{4, 6};
    fractional.seed = 11;
    v.push_back({"fractional_k2_out4x6_channel1", fractional, 7, 10, 1});
    PoolSpec blur;
    blur.op = PoolOp::BlurPool;
    blur.kernel = {2, 2};
    blur.stride = Size2{2, 2};
    v.push_back({"blurpool_k2_s2", blur});
    PoolSpec lp;
    lp.op = PoolOp::Lp;
    lp.kernel = {3, 3};
    lp.stride = Size2{2, 2};
    lp.ceil_mode = true;
    v.push_back({"lp_k3_s2_ceil", lp});
    return v;
}

class CoverageGrid : public ::testing::TestWithParam<Case> {};

TEST_P(CoverageGrid, CountsEveryWindowsInsideTaps)
{
    const Case& c = GetParam();
    const Coverage cov = pool_coverage(c.spec, c.h, c.w, c.channel);
    const std::vector<std::int64_t> want = direct_counts(c.spec, c.h, c.w, c.channel);
    ASSERT_EQ(cov.counts, want);
    std::int64_t max = 0;
    long long zeros = 0;
    for (std::int64_t n : want) {
        max = std::max(max, n);
        zeros += n == 0;
    }
    EXPECT_EQ(cov.max_count, max);
    EXPECT_EQ(cov.never_read, zeros);
    ASSERT_EQ(cov.histogram.size(), std::size_t(max) + 1);
    for (std::int64_t k = 0; k <= max; ++k)
        EXPECT_EQ(cov.histogram[std::size_t(k)], std::count(want.begin(), want.end(), k)) << "count " << k;
}

INSTANTIATE_TEST_SUITE_P(Specs, CoverageGrid, ::testing::ValuesIn(grid()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

// The lesson's two ways of leaving cells unread, stated with their numbers.
TEST(Coverage, StridePastTheKernelAndTheFloorRuleLeaveCellsUnread)
{
    PoolSpec gaps;
    gaps.kernel = {2, 2};
    gaps.stride = Size2{3, 3};
    // 9 wide: windows at 0-1, 3-4, 6-7; columns 2, 5, 8 unread; the same for rows.
    const Coverage a = pool_coverage(gaps, 9, 9);
    EXPECT_EQ(a.never_read, 81 - 6 * 6);
    EXPECT_EQ(a.max_count, 1);
    PoolSpec floor_rule;
    floor_rule.kernel = {2, 2};
    // 5 x 5 at kernel 2 stride 2: the last row and column are dropped.
    const Coverage b = pool_coverage(floor_rule, 5, 5);
    EXPECT_EQ(b.never_read, 25 - 16);
    EXPECT_EQ(b.at(4, 0), 0);
    EXPECT_EQ(b.at(3, 3), 1);
}

} // namespace
} // namespace poolscope::testing
