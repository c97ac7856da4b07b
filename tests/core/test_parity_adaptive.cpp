// Adaptive, global and fractional max pooling against the naive reference: every
// output size from 1 to a few past the input (adaptive bins then overlap and repeat),
// every valid fractional output size, seeded and given samples, and output ratios.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/errors.h"
#include "core/pool_ops.h"
#include "tests/core/parity_support.h"
#include "tests/reference/naive_pool.h"

namespace poolscope::testing {
namespace {

struct AdaptiveParam {
    PoolOp op;
    Data data;
    int height, width;
};

void PrintTo(const AdaptiveParam& p, std::ostream* os)
{
    *os << pool_op_name(p.op) << " " << data_name(p.data) << " " << p.height << "x" << p.width;
}

std::vector<AdaptiveParam> adaptive_params()
{
    std::vector<AdaptiveParam> out;
    for (auto [h, w] : {std::pair{1, 1}, {1, 7}, {5, 5}, {7, 3}, {9, 11}, {13, 4}, {16, 16}}) {
        out.push_back({PoolOp::AdaptiveMax, Data::Special, h, w});
        out.push_back({PoolOp::AdaptiveMax, Data::Smooth, h, w});
        out.push_back({PoolOp::AdaptiveAvg, Data::Smooth, h, w});
        out.push_back({PoolOp::AdaptiveAvg, Data::Special, h, w});
    }
    return out;
}

class AdaptiveGrid : public ::testing::TestWithParam<AdaptiveParam> {};

TEST_P(AdaptiveGrid, EveryOutputSizeMatchesReference)
{
    const auto [op, kind, H, W] = GetParam();
    const bool is_max = op == PoolOp::AdaptiveMax;
    const Tensor in = make_input(3, H, W, kind, mix(H, W, std::uint64_t(op)));
    Tally tally;
    for (int oh = 0; oh <= H + 3 && !tally.enough_failures(); ++oh) {
        for (int ow = 0; ow <= W + 3 && !tally.enough_failures(); ++ow) {
            PoolSpec spec;
            spec.op = op;
            spec.output_size = Size2{oh, ow};
            check_against_reference(in, spec, kind, kExact, tally);
        }
    }
    // Global pooling is adaptive pooling to 1x1.
    PoolSpec global;
    global.op = is_max ? PoolOp::GlobalMax : PoolOp::GlobalAvg;
    check_against_reference(in, global, kind, kExact, tally);
    EXPECT_EQ(tally.valid, (H + 3) * (W + 3) + 1);
}

INSTANTIATE_TEST_SUITE_P(Pool, AdaptiveGrid, ::testing::ValuesIn(adaptive_params()),
                         [](const ::testing::TestParamInfo<AdaptiveParam>& info) {
                             std::string name(pool_op_name(info.param.op));
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name + "_" + data_name(info.param.data) + "_" +
                                    std::to_string(info.param.height) + "x" +
                                    std::to_string(info.param.width);
                         });

TEST(AdaptiveGrid, NeedsAnOutputSize)
{
    const Tensor in = make_input(1, 4, 4, Data::Smooth, 1);
    for (PoolOp op : {PoolOp::AdaptiveMax, PoolOp::AdaptiveAvg}) {
        PoolSpec spec;
        spec.op = op;
        EXPECT_THROW(reference::pool(in, spec), ParamError);
        EXPECT_THROW(pool(in, spec), ParamError) << pool_op_name(op);
    }
}

struct FractionalParam {
    Size2 kernel;
    int height, width;
};

void PrintTo(const FractionalParam& p, std::ostream* os)
{
    *os << "kernel " << p.kernel.h << "x" << p.kernel.w << " on " << p.height << "x" << p.width;
}

std::vector<FractionalParam> fractional_params()
{
    std::vector<FractionalParam> out;
    for (Size2 k : {Size2{1, 1}, Size2{2, 2}, Size2{3, 3}, Size2{2, 3}, Size2{4, 1}})
        for (auto [h, w] : {std::pair{k.h, k.w}, {5, 7}, {9, 11}, {16, 13}})
            if (h >= k.h && w >= k.w)
                out.push_back({k, h, w});
    return out;
}

class FractionalGrid : public ::testing::TestWithParam<FractionalParam> {};

// Samples that matter: the ends of [0, 1), a half, and values where float32 and
// float64 interval arithmetic pick different starts (PyTorch uses float32).
const std::vector<std::array<double, 2>> kEdgeSamples = {
    {0.0, 0.0},
    {0.5, 0.5},
    {0.99999994039535522, 0.99999994039535522},
    {0.55555552244186401, 0.28571429848670959},
    {0.66666662693023682, 0.14285714924335480},
    {0.33333316445350647, 0.49999994039535522},
};

TEST_P(FractionalGrid, EveryOutputSizeMatchesReference)
{
    const auto [k, H, W] = GetParam();
    const Tensor in = make_input(2, H, W, Data::Special, mix(H, W, k.h, k.w));
    Tally tally;
    auto run = [&](const PoolSpec& spec) {
        if (!tally.enough_failures())
            check_against_reference(in, spec, Data::Special, kExact, tally);
    };
    for (int oh = 1; oh <= H - k.h + 2; ++oh) {
        for (int ow = 1; ow <= W - k.w + 2; ++ow) {
            PoolSpec spec;
            spec.op = PoolOp::FractionalMax;
            spec.kernel = k;
            spec.output_size = Size2{oh, ow};
            spec.seed = mix(oh, ow, 7);
            run(spec); // samples drawn from the seed
            for (std::size_t i = 0; i + 1 < kEdgeSamples.size(); i += 2) {
                spec.fractional_samples = {kEdgeSamples[i], kEdgeSamples[i + 1]};
                run(spec);
            }
        }
    }
    for (auto ratio : {std::array{0.5, 0.5}, {0.7, 0.3}, {0.9, 0.99}, {0.1, 0.1}, {0.34, 0.67}}) {
        PoolSpec spec;
        spec.op = PoolOp::FractionalMax;
        spec.kernel = k;
        spec.output_ratio = ratio;
        spec.seed = 99;
        run(spec);
    }
    // Output sizes one past the largest are refused; the others are computed.
    EXPECT_GT(tally.rejected, 0);
    EXPECT_GE(tally.valid, 3 * (H - k.h + 1) * (W - k.w + 1));
}

INSTANTIATE_TEST_SUITE_P(Pool, FractionalGrid, ::testing::ValuesIn(fractional_params()),
                         [](const ::testing::TestParamInfo<FractionalParam>& info) {
                             return "k" + std::to_string(info.param.kernel.h) + "x" +
                                    std::to_string(info.param.kernel.w) + "_in" +
                                    std::to_string(info.param.height) + "x" +
                                    std::to_string(info.param.width);
                         });

// The interval formula itself, with float32 arithmetic as PyTorch's float kernel.
struct StartCase {
    int in, out, kernel;
    float u;
    std::vector<int> starts;
};

class FractionalStarts : public ::testing::TestWithParam<StartCase> {};

TEST_P(FractionalStarts, MatchPyTorch)
{
    const StartCase& c = GetParam();
    std::vector<int> ref, core;
    for (int i = 0; i < c.out; ++i) {
        ref.push_back(reference::fractional_start(i, c.in, c.out, c.kernel, c.u));
        core.push_back(fractional_start(i, c.in, c.out, c.kernel, c.u));
    }
    EXPECT_EQ(ref, c.starts);
    EXPECT_EQ(core, c.starts);
}

// Expected starts read from PyTorch 1.13's indices for an increasing input. The first
// five sit where float32 and float64 arithmetic disagree; the last two are ordinary.
INSTANTIATE_TEST_SUITE_P(Pool, FractionalStarts,
                         ::testing::Values(StartCase{9, 3, 2, 0.99999994f, {0, 4, 7}},
                                           StartCase{11, 3, 2, 0.555555522f, {0, 5, 9}},
                                           StartCase{11, 3, 2, 0.99999994f, {0, 5, 9}},
                                           StartCase{9, 4, 2, 0.285714298f, {0, 2, 5, 7}},
                                           StartCase{11, 4, 2, 0.666666627f, {0, 4, 6, 9}},
                                           StartCase{10, 4, 3, 0.25f, {0, 2, 5, 7}},
                                           StartCase{7, 1, 3, 0.5f, {4}}));

} // namespace
} // namespace poolscope::testing
