// `backward`: the input's gradient written as .npy, the same as pool_backward's, with
// ones as the default grad_output and a wrong-shaped one refused naming both shapes.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/grad/pool_backward.h"
#include "core/io/npy_io.h"
#include "core/shape/pool_shape.h"
#include "tests/cli/cli_fixtures.h"
#include "tests/support/square_pool.h"

namespace poolscope::cli_test {
namespace {

struct BackwardCase {
    std::string name;
    std::vector<std::string> flags;
    PoolSpec spec;
};

class CliBackward : public ::testing::TestWithParam<BackwardCase> {};

TEST_P(CliBackward, WritesTheCoresGradientForOnes)
{
    const TempDir d;
    std::vector<std::string> args = {"backward", "--input", inputs().file("chw.npy"), "--output",
                                     d.file("g.npy")};
    args.insert(args.end(), GetParam().flags.begin(), GetParam().flags.end());
    const CliRun r = run_cli(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const NpyArray got = read_npy(d.file("g.npy"));
    const Tensor x = read_npy(inputs().file("chw.npy")).tensor;
    const PoolGeometry g = resolve_geometry(GetParam().spec, x.height(), x.width());
    Tensor ones(x.channels(), g.out.h, g.out.w);
    std::fill_n(ones.data(), ones.size(), 1.f);
    const Tensor want = pool_backward(x, GetParam().spec, ones);
    EXPECT_EQ(got.shape, (std::vector<long long>{3, 8, 8}));
    ASSERT_EQ(got.tensor.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i)
        ASSERT_EQ(got.tensor.data()[i], want.data()[i]) << "value " << i;
}

INSTANTIATE_TEST_SUITE_P(
    Ops, CliBackward,
    ::testing::Values(BackwardCase{"max_k3_s2_p1",
                                   {"--op", "max", "--kernel-size", "3", "--stride", "2", "--padding", "1"},
                                   test::square_pool(PoolOp::Max, 3, 2, 1)},
                      BackwardCase{"avg_k3_s1",
                                   {"--op", "avg", "--kernel-size", "3", "--stride", "1"},
                                   test::square_pool(PoolOp::Avg, 3, 1, 0)}),
    [](const ::testing::TestParamInfo<BackwardCase>& info) { return info.param.name; });

TEST(CliBackwardGrad, UsesTheGivenGradientOutput)
{
    const TempDir d;
    // pooled.npy is chw.npy max-pooled 2x2: (3,4,4), the output's shape.
    const CliRun r =
        run_cli({"backward", "--input", inputs().file("chw.npy"), "--op", "max", "--kernel-size", "2",
                 "--grad-output", inputs().file("pooled.npy"), "--output", d.file("g.npy")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Tensor x = read_npy(inputs().file("chw.npy")).tensor;
    const Tensor gout = read_npy(inputs().file("pooled.npy")).tensor;
    const Tensor want = pool_backward(x, test::square_pool(PoolOp::Max, 2, 2, 0), gout);
    const Tensor got = read_npy(d.file("g.npy")).tensor;
    for (std::size_t i = 0; i < want.size(); ++i)
        ASSERT_EQ(got.data()[i], want.data()[i]) << "value " << i;
}

TEST(CliBackwardGrad, AGradientOfTheWrongShapeIsExitTwoNamingBothShapes)
{
    const TempDir d;
    const CliRun r =
        run_cli({"backward", "--input", inputs().file("chw.npy"), "--op", "max", "--kernel-size", "3",
                 "--grad-output", inputs().file("pooled.npy"), "--output", d.file("g.npy")});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("3x4x4"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("3x2x2"), std::string::npos) << r.err;
}

TEST(CliBackwardGrad, WithoutOutputIsExitTwo)
{
    EXPECT_EQ(run_cli({"backward", "--op", "max"}).exit_code, 2);
}

} // namespace
} // namespace poolscope::cli_test
