// Adaptive, global and fractional max pooling against the naive reference: every
// output size from 1 to a few past the input (adaptive bins then overlap and repeat),
// every valid fractional output size, seeded and given samples, and output ratios.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/pool/pool_ops.h"
#include "core/tensor/errors.h"
#include "tests/core/parity/parity_support.h"
#include "tests/reference/naive_pool.h"

namespace poolscope::testing {
namespace {

// Input sizes: 1x1, one row, square, tall, wide, and larger than any output tried.
const std::vector<std::pair<int, int>> kAdaptiveInputs = {{1, 1},  {1, 7},  {5, 5},  {7, 3},
                                                          {9, 11}, {13, 4}, {16, 16}};

struct AdaptiveParam {
    PoolOp op;
    Data data;
};

void PrintTo(const AdaptiveParam& p, std::ostream* os)
{
    *os << pool_op_name(p.op) << " " << data_name(p.data);
}

class AdaptiveGrid : public ::testing::TestWithParam<AdaptiveParam> {};

TEST_P(AdaptiveGrid, EveryOutputSizeMatchesReference)
{
    const auto [op, kind] = GetParam();
    const bool is_max = op == PoolOp::AdaptiveMax;
    for (const auto& [H, W] : kAdaptiveInputs) {
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
        EXPECT_EQ(tally.valid, (H + 3) * (W + 3) + 1) << "input " << H << "x" << W;
        if (tally.enough_failures())
            return;
    }
}

INSTANTIATE_TEST_SUITE_P(Pool, AdaptiveGrid,
                         ::testing::Values(AdaptiveParam{PoolOp::AdaptiveMax, Data::Special},
                                           AdaptiveParam{PoolOp::AdaptiveMax, Data::Smooth},
                                           AdaptiveParam{PoolOp::AdaptiveAvg, Data::Smooth},
                                           AdaptiveParam{PoolOp::AdaptiveAvg, Data::Special}),
                         [](const ::testing::TestParamInfo<AdaptiveParam>& info) {
                             std::string name(pool_op_name(info.param.op));
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name + "_" + data_name(info.param.data);
                         });

class FractionalGrid : public ::testing::TestWithParam<Size2> {};

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
    const Size2 k = GetParam();
    for (auto [H, W] : {std::pair{k.h, k.w}, {5, 7}, {9, 11}, {16, 13}}) {
        if (H < k.h || W < k.w)
            continue;
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
        if (tally.enough_failures())
            return;
        // Output sizes one past the largest are refused; the others are computed.
        EXPECT_GT(tally.rejected, 0) << "input " << H << "x" << W;
        EXPECT_GE(tally.valid, 3 * (H - k.h + 1) * (W - k.w + 1)) << "input " << H << "x" << W;
    }
}

INSTANTIATE_TEST_SUITE_P(Pool, FractionalGrid,
                         ::testing::Values(Size2{1, 1}, Size2{2, 2}, Size2{3, 3}, Size2{2, 3}, Size2{4, 1}),
                         [](const ::testing::TestParamInfo<Size2>& info) {
                             return "k" + std::to_string(info.param.h) + "x" + std::to_string(info.param.w);
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
