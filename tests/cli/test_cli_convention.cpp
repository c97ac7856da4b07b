// --convention on pool, shape, trace, backward and coverage: each command gives the
// core's result under that convention.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/grad/pool_backward.h"
#include "core/io/npy_io.h"
#include "core/pool/pool_convention.h"
#include "core/shape/coverage.h"
#include "tests/cli/cli_fixtures.h"

namespace poolscope::cli_test {
namespace {

struct ConventionCase {
    std::string name; // the flag's value
    Convention convention;
    std::string op;
    int padding;
};

PoolSpec spec_of(const ConventionCase& c)
{
    PoolSpec s;
    s.op = c.op == "max" ? PoolOp::Max : PoolOp::Avg;
    s.kernel = {3, 3};
    s.stride = Size2{2, 2};
    s.padding = {c.padding, c.padding};
    return s;
}

std::vector<std::string> flags(const ConventionCase& c)
{
    return {"--op",         c.op,  "--kernel-size", "3",
            "--stride",     "2",   "--padding",     std::to_string(c.padding),
            "--convention", c.name};
}

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

class CliConvention : public ::testing::TestWithParam<ConventionCase> {};

TEST_P(CliConvention, PoolAndBackwardWriteTheCoresResults)
{
    const ConventionCase& c = GetParam();
    const TempDir d;
    const std::string in = inputs().file("chw_narrow.npy");
    const CliRun p = run_cli(with({"pool", "--input", in, "--output", d.file("y.npy")}, flags(c)));
    ASSERT_EQ(p.exit_code, 0) << p.err;
    const CliRun b = run_cli(with({"backward", "--input", in, "--output", d.file("g.npy")}, flags(c)));
    ASSERT_EQ(b.exit_code, 0) << b.err;
    const Tensor x = read_npy(in).tensor;
    const PoolResult want = pool_convention(x, spec_of(c), c.convention, {.indices = false});
    const Tensor got = read_npy(d.file("y.npy")).tensor;
    ASSERT_EQ(got.size(), want.output.size());
    for (std::size_t i = 0; i < got.size(); ++i)
        ASSERT_EQ(got.data()[i], want.output.data()[i]) << "value " << i;
    Tensor ones(x.channels(), want.output.height(), want.output.width());
    std::fill_n(ones.data(), ones.size(), 1.f);
    const Tensor grad = pool_backward(x, spec_of(c), c.convention, ones);
    const Tensor got_grad = read_npy(d.file("g.npy")).tensor;
    ASSERT_EQ(got_grad.size(), grad.size());
    for (std::size_t i = 0; i < grad.size(); ++i)
        ASSERT_EQ(got_grad.data()[i], grad.data()[i]) << "value " << i;
}

TEST_P(CliConvention, ShapeTraceAndCoverageSayTheSame)
{
    const ConventionCase& c = GetParam();
    const std::string in = inputs().file("chw_narrow.npy"); // (8, 20, 8)
    const ConventionGeometry g = convention_geometry(c.convention, spec_of(c), 20, 8);
    const CliRun s = run_cli(with({"shape", "--input-size", "20,8"}, flags(c)));
    ASSERT_EQ(s.exit_code, 0) << s.err;
    const nlohmann::json j = nlohmann::json::parse(s.out);
    EXPECT_EQ(j["output"]["h"], g.h.out);
    EXPECT_EQ(j["output"]["w"], g.w.out);
    EXPECT_EQ(j["padding_per_side"]["top"], g.h.pad_before);
    EXPECT_EQ(j["padding_per_side"]["bottom"], g.h.pad_after);
    EXPECT_EQ(j["padding_per_side"]["left"], g.w.pad_before);
    EXPECT_EQ(j["padding_per_side"]["right"], g.w.pad_after);
    EXPECT_EQ(j["rule_h"], g.h.rule);
    EXPECT_EQ(j["convention"], c.name);

    const CliRun t = run_cli(with({"trace", "--input", in, "--at", "1,2", "--channel", "3"}, flags(c)));
    ASSERT_EQ(t.exit_code, 0) << t.err;
    const Tensor x = read_npy(in).tensor;
    const float want = pool_convention(x, spec_of(c), c.convention, {.indices = false}).output.at(3, 1, 2);
    EXPECT_EQ(nlohmann::json::parse(t.out)["result"].get<float>(), want);

    const CliRun v = run_cli(with({"coverage", "--input-size", "20,8"}, flags(c)));
    ASSERT_EQ(v.exit_code, 0) << v.err;
    const Coverage cov = pool_coverage(spec_of(c), c.convention, 20, 8);
    EXPECT_EQ(nlohmann::json::parse(v.out)["cells_never_read"], cov.never_read);
    EXPECT_EQ(nlohmann::json::parse(v.out)["max_count"], cov.max_count);
}

INSTANTIATE_TEST_SUITE_P(Conventions, CliConvention,
                         ::testing::Values(ConventionCase{"tf-same", Convention::TfSame, "avg", 0},
                                           ConventionCase{"tf-valid", Convention::TfValid, "max", 0},
                                           ConventionCase{"caffe", Convention::Caffe, "avg", 1},
                                           ConventionCase{"onnx-same-lower", Convention::OnnxSameLower, "max",
                                                          0},
                                           ConventionCase{"pytorch", Convention::PyTorch, "max", 1}),
                         [](const ::testing::TestParamInfo<ConventionCase>& info) {
                             std::string n = info.param.name;
                             std::replace(n.begin(), n.end(), '-', '_');
                             return n;
                         });

TEST(CliConventionArgs, AnUnknownNameOrAnotherOpIsExitTwo)
{
    EXPECT_EQ(run_cli({"shape", "--input-size", "8", "--convention", "keras"}).exit_code, 2);
    const CliRun r = run_cli({"shape", "--input-size", "8", "--op", "lp", "--convention", "tf-same"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("max and avg"), std::string::npos) << r.err;
}

} // namespace
} // namespace poolscope::cli_test
